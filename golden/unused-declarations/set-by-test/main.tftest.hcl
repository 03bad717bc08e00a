run "plan" {
  command = plan

  variables {
    name        = "web"
    legacy_name = "old-web"
  }
}
