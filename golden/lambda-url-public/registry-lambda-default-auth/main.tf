module "hook" {
  source  = "terraform-aws-modules/lambda/aws"
  version = "7.20.1"

  function_name = "hook"
  handler       = "app.handler"
  runtime       = "nodejs20.x"
  source_path   = "${path.module}/hook"

  create_lambda_function_url = true
}
