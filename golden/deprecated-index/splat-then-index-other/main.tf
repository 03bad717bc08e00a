variable "subnets" {
  type = list(object({ id = string }))
  default = [
    { id = "a" },
    { id = "b" },
  ]
}

locals {
  subnets = [{ id = "a" }, { id = "b" }]
}

output "first_local" {
  value = local.subnets.*.id[0]
}

output "first_variable" {
  value = var.subnets.*.id[1]
}
