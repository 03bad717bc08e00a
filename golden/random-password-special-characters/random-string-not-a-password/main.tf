resource "random_string" "suffix" {
  length = 8
}

resource "aws_s3_bucket" "artifacts" {
  bucket = "artifacts-${random_string.suffix.result}"
}

output "bucket_suffix" {
  description = "Random suffix of the bucket names."
  value       = random_string.suffix.result
}
