resource "aws_lambda_function" "api" {
  function_name = "api"
  role          = var.role_arn
  package_type  = "Image"
  image_uri     = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/api:1.4.2"
}

variable "role_arn" {
  type = string
}
