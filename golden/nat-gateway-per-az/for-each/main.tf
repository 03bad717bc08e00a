variable "environment" {
  type = string
}

variable "public_subnet_ids" {
  description = "Public subnet per AZ."
  type        = map(string)
}

resource "aws_eip" "nat" {
  for_each = var.public_subnet_ids
  domain   = "vpc"
}

resource "aws_nat_gateway" "this" {
  for_each      = var.public_subnet_ids
  allocation_id = aws_eip.nat[each.key].id
  subnet_id     = each.value
}
