output "main_url" {
  description = "URL of the main queue."
  value       = aws_sqs_queue.main.url
}

output "main_arn" {
  description = "ARN of the main queue."
  value       = aws_sqs_queue.main.arn
}

output "main_name" {
  description = "Name of the main queue."
  value       = aws_sqs_queue.main.name
}

output "dlq_url" {
  description = "URL of the dead-letter queue."
  value       = aws_sqs_queue.dlq.url
}

output "dlq_arn" {
  description = "ARN of the dead-letter queue."
  value       = aws_sqs_queue.dlq.arn
}

output "dlq_name" {
  description = "Name of the dead-letter queue."
  value       = aws_sqs_queue.dlq.name
}

output "visibility_timeout_seconds" {
  description = "Visibility timeout applied to both queues."
  value       = local.visibility_timeout_seconds
}
