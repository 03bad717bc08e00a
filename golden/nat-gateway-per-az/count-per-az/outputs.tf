output "nat_gateway_ids" {
  description = "IDs of the NAT gateways."
  value       = aws_nat_gateway.main[*].id
}

output "nat_public_ips" {
  description = "Public addresses of the NAT gateways."
  value       = aws_eip.nat[*].public_ip
}
