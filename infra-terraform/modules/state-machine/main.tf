resource "aws_cloudwatch_log_group" "this" {
  # Step Functions recommends the /aws/vendedlogs/ prefix: it keeps the logs resource policy small.
  name              = "/aws/vendedlogs/states/${var.name}"
  retention_in_days = var.log_retention_days
  tags              = var.tags
}

# Policies are plain jsonencode() rather than aws_iam_policy_document data sources: the root module makes this
# module depend on the task functions, and data sources behind a depends_on would only be read at apply time,
# hiding the policy from the plan.
resource "aws_iam_role" "this" {
  name = "${var.name}-role"
  tags = var.tags
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { Service = "states.amazonaws.com" }
    }]
  })
}

locals {
  invoke_statement = {
    Sid      = "InvokeTaskFunctions"
    Effect   = "Allow"
    Action   = ["lambda:InvokeFunction"]
    Resource = flatten([for arn in values(var.task_function_arns) : [arn, "${arn}:*"]])
  }

  # The poller continues as a new execution of itself before its history grows too long.
  continue_statement = {
    Sid      = "ContinueAsNewExecution"
    Effect   = "Allow"
    Action   = ["states:StartExecution"]
    Resource = [var.own_arn]
  }

  # Log delivery is configured through these account-level calls, which support no resource-level permissions.
  logs_statement = {
    Sid    = "DeliverExecutionLogs"
    Effect = "Allow"
    Action = [
      "logs:CreateLogDelivery",
      "logs:GetLogDelivery",
      "logs:UpdateLogDelivery",
      "logs:DeleteLogDelivery",
      "logs:ListLogDeliveries",
      "logs:PutResourcePolicy",
      "logs:DescribeResourcePolicies",
      "logs:DescribeLogGroups",
    ]
    Resource = "*"
  }

  tracing_statement = {
    Sid    = "WriteTraces"
    Effect = "Allow"
    Action = [
      "xray:PutTraceSegments",
      "xray:PutTelemetryRecords",
      "xray:GetSamplingRules",
      "xray:GetSamplingTargets",
    ]
    Resource = "*"
  }
}

resource "aws_iam_role_policy" "this" {
  name = "tasks-and-logs"
  role = aws_iam_role.this.id
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = concat([local.invoke_statement, local.continue_statement, local.logs_statement], var.tracing_enabled ? [local.tracing_statement] : [])
  })
}

resource "aws_sfn_state_machine" "this" {
  name     = var.name
  type     = "STANDARD"
  role_arn = aws_iam_role.this.arn
  tags     = var.tags

  definition = templatefile(var.definition_file, merge(
    {
      execution_timeout_seconds = var.execution_timeout_seconds
      max_polls_per_execution   = var.max_polls_per_execution
    },
    var.task_function_arns,
  ))

  logging_configuration {
    log_destination        = "${aws_cloudwatch_log_group.this.arn}:*"
    include_execution_data = false
    level                  = var.log_level
  }

  tracing_configuration {
    enabled = var.tracing_enabled
  }

  # The role must be able to deliver logs before the state machine is created with logging on.
  depends_on = [aws_iam_role_policy.this]
}
