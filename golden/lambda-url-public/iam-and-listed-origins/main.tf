resource "aws_lambda_function_url" "api" {
  function_name      = "api-${var.environment}"
  authorization_type = var.environment == "dev" ? "NONE" : "AWS_IAM"

  cors {
    allow_origins = var.environment == "dev" ? ["*"] : ["https://app.example.com"]
    allow_methods = ["GET", "POST"]
  }
}

variable "environment" {
  description = "Environment name."
  type        = string
}
