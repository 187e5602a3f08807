# Development: open API, short retention, small concurrency; everything can be destroyed.
environment             = "dev"
region                  = "us-east-1"
authorization           = "NONE"
log_level               = "Debug"
log_retention_days      = 7
job_retention_days      = 3
worker_max_concurrency  = 5
state_machine_log_level = "ALL"
protect_data            = false
