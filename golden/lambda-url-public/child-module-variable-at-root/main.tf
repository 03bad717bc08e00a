module "api" {
  source      = "./modules/api"
  environment = var.environment
}
