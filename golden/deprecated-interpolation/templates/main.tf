variable "name" {
  type    = string
  default = "web"
}

locals {
  prefixed = "app-${var.name}"
  escaped  = "$${var.name}"
  heredoc  = <<-EOT
    ${var.name}
  EOT
  already  = var.name
}
