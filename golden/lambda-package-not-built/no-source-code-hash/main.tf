resource "aws_lambda_function" "cron" {
  function_name = "cron"
  role          = var.role_arn
  runtime       = "nodejs20.x"
  handler       = "index.handler"
  filename      = "${path.module}/functions/cron.zip"

  tags = {
    Team = "platform"
  }
}

variable "role_arn" {
  type = string
}
