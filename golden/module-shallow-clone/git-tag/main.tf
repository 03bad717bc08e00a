terraform {
  required_version = ">= 1.5"
}

module "vpc" {
  source = "git::https://example.com/network.git//vpc?ref=v1.2.0"
}

module "dns" {
  source = "git::ssh://git@example.com/infra/dns.git?ref=release-3"
}

module "scp" {
  source = "git@github.com:acme/iam.git?ref=v2.0.0"
}
