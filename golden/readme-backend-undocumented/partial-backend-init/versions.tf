terraform {
  required_version = ">= 1.10"

  backend "s3" {
    key     = "queue/terraform.tfstate"
    encrypt = true
  }
}
