variable "stage" {
  type = string
}

variable "azs" {
  type    = list(string)
  default = ["us-west-2a", "us-west-2b"]
}
