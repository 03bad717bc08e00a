resource "aws_s3_bucket" "artifacts" {
  bucket = "acme-lambda-artifacts"
}

resource "aws_s3_object" "api" {
  bucket = aws_s3_bucket.artifacts.id
  key    = "api/function.zip"
  source = "${path.module}/lambda/function.zip"
  etag   = filemd5("${path.module}/lambda/function.zip")
}

resource "aws_lambda_function" "api" {
  function_name = "api"
  role          = var.role_arn
  runtime       = "python3.12"
  handler       = "index.handler"
  s3_bucket     = aws_s3_object.api.bucket
  s3_key        = aws_s3_object.api.key
}

variable "role_arn" {
  type = string
}
