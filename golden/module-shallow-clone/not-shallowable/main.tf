module "commit" {
  source = "git::https://example.com/network.git?ref=94729229cfcb754146c82a566227e55df6612228"
}

module "short_commit" {
  source = "github.com/acme/vpc?ref=9472922"
}

module "shallow" {
  source = "git::https://example.com/network.git?depth=1&ref=v1.2.0"
}

module "deeper" {
  source = "git::https://example.com/network.git?ref=v1.2.0&depth=5"
}

module "unpinned" {
  source = "git::https://example.com/network.git"
}

module "registry" {
  source  = "terraform-aws-modules/vpc/aws"
  version = "5.0.0"
}

module "local" {
  source = "./modules/vpc"
}

module "archive" {
  source = "https://example.com/vpc.zip?ref=v1"
}
