variable "name" {
  type        = string
  description = "Name of the main queue; the dead-letter queue is named <name>-dlq."
}

variable "consumer_timeout_seconds" {
  type        = number
  description = "Timeout of the function consuming the queue; the visibility timeout is derived from it."

  validation {
    condition     = var.consumer_timeout_seconds >= 1 && var.consumer_timeout_seconds <= 900
    error_message = "consumer_timeout_seconds must be between 1 and 900."
  }
}

variable "visibility_timeout_seconds" {
  type        = number
  description = "Visibility timeout of both queues; null means six times consumer_timeout_seconds, the minimum AWS recommends for a Lambda event source."
  default     = null

  validation {
    condition     = var.visibility_timeout_seconds == null || try(var.visibility_timeout_seconds >= 6 * var.consumer_timeout_seconds && var.visibility_timeout_seconds <= 43200, false)
    error_message = "visibility_timeout_seconds must be at least six times consumer_timeout_seconds and at most 43200."
  }
}

variable "max_receive_count" {
  type        = number
  description = "Receives of a message before SQS moves it to the dead-letter queue."
  default     = 5

  validation {
    condition     = var.max_receive_count >= 1 && var.max_receive_count <= 1000
    error_message = "max_receive_count must be between 1 and 1000."
  }
}

variable "message_retention_seconds" {
  type        = number
  description = "How long the main queue keeps a message; the dead-letter queue keeps messages the maximum 14 days."
  default     = 345600

  validation {
    condition     = var.message_retention_seconds >= 60 && var.message_retention_seconds <= 1209600
    error_message = "message_retention_seconds must be between 60 and 1209600."
  }
}

variable "kms_key_arn" {
  type        = string
  description = "KMS key for server-side encryption; null uses SQS-managed encryption (SSE-SQS)."
  default     = null
}

variable "tags" {
  type        = map(string)
  description = "Tags added to both queues."
  default     = {}
}
