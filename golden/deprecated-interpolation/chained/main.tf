variable "name" {
  type    = string
  default = "web"
}

locals {
  # A string inside a string inside a string: one fix unwraps the chain.
  name  = "${"${"${var.name}"}"}"
  names = ["${"${upper(var.name)}"}"]
}

output "names" {
  value = [local.name, local.names]
}
