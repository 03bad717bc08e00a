locals {
  name_prefix = "${var.project}-${terraform.workspace}"

  common_tags = {
    Project     = var.project
    Environment = var.environment_suffix
    ManagedBy   = "terraform"
  }
}
