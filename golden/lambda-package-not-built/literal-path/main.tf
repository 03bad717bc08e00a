terraform {
  required_version = ">= 1.5"
}

provider "aws" {
  region = "eu-west-1"
}

resource "aws_lambda_function" "worker" {
  function_name    = "worker"
  role             = var.role_arn
  runtime          = "nodejs20.x"
  handler          = "worker.handler"
  filename         = "handlers/worker.zip"
  source_code_hash = filebase64sha256("handlers/worker.zip")
}

variable "role_arn" {
  type = string
}
