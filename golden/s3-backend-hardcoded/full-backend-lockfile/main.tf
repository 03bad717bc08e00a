resource "aws_sqs_queue" "jobs" {
  name = "${var.project}-${var.environment}-jobs"
}
