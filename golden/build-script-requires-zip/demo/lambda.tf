resource "aws_lambda_function" "api" {
  function_name    = "api"
  role             = var.role_arn
  runtime          = "python3.12"
  handler          = "index.handler"
  filename         = "${path.module}/lambda/function.zip"
  source_code_hash = filebase64sha256("${path.module}/lambda/function.zip")
}

variable "role_arn" {
  type = string
}
