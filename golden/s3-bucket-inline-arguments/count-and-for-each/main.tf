terraform {
  required_version = ">= 1.7"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.0"
    }
  }
}

variable "buckets" {
  type = map(object({
    public = bool
  }))
}

resource "aws_s3_bucket" "by_name" {
  for_each = var.buckets
  bucket   = "acme-${each.key}"
  acl      = each.value.public ? "public-read" : "private"

  website {
    index_document = "index.html"
  }
}

resource "aws_s3_bucket" "logs" {
  count         = 3
  provider      = aws.logs
  bucket        = "acme-logs-${count.index}"
  request_payer = "Requester"

  logging {
    target_bucket = "acme-audit"
    target_prefix = "logs/${count.index}/"
  }
}

provider "aws" {
  alias  = "logs"
  region = "eu-west-1"
}

output "endpoints" {
  value = { for name, bucket in aws_s3_bucket.by_name : name => bucket.website_endpoint }
}

output "first_endpoint" {
  value = aws_s3_bucket.by_name["a"].website_endpoint
}

output "payers" {
  value = aws_s3_bucket.logs[*].request_payer
}
