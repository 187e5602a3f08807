resource "aws_sns_topic" "alarms" {
  name = "${local.prefix}-alarms"
}

resource "aws_sns_topic_subscription" "alarm_email" {
  count     = var.alarm_email == null ? 0 : 1
  topic_arn = aws_sns_topic.alarms.arn
  protocol  = "email"
  endpoint  = var.alarm_email
}

locals {
  alarm_period_seconds = 300

  alarms = {
    dead-letters = {
      description = "Batches reached the dead-letter queue: the worker failed them max_receive_count times. Their jobs finish with failed batches; see the job status and POST /jobs/{id}/retry."
      namespace   = "AWS/SQS"
      metric      = "ApproximateNumberOfMessagesVisible"
      statistic   = "Maximum"
      dimensions  = { QueueName = module.queue.dlq_name }
    }
    worker-errors = {
      description = "Worker invocations failed (crash, timeout or unhandled error)."
      namespace   = "AWS/Lambda"
      metric      = "Errors"
      statistic   = "Sum"
      dimensions  = { FunctionName = module.function["worker"].name }
    }
    executions-failed = {
      description = "Poller executions failed: jobs ended as failed."
      namespace   = "AWS/States"
      metric      = "ExecutionsFailed"
      statistic   = "Sum"
      dimensions  = { StateMachineArn = module.state_machine.arn }
    }
    executions-timed-out = {
      description = "Poller executions hit execution_timeout_seconds: jobs did not finish in time."
      namespace   = "AWS/States"
      metric      = "ExecutionsTimedOut"
      statistic   = "Sum"
      dimensions  = { StateMachineArn = module.state_machine.arn }
    }
  }
}

resource "aws_cloudwatch_metric_alarm" "this" {
  for_each = local.alarms

  alarm_name          = "${local.prefix}-${each.key}"
  alarm_description   = each.value.description
  namespace           = each.value.namespace
  metric_name         = each.value.metric
  statistic           = each.value.statistic
  dimensions          = each.value.dimensions
  period              = local.alarm_period_seconds
  evaluation_periods  = 1
  threshold           = 0
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = [aws_sns_topic.alarms.arn]
  ok_actions          = [aws_sns_topic.alarms.arn]
}

resource "aws_cloudwatch_dashboard" "this" {
  dashboard_name = local.prefix
  dashboard_body = jsonencode({
    widgets = [
      {
        type = "metric", x = 0, y = 0, width = 12, height = 6
        properties = {
          title  = "Queue depth"
          region = local.region
          stat   = "Maximum"
          period = 60
          metrics = [
            ["AWS/SQS", "ApproximateNumberOfMessagesVisible", "QueueName", module.queue.main_name],
            ["AWS/SQS", "ApproximateNumberOfMessagesNotVisible", "QueueName", module.queue.main_name],
            ["AWS/SQS", "ApproximateNumberOfMessagesVisible", "QueueName", module.queue.dlq_name],
          ]
        }
      },
      {
        type = "metric", x = 12, y = 0, width = 12, height = 6
        properties = {
          title   = "Function errors"
          region  = local.region
          stat    = "Sum"
          period  = 60
          metrics = [for k in keys(local.functions) : ["AWS/Lambda", "Errors", "FunctionName", module.function[k].name]]
        }
      },
      {
        type = "metric", x = 0, y = 6, width = 12, height = 6
        properties = {
          title   = "Function duration (p95)"
          region  = local.region
          stat    = "p95"
          period  = 60
          metrics = [for k in keys(local.functions) : ["AWS/Lambda", "Duration", "FunctionName", module.function[k].name]]
        }
      },
      {
        type = "metric", x = 12, y = 6, width = 12, height = 6
        properties = {
          title  = "Jobs (poller executions)"
          region = local.region
          stat   = "Sum"
          period = 300
          metrics = [for m in ["ExecutionsStarted", "ExecutionsSucceeded", "ExecutionsFailed", "ExecutionsTimedOut"] :
            ["AWS/States", m, "StateMachineArn", module.state_machine.arn]
          ]
        }
      },
      {
        type = "metric", x = 0, y = 12, width = 12, height = 6
        properties = {
          title   = "API"
          region  = local.region
          stat    = "Sum"
          period  = 60
          metrics = [for m in ["Count", "4xx", "5xx"] : ["AWS/ApiGateway", m, "ApiId", module.api.id]]
        }
      },
    ]
  })
}
