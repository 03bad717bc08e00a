provider "aws" {
  region = "eu-west-1"
}

resource "aws_s3_bucket" "logs" {
  bucket = "acme-logs"
}

resource "terraform_data" "marker" {
  input = aws_s3_bucket.logs.arn
}
