resource "terraform_data" "node" {
  count = 2
  input = "node-${count.index}"
}

output "first" {
  value = terraform_data.node.0.output
}

output "second_in_a_string" {
  value = "second: ${terraform_data.node.1.output}"
}
