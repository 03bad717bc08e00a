locals {
  name = "acme-${terraform.workspace}"
}

resource "aws_sqs_queue" "jobs" {
  name = "${local.name}-jobs"
  tags = { Environment = var.environment }
}
