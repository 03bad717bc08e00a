variable "region" {
  type    = string
  default = "eu-west-1"
}

variable "environment" {
  description = "Environment name: dev, staging or prod."
  type        = string
}

variable "vpc_cidr" {
  type    = string
  default = "10.20.0.0/16"
}

variable "zones" {
  description = "Availability zone -> subnet number."
  type        = map(number)
  default = {
    "eu-west-1a" = 1
    "eu-west-1b" = 2
    "eu-west-1c" = 3
  }
}
