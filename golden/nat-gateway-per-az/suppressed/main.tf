variable "environment" {
  type = string
}

variable "azs" {
  type    = list(string)
  default = ["us-east-1a", "us-east-1b"]
}

variable "public_subnet_ids" {
  type = list(string)
}

resource "aws_eip" "nat" {
  count  = length(var.azs)
  domain = "vpc"
}

# fixer:ignore FX008 staging runs the zonal failover drills and needs a gateway per AZ
resource "aws_nat_gateway" "this" {
  count         = length(var.azs)
  allocation_id = aws_eip.nat[count.index].id
  subnet_id     = var.public_subnet_ids[count.index]
}
