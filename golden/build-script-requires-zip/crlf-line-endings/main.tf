resource "aws_s3_object" "bundle" {
  bucket = "deploy-artifacts"
  key    = "bundle.zip"
  source = "${path.module}/bundle.zip"
}
