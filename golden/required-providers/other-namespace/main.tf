provider "github" {
  owner = "acme"
}

module "repos" {
  source = "./modules/repos"
}
