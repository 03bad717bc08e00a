# fixer:ignore FX010 workspaces are named team-env on purpose; CI checks the pairing
variable "env" {
  description = "Environment name."
  type        = string
}

variable "instance_type" {
  type    = string
  default = "t3.micro"
}
