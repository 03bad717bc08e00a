output "id" {
  value = "vpc"
}
