module "thumbnails" {
  source = "./modules/function"

  name = "thumbnails"
}
