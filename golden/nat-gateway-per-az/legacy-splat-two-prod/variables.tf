variable "environment" {
  description = "dev, staging, prod or prod-eu"
  type        = string
}

variable "tags" {
  type    = map(string)
  default = {}
}

variable "azs" {
  type    = list(string)
  default = ["ca-central-1a", "ca-central-1b", "ca-central-1d"]
}
