variable "environment" {
  type = string
}

variable "azs" {
  type    = list(string)
  default = ["us-east-1a", "us-east-1b", "us-east-1c"]
}

variable "public_subnet_ids" {
  type = list(string)
}

locals {
  nat_gateway_count = var.environment == "prod" ? length(var.azs) : 1
}

resource "aws_eip" "nat" {
  count  = local.nat_gateway_count
  domain = "vpc"
}

resource "aws_nat_gateway" "this" {
  count         = local.nat_gateway_count
  allocation_id = aws_eip.nat[count.index].id
  subnet_id     = var.public_subnet_ids[count.index]
}

resource "aws_nat_gateway" "inline" {
  count         = var.environment == "prod" ? length(var.azs) : 1
  allocation_id = aws_eip.nat[count.index].id
  subnet_id     = var.public_subnet_ids[count.index]
}

resource "aws_eip" "egress" {
  domain = "vpc"
}

resource "aws_nat_gateway" "single" {
  allocation_id = aws_eip.egress.id
  subnet_id     = var.public_subnet_ids[0]
}
