# Only hash comments here.
locals {
  a = 1                         # one
  b = "http://example.com/path" # a URL is not a comment
  c = <<-EOT
    // inside a heredoc: text, not a comment
    /* nor this */
  EOT
}
