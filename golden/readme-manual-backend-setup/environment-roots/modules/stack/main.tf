variable "environment" {
  type = string
}

resource "aws_sqs_queue" "orders" {
  name = "orders-${var.environment}"
}
