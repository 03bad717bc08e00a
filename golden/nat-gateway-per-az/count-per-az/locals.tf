locals {
  name_prefix = "acme-${var.environment_suffix}"

  common_tags = {
    Environment = var.environment_suffix
    ManagedBy   = "terraform"
  }
}
