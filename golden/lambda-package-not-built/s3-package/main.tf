resource "aws_lambda_function" "api" {
  function_name    = "api"
  role             = var.role_arn
  runtime          = "python3.12"
  handler          = "index.handler"
  s3_bucket        = "acme-artifacts"
  s3_key           = "api/function.zip"
  source_code_hash = var.package_hash
}

variable "role_arn" {
  type = string
}

variable "package_hash" {
  type = string
}
