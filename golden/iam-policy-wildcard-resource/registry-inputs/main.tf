module "reports_policy" {
  source  = "terraform-aws-modules/iam/aws//modules/iam-policy"
  version = "~> 5.0"

  name = "reports-reader"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["s3:GetObject", "s3:ListBucket"]
      Resource = "*"
    }]
  })
}

module "worker" {
  source  = "terraform-aws-modules/lambda/aws"
  version = "~> 7.0"

  function_name = "worker"
  handler       = "index.handler"
  runtime       = "python3.12"
  source_path   = "${path.module}/src"

  attach_policy_statements = true
  policy_statements = {
    queue = {
      effect    = "Allow"
      actions   = ["sqs:ReceiveMessage", "sqs:DeleteMessage"]
      resources = ["*"]
    }
    metrics = {
      effect    = "Allow"
      actions   = ["cloudwatch:PutMetricData"]
      resources = ["*"]
    }
  }
}
