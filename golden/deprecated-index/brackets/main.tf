resource "terraform_data" "node" {
  count = 2
  input = "node-${count.index}"
}

output "first" {
  value = terraform_data.node[0].output
}

output "all" {
  value = terraform_data.node[*].output
}

output "version" {
  value = 1.5
}
