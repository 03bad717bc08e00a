module "network" {
  source = "./modules/network"

  environment = var.stage
  azs         = var.azs
  cidr        = "10.30.0.0/16"
}
