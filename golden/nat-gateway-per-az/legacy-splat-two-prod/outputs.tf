output "nat_ips" {
  value = aws_eip.natgw[*].public_ip
}

output "first_nat_gateway" {
  value = aws_nat_gateway.natgw[0].id
}
