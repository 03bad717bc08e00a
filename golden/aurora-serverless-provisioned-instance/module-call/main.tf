module "database" {
  source = "./modules/aurora"

  name           = "ledger-${var.environment}"
  instance_class = var.db_instance_class
  instance_count = var.db_instance_count
}
