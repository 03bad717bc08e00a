module "api" {
  source  = "terraform-aws-modules/lambda/aws"
  version = "~> 7.0"

  function_name = "orders-api-${var.environment}"
  handler       = "app.handler"
  runtime       = "python3.12"
  source_path   = "${path.module}/src"

  create_lambda_function_url = true
  cors = {
    allow_origins = ["*"]
    allow_methods = ["*"]
  }

  attach_policy_statements = true
  policy_statements = {
    orders_table = {
      effect    = "Allow"
      actions   = ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:Query"]
      resources = ["*"]
    }
  }

  environment_variables = {
    ENVIRONMENT = var.environment
  }
}
