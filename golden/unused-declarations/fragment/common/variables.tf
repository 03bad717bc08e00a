variable "env" {
  type = string
}

variable "region" {
  type = string
}
