"""The Terraform project model: files, modules, environments and an evaluator."""
