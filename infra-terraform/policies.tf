# Least privilege per function: each statement names the actions the function calls and the one resource it
# calls them on. Objects are split by prefix: uploads/ (pre-signed client uploads) and jobs/ (everything the
# pipeline writes).

locals {
  jobs_objects    = "${local.bucket_arn}/jobs/*"
  uploads_objects = "${local.bucket_arn}/uploads/*"

  kms_statements = var.kms_key_arn == null ? [] : [{
    sid       = "UseDataKey"
    actions   = ["kms:Decrypt", "kms:GenerateDataKey", "kms:DescribeKey"]
    resources = [var.kms_key_arn]
    condition = null
  }]

  table_statement = {
    submit = {
      sid       = "ControlTable"
      actions   = ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem", "dynamodb:Query", "dynamodb:BatchWriteItem", "dynamodb:ConditionCheckItem"]
      resources = [local.table_arn]
      condition = null
    }
    progress = {
      sid       = "ControlTable"
      actions   = ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:Query", "dynamodb:ConditionCheckItem"]
      resources = [local.table_arn]
      condition = null
    }
  }

  send_batches = {
    sid       = "SendBatches"
    actions   = ["sqs:SendMessage"]
    resources = [local.queue_arn]
    condition = null
  }

  start_poller = {
    sid       = "StartPoller"
    actions   = ["states:StartExecution"]
    resources = [local.state_machine_arn]
    condition = null
  }

  list_jobs = {
    sid       = "ListJobObjects"
    actions   = ["s3:ListBucket"]
    resources = [local.bucket_arn]
    condition = { test = "StringLike", variable = "s3:prefix", values = ["jobs/*"] }
  }

  function_statements = {
    api = concat([
      local.table_statement.submit,
      local.send_batches,
      local.start_poller,
      local.list_jobs,
      {
        sid       = "JobObjects"
        actions   = ["s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload"]
        resources = [local.jobs_objects]
        condition = null
      },
      {
        # Signs the pre-signed upload URLs: the URL carries this role's permission.
        sid       = "SignUploads"
        actions   = ["s3:PutObject"]
        resources = [local.uploads_objects]
        condition = null
      },
    ], local.kms_statements)

    split = concat([
      local.table_statement.submit,
      local.send_batches,
      local.start_poller,
      {
        sid       = "ReadUploads"
        actions   = ["s3:GetObject"]
        resources = [local.uploads_objects]
        condition = null
      },
      {
        sid       = "WriteBatchPayloads"
        actions   = ["s3:PutObject", "s3:DeleteObject"]
        resources = [local.jobs_objects]
        condition = null
      },
    ], local.kms_statements)

    worker = concat([
      local.table_statement.progress,
      {
        sid       = "ConsumeBatches"
        actions   = ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes", "sqs:ChangeMessageVisibility"]
        resources = [local.queue_arn, local.dlq_arn]
        condition = null
      },
      {
        sid       = "BatchObjects"
        actions   = ["s3:GetObject", "s3:PutObject"]
        resources = [local.jobs_objects]
        condition = null
      },
    ], local.kms_statements)

    check-completion = [
      local.table_statement.progress,
    ]

    aggregate = concat([
      local.table_statement.progress,
      local.list_jobs,
      {
        sid       = "AggregateObjects"
        actions   = ["s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts"]
        resources = [local.jobs_objects]
        condition = null
      },
    ], local.kms_statements)
  }
}

data "aws_iam_policy_document" "function" {
  for_each = local.function_statements

  dynamic "statement" {
    for_each = each.value
    content {
      sid       = statement.value.sid
      actions   = statement.value.actions
      resources = statement.value.resources

      dynamic "condition" {
        for_each = statement.value.condition == null ? [] : [statement.value.condition]
        content {
          test     = condition.value.test
          variable = condition.value.variable
          values   = condition.value.values
        }
      }
    }
  }
}
