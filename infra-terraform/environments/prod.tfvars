# Production: SigV4-signed API calls (or set authorization = "JWT" with jwt_issuer and jwt_audience),
# data kept for a week, deletion protection on. Set kms_key_arn to encrypt with your own key and alarm_email
# to be told about dead letters and failed jobs.
environment             = "prod"
region                  = "us-east-1"
authorization           = "AWS_IAM"
log_level               = "Information"
log_retention_days      = 30
job_retention_days      = 7
worker_max_concurrency  = 50
state_machine_log_level = "ERROR"
protect_data            = true
# kms_key_arn = "arn:aws:kms:us-east-1:111122223333:key/..."
# alarm_email = "oncall@example.com"
# dns_server = "10.0.0.2"   # the mx provider's resolver; unset: the Lambda environment's own

function_settings = {
  worker = { memory_mb = 1769 }
}
