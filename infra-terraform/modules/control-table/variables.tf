variable "name" {
  type        = string
  description = "Table name."
}

variable "kms_key_arn" {
  type        = string
  description = "Customer-managed KMS key for encryption at rest; null uses the AWS-managed key for DynamoDB."
  default     = null
}

variable "deletion_protection" {
  type        = bool
  description = "Refuse to delete the table (turn on for production)."
  default     = false
}

variable "tags" {
  type        = map(string)
  description = "Tags added to the table."
  default     = {}
}
