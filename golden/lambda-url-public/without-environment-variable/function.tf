resource "aws_lambda_function" "thumbnailer" {
  function_name = "thumbnailer"
  role          = "arn:aws:iam::123456789012:role/thumbnailer"
  runtime       = "nodejs20.x"
  handler       = "index.handler"
  filename      = "thumbnailer.zip"
}

resource "aws_lambda_function_url" "thumbnailer" {
  function_name      = aws_lambda_function.thumbnailer.function_name
  authorization_type = "NONE"

  cors {
    allow_origins = ["*"]
    allow_methods = ["*"]
  }
}
