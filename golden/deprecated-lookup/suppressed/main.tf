variable "sizes" {
  type    = map(string)
  default = { dev = "small" }
}

locals {
  size = lookup(var.sizes, "dev") # fixer:ignore FX017
}
