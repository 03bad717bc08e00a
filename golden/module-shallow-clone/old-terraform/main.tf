terraform {
  required_version = ">= 0.13"
}

module "auth0" {
  source = "github.com/acme/terraform-auth0?ref=2.1.6"
}
