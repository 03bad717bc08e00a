variables {
  name = "web"
}

run "plan" {
  command = plan

  assert {
    condition     = local.tag == "WEB"
    error_message = "The tag is the upper-case name."
  }
}
