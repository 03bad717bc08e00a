module "vpc" {
  source  = "terraform-aws-modules/vpc/aws"
  version = "~> 5.8"

  name = "orders-${var.environment}"
  cidr = var.vpc_cidr

  azs              = ["${var.region}a", "${var.region}b", "${var.region}c"]
  private_subnets  = [for i in range(3) : cidrsubnet(var.vpc_cidr, 8, i)]
  public_subnets   = [for i in range(3) : cidrsubnet(var.vpc_cidr, 8, 100 + i)]
  database_subnets = [for i in range(3) : cidrsubnet(var.vpc_cidr, 8, 200 + i)]

  # One NAT gateway per AZ, so private subnets keep egress when an AZ fails.
  enable_nat_gateway     = true
  one_nat_gateway_per_az = true
}
