# Development: SigV4-signed API calls (as in prod), short retention, small concurrency; everything can be destroyed.
environment             = "dev"
region                  = "us-east-1"
authorization           = "AWS_IAM"
log_level               = "Debug"
log_retention_days      = 7
job_retention_days      = 3
worker_max_concurrency  = 5
state_machine_log_level = "ALL"
protect_data            = false
