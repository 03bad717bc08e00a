resource "aws_lambda_function" "f" {
  function_name = "f"
  role          = "arn:aws:iam::123456789012:role/f"
  runtime       = "python3.12"
  handler       = "handler.main"
  filename      = "function.zip"
}
