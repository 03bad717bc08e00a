terraform {
  required_version = ">= 1.5"
}

module "vpc" {
  # fixer:ignore FX020 our git server does not support shallow clones
  source = "git::https://example.com/network.git?ref=v1.2.0"
}
