resource "aws_s3_bucket" "logs" {
bucket = "logs"
    force_destroy=true
  tags = {
  Name="logs"   # the name
    Environment = var.environment
  }
}

variable "environment" {
  type = "string"
}
