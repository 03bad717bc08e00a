resource "aws_lambda_function" "report" {
  function_name    = "report"
  role             = var.role_arn
  runtime          = "python3.12"
  handler          = "index.handler"
  filename         = "${path.module}/lambda/report.zip"
  source_code_hash = filebase64sha256("${path.module}/lambda/report.zip")
}

variable "role_arn" {
  type = string
}
