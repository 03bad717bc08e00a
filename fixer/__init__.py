"""fixer: codemods for Terraform code."""

__version__ = "0.1.0"
