variable "key" {
  type    = string
  default = "env"
}

variable "a" {
  type    = number
  default = 1
}

locals {
  by_key = { "${var.key}" = "dev" }
  double = "${var.a + 1}" * 2
}

output "double" {
  value = local.double
}
