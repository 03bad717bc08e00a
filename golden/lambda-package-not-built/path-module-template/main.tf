resource "aws_iam_role" "api" {
  name = "api"

  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "lambda.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })
}

# The API behind the function URL.
resource "aws_lambda_function" "api" {
  function_name    = "api"
  role             = aws_iam_role.api.arn
  runtime          = "python3.12"
  handler          = "index.handler"
  filename         = "${path.module}/lambda/function.zip" # built by scripts/build.sh
  source_code_hash = filebase64sha256("${path.module}/lambda/function.zip")
  timeout          = 10
}
