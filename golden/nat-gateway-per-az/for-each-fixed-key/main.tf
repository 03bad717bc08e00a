provider "aws" {
  region = "us-east-2"
}

variable "stage" {
  type = string
}

variable "azs" {
  type    = list(string)
  default = ["us-east-2a", "us-east-2b", "us-east-2c"]
}

variable "public_subnet_ids" {
  description = "Public subnet of each zone."
  type        = map(string)
}

resource "aws_eip" "nat" {
  for_each = toset(var.azs)
  domain   = "vpc"
}

resource "aws_nat_gateway" "zone" {
  for_each      = toset(var.azs)
  allocation_id = aws_eip.nat[each.key].id
  subnet_id     = var.public_subnet_ids[each.key]
}

resource "aws_route" "private_egress" {
  for_each               = toset(var.azs)
  route_table_id         = "rtb-${each.key}"
  destination_cidr_block = "0.0.0.0/0"
  nat_gateway_id         = aws_nat_gateway.zone["us-east-2a"].id
}
