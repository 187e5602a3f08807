output "api_url" {
  description = "Base URL of the HTTP API."
  value       = module.api.url
}

output "bucket" {
  description = "Bucket of uploads, batch parts and outputs."
  value       = module.bucket.name
}

output "table" {
  description = "DynamoDB control table."
  value       = module.table.name
}

output "queue_url" {
  description = "Main batch queue URL."
  value       = module.queue.main_url
}

output "dlq_url" {
  description = "Dead-letter queue URL."
  value       = module.queue.dlq_url
}

output "state_machine_arn" {
  description = "ARN of the poller state machine."
  value       = module.state_machine.arn
}

output "function_names" {
  description = "Lambda function names by role (api, split, worker, check-completion, aggregate)."
  value       = { for k, f in module.function : k => f.name }
}

output "alarm_topic_arn" {
  description = "SNS topic the alarms notify."
  value       = aws_sns_topic.alarms.arn
}
