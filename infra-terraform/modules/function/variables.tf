variable "name" {
  type        = string
  description = "Function name; also names its role and its log group (/aws/lambda/<name>)."

  validation {
    condition     = can(regex("^[A-Za-z0-9_-]{1,64}$", var.name))
    error_message = "name must be 1-64 letters, digits, '-' or '_'."
  }
}

variable "description" {
  type        = string
  description = "What the function does, shown in the Lambda console."
  default     = ""
}

variable "zip_path" {
  type        = string
  description = "Path of the deployment zip, with an executable named bootstrap at its root."
}

variable "architecture" {
  type        = string
  description = "Instruction set the bootstrap binary was built for: x86_64 or arm64."
  default     = "x86_64"

  validation {
    condition     = contains(["x86_64", "arm64"], var.architecture)
    error_message = "architecture must be x86_64 or arm64."
  }
}

variable "memory_mb" {
  type        = number
  description = "Memory in MB (CPU scales with it)."
  default     = 512

  validation {
    condition     = var.memory_mb >= 128 && var.memory_mb <= 10240
    error_message = "memory_mb must be between 128 and 10240."
  }
}

variable "timeout_seconds" {
  type        = number
  description = "Maximum run time of one invocation, in seconds."
  default     = 30

  validation {
    condition     = var.timeout_seconds >= 1 && var.timeout_seconds <= 900
    error_message = "timeout_seconds must be between 1 and 900."
  }
}

variable "environment" {
  type        = map(string)
  description = "Environment variables of the function."
  default     = {}
}

variable "log_retention_days" {
  type        = number
  description = "How long the function's log group keeps events."
  default     = 14
}

variable "policy_json" {
  type        = string
  description = "IAM policy document (JSON) with exactly the data-plane access this function needs; attached inline to its own role."
}

variable "reserved_concurrency" {
  type        = number
  description = "Reserved concurrent executions; null leaves the function on the account's unreserved pool."
  default     = null

  validation {
    condition     = var.reserved_concurrency == null || try(var.reserved_concurrency >= 0, false)
    error_message = "reserved_concurrency must be null or a non-negative number."
  }
}

variable "tags" {
  type        = map(string)
  description = "Tags added to every resource of the module."
  default     = {}
}
