resource "terraform_data" "node" {
  count = 2
  input = "node-${count.index}"
}

output "all" {
  value = terraform_data.node.*.output
}

output "nested" {
  value = terraform_data.node.*.input.0
}
