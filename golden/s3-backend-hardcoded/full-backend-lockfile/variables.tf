variable "project" {
  type    = string
  default = "acme"
}

variable "environment" {
  type = string
}
