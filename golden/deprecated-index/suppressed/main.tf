resource "terraform_data" "node" {
  count = 2
  input = "node-${count.index}"
}

# fixer:ignore FX015 generated code, regenerated upstream
output "first" {
  value = terraform_data.node.0.output
}
