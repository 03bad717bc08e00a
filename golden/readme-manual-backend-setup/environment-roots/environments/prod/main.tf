module "stack" {
  source      = "../../modules/stack"
  environment = "prod"
}
