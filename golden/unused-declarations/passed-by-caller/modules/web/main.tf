resource "terraform_data" "web" {
  input = var.name
}
