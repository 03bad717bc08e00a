variable "environment" {
  description = "dev, staging or prod"
  type        = string
}

variable "region" {
  type    = string
  default = "eu-west-1"
}
