terraform {
  required_version = ">= 1.4.0"
}

resource "aws_s3_bucket" "reports" {
  bucket = "reports-${var.environment}"
}
