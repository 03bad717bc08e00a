terraform {
  backend "s3" {
    bucket  = "acme-state-eu"
    key     = "network/terraform.tfstate"
    region  = "eu-west-1"
    profile = "acme-ops"
  }
}
