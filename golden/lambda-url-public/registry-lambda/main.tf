module "api" {
  source  = "terraform-aws-modules/lambda/aws"
  version = "~> 7.0"

  function_name = "orders-api-${var.environment}"
  handler       = "index.handler"
  runtime       = "python3.12"
  source_path   = "${path.module}/src"

  create_lambda_function_url = true
  authorization_type         = "NONE"
  cors = {
    allow_origins = ["*"]
    allow_methods = ["*"]
    max_age       = 86400
  }
}
