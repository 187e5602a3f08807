variable "name" {
  type        = string
  description = "State machine name; also names its role and log group."
}

variable "definition_file" {
  type        = string
  description = "Path of the Amazon States Language template, rendered with templatefile()."
}

variable "task_function_arns" {
  type        = map(string)
  description = "Template placeholder => unqualified ARN of the Lambda function it stands for. The role may invoke exactly these functions (and their versions and aliases)."
}

variable "execution_timeout_seconds" {
  type        = number
  description = "Upper bound on one execution (the execution_timeout_seconds placeholder); no job polls forever."
  default     = 86400

  validation {
    condition     = var.execution_timeout_seconds >= 60 && var.execution_timeout_seconds <= 31536000
    error_message = "execution_timeout_seconds must be between 60 and 31536000."
  }
}

variable "own_arn" {
  type        = string
  description = "The ARN this state machine gets (built by the caller from its name: the role's policy must exist before the machine does). The role may start executions of exactly this machine, to continue the poller as a new execution."
}

variable "max_polls_per_execution" {
  type        = number
  description = "Checks one execution makes before it continues as a new execution (the max_polls_per_execution placeholder). A check is 9 history events; the bound keeps each execution far from Step Functions' 25,000-event limit."
  default     = 1000

  validation {
    condition     = var.max_polls_per_execution >= 1 && var.max_polls_per_execution <= 2000
    error_message = "max_polls_per_execution must be between 1 and 2000 (2000 checks are 18,000 history events)."
  }
}

variable "log_level" {
  type        = string
  description = "Execution history sent to CloudWatch Logs: ERROR or ALL. Execution data is never logged (it may carry job details)."
  default     = "ERROR"

  validation {
    condition     = contains(["ERROR", "ALL"], var.log_level)
    error_message = "log_level must be ERROR or ALL."
  }
}

variable "log_retention_days" {
  type        = number
  description = "How long the state machine's log group keeps events."
  default     = 14
}

variable "tracing_enabled" {
  type        = bool
  description = "Send X-Ray traces."
  default     = false
}

variable "tags" {
  type        = map(string)
  description = "Tags added to every resource of the module."
  default     = {}
}
