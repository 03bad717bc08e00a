variable "name" {
  type = string
}

resource "aws_s3_bucket" "this" {
  bucket = var.name

  server_side_encryption_configuration {
    rule {
      apply_server_side_encryption_by_default {
        sse_algorithm = "AES256"
      }
    }
  }
}
