data "aws_partition" "current" {}
data "aws_region" "current" {}
data "aws_caller_identity" "current" {}

locals {
  prefix        = "${var.name_prefix}-${var.environment}"
  partition     = data.aws_partition.current.partition
  region        = data.aws_region.current.name
  account_id    = data.aws_caller_identity.current.account_id
  artifacts_dir = coalesce(var.artifacts_dir, "${path.root}/../artifacts")

  table_name         = "${local.prefix}-control"
  queue_name         = "${local.prefix}-batches"
  dlq_name           = "${local.queue_name}-dlq"
  bucket_name        = "${local.prefix}-${local.account_id}-${local.region}"
  state_machine_name = "${local.prefix}-poller"

  # ARNs are built from names so that every policy and environment variable is known at plan time
  # (reviewable in `terraform plan`) and the functions and the state machine do not depend on each other in a cycle.
  table_arn         = "arn:${local.partition}:dynamodb:${local.region}:${local.account_id}:table/${local.table_name}"
  queue_arn         = "arn:${local.partition}:sqs:${local.region}:${local.account_id}:${local.queue_name}"
  dlq_arn           = "arn:${local.partition}:sqs:${local.region}:${local.account_id}:${local.dlq_name}"
  bucket_arn        = "arn:${local.partition}:s3:::${local.bucket_name}"
  queue_url         = "https://sqs.${local.region}.${data.aws_partition.current.dns_suffix}/${local.account_id}/${local.queue_name}"
  state_machine_arn = "arn:${local.partition}:states:${local.region}:${local.account_id}:stateMachine:${local.state_machine_name}"
  function_arn      = { for k in keys(local.functions) : k => "arn:${local.partition}:lambda:${local.region}:${local.account_id}:function:${local.prefix}-${k}" }

  # Provider API keys are SecureStrings the operators create under this path themselves: a value managed by
  # Terraform would sit in plain text in the state. Definitions name them relative to the path.
  provider_parameter_prefix = "/${local.prefix}/providers"
  provider_parameters_arn   = "arn:${local.partition}:ssm:${local.region}:${local.account_id}:parameter${local.provider_parameter_prefix}/*"

  function_defaults = {
    api              = { memory_mb = 1024, timeout_seconds = 29, description = "HTTP API: submit, upload, status, retry, synchronous enrich" }
    split            = { memory_mb = 1024, timeout_seconds = 900, description = "Parses an uploaded list into batches and starts the poller" }
    worker           = { memory_mb = 1024, timeout_seconds = 120, description = "Enriches the records of queued batches" }
    check-completion = { memory_mb = 256, timeout_seconds = 30, description = "Poller task: is every batch of the job finished?" }
    # The aggregate's duplicate index grows with the job: 10,000,000 distinct emails and phones peaked at
    # 1.1 GB of process memory (tools/Enrichment.AwsBench --tracker; README "Large jobs on AWS").
    aggregate = { memory_mb = 2048, timeout_seconds = 900, description = "Poller task: joins the batch parts into one output file" }
    # Above the delivery's own bound (4 minutes of attempts and waits): the function always records its outcome.
    webhook = { memory_mb = 256, timeout_seconds = 300, description = "Poller task: tells the job's callback that the job ended (signed)" }
  }

  functions = {
    for k, d in local.function_defaults : k => {
      description          = d.description
      memory_mb            = coalesce(try(var.function_settings[k].memory_mb, null), d.memory_mb)
      timeout_seconds      = coalesce(try(var.function_settings[k].timeout_seconds, null), d.timeout_seconds)
      reserved_concurrency = try(var.function_settings[k].reserved_concurrency, null)
    }
  }

  # The AWS adapters need the four resource addresses in every function (they are addresses, not access:
  # IAM decides what each function may do with them). The rest only where it is read.
  kms_env = var.kms_key_arn == null ? {} : { ENRICHMENT_KMS_KEY_ID = var.kms_key_arn }
  # The mx provider's resolver, where mx runs: the worker (jobs) and the api (POST /enrich).
  dns_env = var.dns_server == "" ? {} : { ENRICHMENT_DNS_SERVER = var.dns_server }
  base_env = merge({
    ENRICHMENT_TABLE              = local.table_name
    ENRICHMENT_QUEUE_URL          = local.queue_url
    ENRICHMENT_BUCKET             = local.bucket_name
    ENRICHMENT_STATE_MACHINE_ARN  = local.state_machine_arn
    ENRICHMENT_JOB_RETENTION_DAYS = tostring(var.job_retention_days)
    ENRICHMENT_MAX_RECEIVE_COUNT  = tostring(var.max_receive_count)
    ENRICHMENT_ARCHITECTURE       = var.architecture
    LOG_LEVEL                     = var.log_level
  }, local.kms_env)
  environment = {
    api = merge(local.base_env, local.dns_env, {
      ENRICHMENT_BATCH_SIZE           = tostring(var.batch_size)
      ENRICHMENT_PROVIDERS            = join(",", var.enrichment_providers)
      ENRICHMENT_URL_LIFETIME_SECONDS = tostring(var.url_lifetime_seconds)
      ENRICHMENT_VERSION              = var.release_version
      ENRICHMENT_GIT_COMMIT           = var.git_commit
    })
    split = merge(local.base_env, {
      ENRICHMENT_BATCH_SIZE = tostring(var.batch_size)
      ENRICHMENT_PROVIDERS  = join(",", var.enrichment_providers)
    })
    worker = merge(local.base_env, local.dns_env, {
      ENRICHMENT_DLQ_ARN          = local.dlq_arn
      ENRICHMENT_PROVIDERS        = join(",", var.enrichment_providers)
      ENRICHMENT_PARAMETER_PREFIX = local.provider_parameter_prefix
    })
    check-completion = merge(local.base_env, {
      ENRICHMENT_STALL_TIMEOUT_MINUTES = tostring(var.stall_timeout_minutes)
    })
    aggregate = local.base_env
    webhook   = local.base_env
  }
}

# ---------------------------------------------------------------- data stores

module "table" {
  source              = "./modules/control-table"
  name                = local.table_name
  kms_key_arn         = var.kms_key_arn
  deletion_protection = var.protect_data
}

module "queue" {
  source                     = "./modules/queue"
  name                       = local.queue_name
  consumer_timeout_seconds   = local.functions.worker.timeout_seconds
  visibility_timeout_seconds = var.queue_visibility_timeout_seconds
  max_receive_count          = var.max_receive_count
  kms_key_arn                = var.kms_key_arn
}

module "bucket" {
  source              = "./modules/bucket"
  name                = local.bucket_name
  kms_key_arn         = var.kms_key_arn
  expiry_days         = var.job_retention_days
  split_function_name = module.function["split"].name
  split_function_arn  = module.function["split"].arn
  force_destroy       = !var.protect_data
}

# ---------------------------------------------------------------- functions

module "function" {
  source   = "./modules/function"
  for_each = local.functions

  name                 = "${local.prefix}-${each.key}"
  description          = each.value.description
  zip_path             = "${local.artifacts_dir}/${each.key}.zip"
  architecture         = var.architecture
  memory_mb            = each.value.memory_mb
  timeout_seconds      = each.value.timeout_seconds
  reserved_concurrency = each.value.reserved_concurrency
  environment          = local.environment[each.key]
  log_retention_days   = var.log_retention_days
  policy_json          = data.aws_iam_policy_document.function[each.key].json
}

# S3 invokes the split asynchronously. Lambda retries a failed invocation twice; then, rather than dropping
# the event (which would leave the job `accepted` with no poller), it sends the invocation record to the
# dead-letter queue, where the worker fails the job with a reason.
resource "aws_lambda_function_event_invoke_config" "split" {
  function_name                = module.function["split"].name
  maximum_retry_attempts       = 2
  maximum_event_age_in_seconds = 21600

  # Lambda checks that the destination exists and that the split's role may send to it.
  depends_on = [module.function, module.queue]

  destination_config {
    on_failure {
      destination = local.dlq_arn
    }
  }
}

resource "aws_lambda_event_source_mapping" "worker_batches" {
  event_source_arn        = module.queue.main_arn
  function_name           = module.function["worker"].arn
  batch_size              = var.worker_batch_size
  function_response_types = ["ReportBatchItemFailures"]

  scaling_config {
    maximum_concurrency = var.worker_max_concurrency
  }
}

# Dead letters go back to the worker, which records the batch as failed: the job finishes with errors
# even when the worker never got to catch the error (crash, timeout, out of memory).
resource "aws_lambda_event_source_mapping" "worker_dead_letters" {
  event_source_arn        = module.queue.dlq_arn
  function_name           = module.function["worker"].arn
  batch_size              = var.worker_batch_size
  function_response_types = ["ReportBatchItemFailures"]

  scaling_config {
    maximum_concurrency = 2
  }
}

# ---------------------------------------------------------------- workflow

module "state_machine" {
  source          = "./modules/state-machine"
  name            = local.state_machine_name
  definition_file = "${path.root}/../statemachines/enrichment.asl.json"
  task_function_arns = {
    check_completion_function_arn = local.function_arn["check-completion"]
    aggregate_function_arn        = local.function_arn["aggregate"]
    webhook_function_arn          = local.function_arn["webhook"]
  }
  execution_timeout_seconds = var.execution_timeout_seconds
  max_polls_per_execution   = var.max_polls_per_execution
  own_arn                   = local.state_machine_arn
  log_level                 = var.state_machine_log_level
  log_retention_days        = var.log_retention_days
  tracing_enabled           = var.tracing_enabled

  # The definition names the task functions by constructed ARN; they must exist first.
  depends_on = [module.function]
}

# ---------------------------------------------------------------- api

module "api" {
  source                 = "./modules/api"
  name                   = "${local.prefix}-api"
  function_name          = module.function["api"].name
  function_invoke_arn    = module.function["api"].invoke_arn
  routes                 = local.api_routes
  public_routes          = local.public_routes
  authorization          = var.authorization
  jwt_issuer             = var.jwt_issuer
  jwt_audience           = var.jwt_audience
  throttling_burst_limit = var.api_throttling_burst_limit
  throttling_rate_limit  = var.api_throttling_rate_limit
  log_retention_days     = var.log_retention_days
  cors_allowed_origins   = var.cors_allowed_origins
}

locals {
  api_routes = [
    "POST /jobs",
    "POST /jobs/uploads",
    "GET /jobs/{id}",
    "POST /jobs/{id}/retry",
    "POST /enrich",
    "GET /health",
    "GET /version",
    "POST /process",
    "GET /status/{id}",
    "GET /providers",
    "GET /jobs/{id}/summary",
  ]
  # Open routes, the same as the API function's route table opens (a test holds the two together):
  # the web page and its files (app.js imports its modules from /js/{module}) carry no data and a
  # browser loads them before it has a key; the OpenAPI document describes the API and holds no data.
  public_routes = ["GET /", "GET /app.js", "GET /app.css", "GET /js/{module}", "GET /openapi.json"]
}

# The web page PUTs big lists straight to the bucket through the pre-signed link the API hands out:
# the browser asks first (CORS), and only the API's own origin may do it.
resource "aws_s3_bucket_cors_configuration" "uploads" {
  bucket = module.bucket.name

  cors_rule {
    allowed_methods = ["PUT"]
    allowed_origins = [trimsuffix(module.api.url, "/")]
    allowed_headers = ["content-type"]
    max_age_seconds = 600
  }
}
