variable "name" {
  type        = string
  description = "Bucket name (globally unique)."
}

variable "kms_key_arn" {
  type        = string
  description = "KMS key for default encryption (SSE-KMS); null uses SSE-S3 (AES256)."
  default     = null
}

variable "expiry_days" {
  type        = number
  description = "Days after which objects under jobs/ and uploads/ expire."
  default     = 7

  validation {
    condition     = var.expiry_days >= 1
    error_message = "expiry_days must be at least 1."
  }
}

variable "abort_incomplete_multipart_days" {
  type        = number
  description = "Days after which unfinished multipart uploads are aborted (their parts cost storage)."
  default     = 1

  validation {
    condition     = var.abort_incomplete_multipart_days >= 1
    error_message = "abort_incomplete_multipart_days must be at least 1."
  }
}

variable "split_function_name" {
  type        = string
  description = "Name of the function started by each object created under uploads/."
}

variable "split_function_arn" {
  type        = string
  description = "ARN of the function started by each object created under uploads/."
}

variable "force_destroy" {
  type        = bool
  description = "Let terraform destroy delete a non-empty bucket (never for production data)."
  default     = false
}

variable "tags" {
  type        = map(string)
  description = "Tags added to the bucket."
  default     = {}
}
