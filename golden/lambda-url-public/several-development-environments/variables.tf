variable "stage" {
  description = "Deployment stage."
  type        = string
}

variable "function_name" {
  description = "Name of the webhook function."
  type        = string
}
