// The bucket for access logs.
resource "terraform_data" "logs" {
  input = "acme-logs" // must be unique
}

//////////////////////////////
// Outputs
//////////////////////////////
output "logs" {
  value = terraform_data.logs.output //no space after the slashes
}
