terraform {
  required_version = ">= 1.6"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.0"
    }
  }

  backend "s3" {
    key          = "orders/terraform.tfstate"
    use_lockfile = true
  }
}

provider "aws" {
  region = var.region
}
