terraform {
  required_version = ">= 1.3, < 1.5"
}

resource "aws_s3_bucket" "data" {
  bucket              = "acme-data"
  acceleration_status = "Enabled"
}
