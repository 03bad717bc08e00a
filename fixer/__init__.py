"""fixer: codemods for Terraform code."""

__version__ = "0.1.0"

# Where the project is published; rule links in reports and the editor point into it.
PROJECT_URL = "https://github.com/fixer-tf/fixer"
RULES_URL = PROJECT_URL + "/blob/main/docs/rules.md#{code}"
