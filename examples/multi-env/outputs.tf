output "vpc_id" {
  description = "ID of the VPC."
  value       = aws_vpc.main.id
}

output "api_url" {
  description = "URL of the API function."
  value       = aws_lambda_function_url.api.function_url
}

output "db_endpoint" {
  description = "Writer endpoint of the Aurora cluster."
  value       = aws_rds_cluster.main.endpoint
}
