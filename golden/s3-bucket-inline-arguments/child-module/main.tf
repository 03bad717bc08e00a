module "storage" {
  source = "./modules/storage"
  name   = "acme-data"
}
