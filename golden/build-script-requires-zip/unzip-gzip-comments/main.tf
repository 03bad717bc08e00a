locals {
  vendor_dir = "${path.module}/vendor"
}
