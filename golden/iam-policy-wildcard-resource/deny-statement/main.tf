data "aws_iam_policy_document" "guardrail" {
  statement {
    effect    = "Deny"
    actions   = ["s3:DeleteBucket", "s3:PutBucketPolicy"]
    resources = ["*"]
  }
}

resource "aws_iam_policy" "guardrail" {
  name   = "guardrail"
  policy = data.aws_iam_policy_document.guardrail.json
}
