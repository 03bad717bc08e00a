resource "terraform_data" "web" {
  count = var.instance_count
  input = "web-${count.index}"
}
