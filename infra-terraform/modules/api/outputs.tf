output "id" {
  description = "API id."
  value       = aws_apigatewayv2_api.this.id
}

output "url" {
  description = "Base URL of the $default stage."
  value       = aws_apigatewayv2_stage.default.invoke_url
}

output "execution_arn" {
  description = "Execution ARN, the prefix of the ARNs IAM policies grant execute-api:Invoke on."
  value       = aws_apigatewayv2_api.this.execution_arn
}

output "access_log_group_name" {
  description = "Log group of the access logs."
  value       = aws_cloudwatch_log_group.access.name
}
