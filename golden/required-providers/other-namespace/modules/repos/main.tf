resource "github_repository" "infra" {
  name = "infra"
}
