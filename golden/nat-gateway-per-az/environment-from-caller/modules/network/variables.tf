variable "environment" {
  type = string
}

variable "azs" {
  type = list(string)
}

variable "cidr" {
  type = string
}
