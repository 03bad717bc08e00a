terraform {
  required_version = ">= 1.10"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.0"
    }
  }

  backend "s3" {
    key          = "orders/prod/terraform.tfstate"
    use_lockfile = true
  }
}

provider "aws" {
  region = "eu-west-1"
}
