terraform {
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 3.74"
    }
  }
}

resource "aws_s3_bucket" "data" {
  bucket = "acme-data"
  acl    = "private"

  versioning {
    enabled = true
  }
}
