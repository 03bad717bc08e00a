variable "name" {
  type = string
}

variable "legacy_name" {
  type    = string
  default = ""
}

resource "terraform_data" "web" {
  input = var.name
}
