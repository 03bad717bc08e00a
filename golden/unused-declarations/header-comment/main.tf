# This module creates the web tier.
data "aws_caller_identity" "current" {}

resource "terraform_data" "web" {
  input = "web"
}
