variable "region" {
  type        = string
  description = "AWS region to deploy into."
  default     = "us-east-1"
}

variable "environment" {
  type        = string
  description = "Environment name (dev, prod, ...); part of every resource name."

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{0,11}$", var.environment))
    error_message = "environment must be 1-12 lowercase letters, digits or '-', starting with a letter."
  }
}

variable "name_prefix" {
  type        = string
  description = "First part of every resource name: <name_prefix>-<environment>-<component>."
  default     = "enrichment"

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{0,19}$", var.name_prefix))
    error_message = "name_prefix must be 1-20 lowercase letters, digits or '-', starting with a letter."
  }
}

variable "artifacts_dir" {
  type        = string
  description = "Folder holding the function zips (<name>.zip, bootstrap at the root) built by deploy.sh; null means ../artifacts next to this module."
  default     = null
}

variable "architecture" {
  type        = string
  description = "Instruction set of the bootstrap binaries: x86_64 (Native AOT) or arm64."
  default     = "x86_64"

  validation {
    condition     = contains(["x86_64", "arm64"], var.architecture)
    error_message = "architecture must be x86_64 or arm64."
  }
}

variable "function_settings" {
  type = map(object({
    memory_mb            = optional(number)
    timeout_seconds      = optional(number)
    reserved_concurrency = optional(number)
  }))
  description = "Per-function overrides of memory, timeout and reserved concurrency, keyed by api, split, worker, check-completion or aggregate."
  default     = {}

  validation {
    condition     = alltrue([for k in keys(var.function_settings) : contains(["api", "split", "worker", "check-completion", "aggregate"], k)])
    error_message = "function_settings keys must be api, split, worker, check-completion or aggregate."
  }
}

variable "kms_key_arn" {
  type        = string
  description = "Customer-managed KMS key for the bucket, queues and table; null uses AWS-managed encryption (SSE-S3, SSE-SQS, DynamoDB default)."
  default     = null

  validation {
    condition     = var.kms_key_arn == null || can(regex("^arn:[a-z-]+:kms:[a-z0-9-]+:[0-9]{12}:key/.+$", var.kms_key_arn))
    error_message = "kms_key_arn must be a KMS key ARN (arn:...:kms:<region>:<account>:key/<id>)."
  }
}

variable "provider_parameters_kms_key_arn" {
  type        = string
  description = "Customer-managed KMS key the provider API key SecureStrings are encrypted with; null means the AWS managed key aws/ssm. Only the worker may decrypt with it, and only through SSM."
  default     = null

  validation {
    condition     = var.provider_parameters_kms_key_arn == null || can(regex("^arn:[a-z-]+:kms:[a-z0-9-]+:[0-9]{12}:key/.+$", var.provider_parameters_kms_key_arn))
    error_message = "provider_parameters_kms_key_arn must be a KMS key ARN (arn:...:kms:<region>:<account>:key/<id>)."
  }
}

variable "authorization" {
  type        = string
  description = "How API callers authenticate: AWS_IAM (SigV4) or JWT (never open: jobs belong to callers)."
  default     = "AWS_IAM"

  validation {
    condition     = contains(["AWS_IAM", "JWT"], var.authorization)
    error_message = "authorization must be AWS_IAM or JWT: every job has an owner, so the API never runs without caller identities."
  }
}

variable "jwt_issuer" {
  type        = string
  description = "JWT issuer URL (authorization = JWT)."
  default     = null
}

variable "jwt_audience" {
  type        = list(string)
  description = "Accepted JWT audiences (authorization = JWT)."
  default     = []
}

variable "api_throttling_burst_limit" {
  type        = number
  description = "Burst limit of every API route (requests)."
  default     = 100
}

variable "api_throttling_rate_limit" {
  type        = number
  description = "Steady-state limit of every API route (requests per second)."
  default     = 50
}

variable "batch_size" {
  type        = number
  description = "Records per batch (one queue message): ENRICHMENT_BATCH_SIZE."
  default     = 100

  validation {
    condition     = var.batch_size >= 1 && var.batch_size <= 10000
    error_message = "batch_size must be between 1 and 10000."
  }
}

variable "max_receive_count" {
  type        = number
  description = "Deliveries of a batch before it is dead-lettered (redrive policy and ENRICHMENT_MAX_RECEIVE_COUNT)."
  default     = 5
}

variable "queue_visibility_timeout_seconds" {
  type        = number
  description = "Visibility timeout of the queues; null means six times the worker timeout (it may not be less)."
  default     = null
}

variable "worker_batch_size" {
  type        = number
  description = "Queue messages handed to one worker invocation."
  default     = 5

  validation {
    condition     = var.worker_batch_size >= 1 && var.worker_batch_size <= 10
    error_message = "worker_batch_size must be between 1 and 10 (more needs a batching window)."
  }
}

variable "worker_max_concurrency" {
  type        = number
  description = "Most concurrent worker invocations the queue may start (also bounds the load on data providers)."
  default     = 10

  validation {
    condition     = var.worker_max_concurrency >= 2 && var.worker_max_concurrency <= 1000
    error_message = "worker_max_concurrency must be between 2 and 1000."
  }
}

variable "enrichment_providers" {
  type        = list(string)
  description = "Default provider chain: ENRICHMENT_PROVIDERS."
  default     = ["normalize", "email"]
}

variable "dns_server" {
  type        = string
  description = "Resolver the mx provider asks (ENRICHMENT_DNS_SERVER: \"10.0.0.2\" or \"10.0.0.2:53\"); empty: the Lambda environment's own resolver."
  default     = ""

  validation {
    condition     = var.dns_server == "" || can(regex("^([0-9]{1,3}(\\.[0-9]{1,3}){3}(:[0-9]{1,5})?|\\[[0-9a-fA-F:]+\\](:[0-9]{1,5})?|[0-9a-fA-F:]+)$", var.dns_server))
    error_message = "dns_server must be an IP address with an optional port (10.0.0.2 or 10.0.0.2:53), or empty."
  }
}

variable "url_lifetime_seconds" {
  type        = number
  description = "Lifetime of pre-signed upload and download URLs: ENRICHMENT_URL_LIFETIME_SECONDS."
  default     = 900

  validation {
    condition     = var.url_lifetime_seconds >= 60 && var.url_lifetime_seconds <= 43200
    error_message = "url_lifetime_seconds must be between 60 and 43200."
  }
}

variable "job_retention_days" {
  type        = number
  description = "Days a job's table items (TTL) and objects (lifecycle) are kept: ENRICHMENT_JOB_RETENTION_DAYS."
  default     = 7

  validation {
    condition     = var.job_retention_days >= 1 && var.job_retention_days <= 365
    error_message = "job_retention_days must be between 1 and 365."
  }
}

variable "stall_timeout_minutes" {
  type        = number
  description = "With no batch finishing for this long, the poller marks the unfinished batches failed: ENRICHMENT_STALL_TIMEOUT_MINUTES."
  default     = 30

  validation {
    condition     = var.stall_timeout_minutes >= 1 && var.stall_timeout_minutes <= 1440
    error_message = "stall_timeout_minutes must be between 1 and 1440."
  }
}

variable "release_version" {
  type        = string
  description = "Version reported by GET /version: ENRICHMENT_VERSION."
  default     = "0.1.0"
}

variable "git_commit" {
  type        = string
  description = "Commit reported by GET /version (deploy.sh passes the current one): ENRICHMENT_GIT_COMMIT."
  default     = "unknown"
}

variable "log_level" {
  type        = string
  description = "Function log level: LOG_LEVEL (Trace, Debug, Information, Warning, Error)."
  default     = "Information"

  validation {
    condition     = contains(["Trace", "Debug", "Information", "Warning", "Error"], var.log_level)
    error_message = "log_level must be Trace, Debug, Information, Warning or Error."
  }
}

variable "log_retention_days" {
  type        = number
  description = "Retention of every log group (functions, API access logs, state machine)."
  default     = 14

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_retention_days)
    error_message = "log_retention_days must be a value CloudWatch Logs accepts (1, 3, 5, 7, 14, 30, 60, 90, ...)."
  }
}

variable "execution_timeout_seconds" {
  type        = number
  description = "Upper bound on one job's state machine execution."
  default     = 86400
}

variable "max_polls_per_execution" {
  type        = number
  description = "Checks one poller execution makes before it continues as a new execution, keeping each execution's history far below Step Functions' 25,000 events."
  default     = 1000
}

variable "state_machine_log_level" {
  type        = string
  description = "State machine execution logging: ERROR or ALL."
  default     = "ERROR"
}

variable "tracing_enabled" {
  type        = bool
  description = "X-Ray tracing of the state machine."
  default     = false
}

variable "alarm_email" {
  type        = string
  description = "Address subscribed to the alarm topic (must confirm the subscription); null subscribes nobody."
  default     = null
}

variable "protect_data" {
  type        = bool
  description = "Production guard: table deletion protection on, and terraform destroy refuses a non-empty bucket."
  default     = false
}

variable "tags" {
  type        = map(string)
  description = "Extra tags on every resource."
  default     = {}
}

variable "cors_allowed_origins" {
  type        = list(string)
  description = "Browser origins (https://app.example.com) allowed to call the API from another site (API Gateway CORS); empty, the default, turns CORS off."
  default     = []
}
