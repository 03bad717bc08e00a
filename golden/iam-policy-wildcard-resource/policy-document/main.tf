resource "aws_lambda_function" "resize" {
  function_name = local.function_name
  role          = aws_iam_role.resize.arn
  runtime       = "python3.12"
  handler       = "index.handler"
  s3_bucket     = "acme-artifacts"
  s3_key        = "resize.zip"
}

resource "aws_cloudwatch_log_group" "resize" {
  name              = "/aws/lambda/${local.function_name}"
  retention_in_days = 14
}

locals {
  function_name = "image-resize"
}

resource "aws_iam_role" "resize" {
  name               = "image-resize"
  assume_role_policy = data.aws_iam_policy_document.assume.json
}

data "aws_iam_policy_document" "assume" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com"]
    }
  }
}

data "aws_iam_policy_document" "logs" {
  # Lambda writes its logs here.
  statement {
    sid       = "Logs"
    actions   = ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"]
    resources = ["*"]
  }
}

resource "aws_iam_policy" "logs" {
  name   = "image-resize-logs"
  policy = data.aws_iam_policy_document.logs.json
}

resource "aws_iam_role_policy_attachment" "logs" {
  role       = aws_iam_role.resize.name
  policy_arn = aws_iam_policy.logs.arn
}
