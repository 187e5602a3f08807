# Least privilege per function: each statement names the actions the function calls and the one resource it
# calls them on. Objects are split by prefix: uploads/ (pre-signed client uploads) and jobs/ (everything the
# pipeline writes).

locals {
  jobs_objects    = "${local.bucket_arn}/jobs/*"
  uploads_objects = "${local.bucket_arn}/uploads/*"

  kms_statements = var.kms_key_arn == null ? [] : [{
    sid        = "UseDataKey"
    actions    = ["kms:Decrypt", "kms:GenerateDataKey", "kms:DescribeKey"]
    resources  = [var.kms_key_arn]
    conditions = []
  }]

  table_statement = {
    submit = {
      sid        = "ControlTable"
      actions    = ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem", "dynamodb:Query", "dynamodb:BatchWriteItem", "dynamodb:ConditionCheckItem"]
      resources  = [local.table_arn]
      conditions = []
    }
    progress = {
      sid        = "ControlTable"
      actions    = ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:Query", "dynamodb:ConditionCheckItem"]
      resources  = [local.table_arn]
      conditions = []
    }
    # Reads the job and its counters, and updates only the webhook attributes of the job item: no PutItem,
    # so it can never replace a job.
    notify = {
      sid        = "ControlTable"
      actions    = ["dynamodb:GetItem", "dynamodb:Query", "dynamodb:UpdateItem"]
      resources  = [local.table_arn]
      conditions = []
    }
    # The job-wide answers of paid providers are items of the control table, read and written in batches.
    worker = {
      sid        = "ControlTable"
      actions    = ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:Query", "dynamodb:ConditionCheckItem", "dynamodb:BatchGetItem", "dynamodb:BatchWriteItem"]
      resources  = [local.table_arn]
      conditions = []
    }
  }

  # Provider API keys: the worker reads the SecureStrings under its own path and nothing else. Decrypting is
  # allowed only when SSM asks on the worker's behalf for one of those parameters (SSM passes the parameter's
  # ARN as encryption context), so the grant cannot decrypt anything else under the same key.
  provider_keys_kms_key_arn = coalesce(var.provider_parameters_kms_key_arn, one(data.aws_kms_key.ssm_default[*].arn))
  read_provider_keys = [
    {
      sid        = "ReadProviderKeys"
      actions    = ["ssm:GetParameter", "ssm:GetParameters"]
      resources  = [local.provider_parameters_arn]
      conditions = []
    },
    {
      sid       = "DecryptProviderKeys"
      actions   = ["kms:Decrypt"]
      resources = [local.provider_keys_kms_key_arn]
      conditions = [
        { test = "StringEquals", variable = "kms:ViaService", values = ["ssm.${local.region}.amazonaws.com"] },
        { test = "StringLike", variable = "kms:EncryptionContext:PARAMETER_ARN", values = [local.provider_parameters_arn] },
      ]
    },
  ]

  send_batches = {
    sid        = "SendBatches"
    actions    = ["sqs:SendMessage"]
    resources  = [local.queue_arn]
    conditions = []
  }

  start_poller = {
    sid        = "StartPoller"
    actions    = ["states:StartExecution"]
    resources  = [local.state_machine_arn]
    conditions = []
  }

  list_jobs = {
    sid        = "ListJobObjects"
    actions    = ["s3:ListBucket"]
    resources  = [local.bucket_arn]
    conditions = [{ test = "StringLike", variable = "s3:prefix", values = ["jobs/*"] }]
  }

  function_statements = {
    api = concat([
      local.table_statement.submit,
      local.send_batches,
      local.start_poller,
      local.list_jobs,
      {
        sid        = "JobObjects"
        actions    = ["s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload"]
        resources  = [local.jobs_objects]
        conditions = []
      },
      {
        # Signs the pre-signed upload URLs: the URL carries this role's permission.
        sid        = "SignUploads"
        actions    = ["s3:PutObject"]
        resources  = [local.uploads_objects]
        conditions = []
      },
      {
        # A retry plans a failed batch that no worker kept again from the uploaded list.
        sid        = "ReadUploadedLists"
        actions    = ["s3:GetObject"]
        resources  = [local.uploads_objects]
        conditions = []
      },
    ], local.kms_statements)

    split = concat([
      local.table_statement.submit,
      local.send_batches,
      local.start_poller,
      # Removes a half-written job's payloads (list + delete under its jobs/ prefix) when the input is rejected.
      local.list_jobs,
      {
        # Reads each upload; deletes a dry run's once it is estimated (nothing reads it again).
        sid        = "ReadUploads"
        actions    = ["s3:GetObject", "s3:DeleteObject"]
        resources  = [local.uploads_objects]
        conditions = []
      },
      {
        sid        = "WriteBatchPayloads"
        actions    = ["s3:PutObject", "s3:DeleteObject"]
        resources  = [local.jobs_objects]
        conditions = []
      },
      # The split's on-failure destination: Lambda sends the record of a given-up invocation with this role.
      {
        sid        = "ReportGivenUpSplits"
        actions    = ["sqs:SendMessage"]
        resources  = [local.dlq_arn]
        conditions = []
      },
    ], local.kms_statements)

    worker = concat([
      local.table_statement.worker,
      {
        sid        = "ConsumeBatches"
        actions    = ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes", "sqs:ChangeMessageVisibility"]
        resources  = [local.queue_arn, local.dlq_arn]
        conditions = []
      },
      {
        sid        = "BatchObjects"
        actions    = ["s3:GetObject", "s3:PutObject"]
        resources  = [local.jobs_objects]
        conditions = []
      },
      {
        # A CSV list's batch names a byte range of the uploaded list, which the worker reads.
        sid        = "ReadUploadedLists"
        actions    = ["s3:GetObject"]
        resources  = [local.uploads_objects]
        conditions = []
      },
    ], local.read_provider_keys, local.kms_statements)

    check-completion = [
      local.table_statement.progress,
    ]

    # The control table only (like check-completion, no key grant: DynamoDB decrypts for it): no objects,
    # no queue, no parameters. The event carries counters, never contact data.
    webhook = [
      local.table_statement.notify,
    ]

    aggregate = concat([
      local.table_statement.progress,
      local.list_jobs,
      {
        sid        = "AggregateObjects"
        actions    = ["s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts"]
        resources  = [local.jobs_objects]
        conditions = []
      },
      {
        # A failed batch that no worker kept becomes error rows planned again from the uploaded list.
        sid        = "ReadUploadedLists"
        actions    = ["s3:GetObject"]
        resources  = [local.uploads_objects]
        conditions = []
      },
    ], local.kms_statements)
  }
}

# The AWS managed key of Parameter Store. Describing it by its alias creates it in an account that has never
# stored a SecureString, so the worker's grant always names a real key.
data "aws_kms_key" "ssm_default" {
  count  = var.provider_parameters_kms_key_arn == null ? 1 : 0
  key_id = "alias/aws/ssm"
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
        for_each = statement.value.conditions
        content {
          test     = condition.value.test
          variable = condition.value.variable
          values   = condition.value.values
        }
      }
    }
  }
}
