module "web" {
  source = "./modules/web"

  name          = "web"
  instance_size = "large"
}
