variable "name" {
  type    = string
  default = "web"
}

variable "ports" {
  type    = list(number)
  default = [80, 443]
}

locals {
  names = ["${var.name}", "${upper(var.name)}"]
  ports = "${var.ports}"
  tags = {
    Name  = "${var.name}"
    Ports = join(",", "${var.ports}")
  }
}

output "names" {
  value = local.names
}
