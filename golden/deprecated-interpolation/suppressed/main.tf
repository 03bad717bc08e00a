variable "name" {
  type    = string
  default = "web"
}

locals {
  # fixer:ignore FX016 kept in the 0.11 style on purpose
  names = ["${var.name}"]
}
