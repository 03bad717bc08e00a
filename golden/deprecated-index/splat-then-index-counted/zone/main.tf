output "name" {
  value = "zone"
}
