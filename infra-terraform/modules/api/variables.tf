variable "name" {
  type        = string
  description = "Name of the HTTP API; also names its access log group."
}

variable "function_name" {
  type        = string
  description = "Name of the function behind every route."
}

variable "function_invoke_arn" {
  type        = string
  description = "Invoke ARN of the function behind every route."
}

variable "routes" {
  type        = list(string)
  description = "Route keys (\"METHOD /path\") sent to the function."

  validation {
    condition     = length(var.routes) > 0 && alltrue([for r in var.routes : can(regex("^(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS|ANY) /", r))])
    error_message = "Each route must look like \"METHOD /path\"."
  }
}

variable "public_routes" {
  type        = list(string)
  description = "Route keys open to anyone whatever the authorization (the web page's files: a browser loads them before it has a key)."
  default     = []

  validation {
    condition     = alltrue([for r in var.public_routes : can(regex("^GET /", r))])
    error_message = "Public routes must be GET routes."
  }
}

variable "authorization" {
  type        = string
  description = "How callers authenticate on every route: AWS_IAM (SigV4) or JWT (never open: jobs belong to callers)."
  default     = "AWS_IAM"

  validation {
    condition     = contains(["AWS_IAM", "JWT"], var.authorization)
    error_message = "authorization must be AWS_IAM or JWT: every job has an owner, so the API never runs without caller identities."
  }
}

variable "jwt_issuer" {
  type        = string
  description = "Issuer URL of the JWTs (required when authorization is JWT)."
  default     = null

  validation {
    condition     = var.authorization != "JWT" || try(length(var.jwt_issuer) > 0, false)
    error_message = "jwt_issuer is required when authorization is JWT."
  }
}

variable "jwt_audience" {
  type        = list(string)
  description = "Accepted audiences of the JWTs (required when authorization is JWT)."
  default     = []

  validation {
    condition     = var.authorization != "JWT" || length(var.jwt_audience) > 0
    error_message = "jwt_audience is required when authorization is JWT."
  }
}

variable "throttling_burst_limit" {
  type        = number
  description = "Default route burst limit of the stage (requests)."
  default     = 100
}

variable "throttling_rate_limit" {
  type        = number
  description = "Default route steady-state limit of the stage (requests per second)."
  default     = 50
}

variable "log_retention_days" {
  type        = number
  description = "How long the access log group keeps events."
  default     = 14
}

variable "tags" {
  type        = map(string)
  description = "Tags added to every resource of the module."
  default     = {}
}

variable "cors_allowed_origins" {
  type        = list(string)
  description = "Browser origins (https://app.example.com) allowed to call the API cross-site; empty turns CORS off."
  default     = []
}
