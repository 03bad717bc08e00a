locals {
  prefix       = terraform.workspace == "default" ? "" : "${terraform.workspace}-"
  is_temporary = terraform.workspace != "default"
}

resource "aws_sqs_queue" "jobs" {
  name = "${local.prefix}jobs-${var.environment_name}"
}
