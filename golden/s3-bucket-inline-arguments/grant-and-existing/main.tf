data "aws_canonical_user_id" "current" {}

resource "aws_s3_bucket" "shared" {
  bucket = "acme-shared"
  policy = "{}"

  grant {
    id          = data.aws_canonical_user_id.current.id
    type        = "CanonicalUser"
    permissions = ["FULL_CONTROL"]
  }

  versioning {
    enabled = false
  }
}

resource "aws_s3_bucket_policy" "shared_policy" {
  bucket = aws_s3_bucket.shared.id
  policy = "{}"
}
