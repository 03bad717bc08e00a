output "instance_endpoints" {
  value = aws_rds_cluster_instance.main[*].endpoint
}

output "writer_instance" {
  value = aws_rds_cluster_instance.main[0].id
}
