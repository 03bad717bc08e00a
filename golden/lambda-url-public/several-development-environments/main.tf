resource "aws_lambda_function_url" "webhook" {
  function_name      = var.function_name
  authorization_type = "NONE"

  cors {
    allow_origins = ["*"]
    allow_methods = ["POST"]
  }
}
