variable "name" {
  type = string
}

locals {
  tag = upper(var.name)
}

provider "aws" {
  alias  = "east"
  region = "us-east-1"
}

module "child" {
  source = "./child"
  providers = {
    aws = aws.east
  }
}

check "health" {
  data "aws_region" "current" {}

  assert {
    condition     = data.aws_region.current.name != ""
    error_message = "No region."
  }
}

resource "terraform_data" "web" {
  input = local.tag
}
