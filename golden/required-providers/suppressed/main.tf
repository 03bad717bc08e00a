# fixer:ignore FX021 the platform team pins providers in a wrapper
provider "aws" {
  region = "eu-west-1"
}
