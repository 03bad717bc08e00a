"""fixer: codemods for Terraform code."""
