data "archive_file" "api" {
  type        = "zip"
  source_dir  = "${path.module}/lambda"
  output_path = "${path.module}/build/api.zip"
}

resource "aws_lambda_function" "api" {
  function_name    = "api"
  role             = var.role_arn
  runtime          = "python3.12"
  handler          = "index.handler"
  filename         = "${path.module}/build/api.zip"
  source_code_hash = filebase64sha256("${path.module}/build/api.zip")
}

variable "role_arn" {
  type = string
}
