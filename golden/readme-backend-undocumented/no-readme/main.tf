resource "aws_sqs_queue" "jobs" {
  name = "acme-${terraform.workspace}-jobs"
  tags = { Environment = var.environment }
}
