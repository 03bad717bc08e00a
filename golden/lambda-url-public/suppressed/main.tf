resource "aws_lambda_function_url" "public" {
  # fixer:ignore FX005 this endpoint is public on purpose: it serves the status page

  function_name      = "status-page"
  authorization_type = "NONE"

  cors {
    allow_origins = ["*"]
    allow_methods = ["GET"]
  }
}
