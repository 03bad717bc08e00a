resource "terraform_data" "app" {
  input = "app-${var.env}"
}

locals {
  unused_here = true
}
