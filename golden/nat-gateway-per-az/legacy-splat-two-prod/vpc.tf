resource "aws_vpc" "main" {
  cidr_block = "10.1.0.0/16"
}

resource "aws_subnet" "public" {
  count             = 3
  vpc_id            = aws_vpc.main.id
  cidr_block        = cidrsubnet("10.1.0.0/16", 8, count.index)
  availability_zone = var.azs[count.index]
}

resource "aws_eip" "natgw" {
  count  = length(aws_subnet.public)
  domain = "vpc"
}

resource "aws_nat_gateway" "natgw" {
  count = length(aws_subnet.public)

  allocation_id = aws_eip.natgw.*.id[count.index]
  subnet_id     = aws_subnet.public.*.id[count.index]

  tags = merge(var.tags, {
    Name = "${var.environment} NAT ${count.index}"
  })
}

resource "aws_route_table" "private" {
  count  = 3
  vpc_id = aws_vpc.main.id

  route {
    cidr_block     = "0.0.0.0/0"
    nat_gateway_id = aws_nat_gateway.natgw.*.id[count.index]
  }
}

resource "aws_route" "private_ipv6_egress" {
  count                       = 3
  route_table_id              = aws_route_table.private[count.index].id
  destination_ipv6_cidr_block = "64:ff9b::/96"
  nat_gateway_id              = element(aws_nat_gateway.natgw.*.id, count.index)
}
