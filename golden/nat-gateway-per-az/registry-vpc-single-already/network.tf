module "network" {
  source = "git::https://github.com/terraform-aws-modules/terraform-aws-vpc.git?ref=v3.19.0"

  name            = "billing"
  cidr            = var.cidr
  azs             = var.azs
  private_subnets = [for i, az in var.azs : cidrsubnet(var.cidr, 8, i)]
  public_subnets  = [for i, az in var.azs : cidrsubnet(var.cidr, 8, 100 + i)]

  enable_nat_gateway = true
  single_nat_gateway = var.stage != "prod"
}

variable "stage" {
  type = string
}

variable "cidr" {
  type    = string
  default = "10.30.0.0/16"
}

variable "azs" {
  type    = list(string)
  default = ["us-east-1a", "us-east-1b"]
}
