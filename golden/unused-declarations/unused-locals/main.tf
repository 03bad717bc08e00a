locals {
  name   = "web"
  prefix = "acme"
  full   = "${local.prefix}-web"
}

locals {
  unused_alone = true
}

resource "terraform_data" "web" {
  input = local.name
}
