module "stack" {
  source      = "../../modules/stack"
  environment = "nonprod"
}
