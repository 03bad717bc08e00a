variable "sizes" {
  type = map(string)
  default = {
    dev  = "small"
    prod = "large"
  }
}

variable "env" {
  type    = string
  default = "dev"
}

locals {
  size = lookup(var.sizes, var.env)
  tags = { Size = lookup(var.sizes, "prod") }
  both = lookup(
    var.env == "prod" ? var.sizes : { dev = "tiny" },
    var.env,
  )
}

output "size" {
  value = local.size
}
