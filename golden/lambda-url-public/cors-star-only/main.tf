resource "aws_lambda_function_url" "reports" {
  function_name      = "reports-${var.env}"
  authorization_type = "AWS_IAM"

  cors {
    allow_credentials = true
    allow_origins     = ["https://reports.example.com", "*"]
    allow_methods     = ["GET"]
  }
}
