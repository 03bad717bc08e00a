terraform {
  backend "s3" {
    bucket = "infra-state-eu"
    key    = "infra.tfstate"
    region = "eu-west-1"
  }
}
