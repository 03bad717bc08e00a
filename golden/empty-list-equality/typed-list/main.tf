variable "subnet_ids" {
  type    = list(string)
  default = []
}

resource "terraform_data" "subnet_group" {
  count = var.subnet_ids == [] ? 0 : 1
  input = var.subnet_ids
}

output "has_subnets" {
  value = [] != var.subnet_ids
}
