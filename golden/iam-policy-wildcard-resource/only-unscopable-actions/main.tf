resource "aws_iam_role_policy" "metrics" {
  name = "metrics"
  role = aws_iam_role.app.id

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect = "Allow"
      Action = [
        "cloudwatch:PutMetricData",
        "ec2:DescribeInstances",
        "ecr:GetAuthorizationToken",
        "xray:PutTraceSegments",
        "logs:Describe*",
      ]
      Resource = "*"
    }]
  })
}

resource "aws_iam_role" "app" {
  name = "app"

  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "ecs-tasks.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })
}
