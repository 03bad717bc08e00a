terraform {
  backend "local" {
    path = "state/terraform.tfstate"
  }
}

resource "terraform_data" "marker" {
  input = "local"
}
