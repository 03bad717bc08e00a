resource "aws_lambda_function_url" "health" {
  function_name      = "status-${var.environment}"
  authorization_type = "NONE"
}

variable "environment" {
  description = "Environment name."
  type        = string
}
