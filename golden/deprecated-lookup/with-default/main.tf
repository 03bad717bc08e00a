variable "sizes" {
  type    = map(string)
  default = {}
}

locals {
  size = lookup(var.sizes, "dev", "small")
}
