locals {
  name = "billing-${terraform.workspace}"
  tags = {
    Environment = var.env
  }
}
