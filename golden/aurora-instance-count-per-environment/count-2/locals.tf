locals {
  name_prefix = "acme-${var.environment_suffix}"
}
