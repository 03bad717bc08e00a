# fixer:ignore FX023 the bucket belongs to a stack still pinned to provider v3 elsewhere
resource "aws_s3_bucket" "legacy" {
  bucket = "acme-legacy"
  acl    = "private"
}
