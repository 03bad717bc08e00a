resource "aws_lambda_function" "orders" {
  function_name    = "orders"
  role             = var.role_arn
  runtime          = "python3.12"
  handler          = "handler.main"
  filename         = "${path.module}/lambda/orders.zip"
  source_code_hash = filebase64sha256("${path.module}/lambda/orders.zip")
}

variable "role_arn" {
  type = string
}
