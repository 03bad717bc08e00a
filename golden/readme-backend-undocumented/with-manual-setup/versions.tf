terraform {
  required_version = ">= 1.10"

  backend "s3" {
    bucket = "acme-terraform-state-123456789012"
    key    = "app/terraform.tfstate"
    region = "us-east-1"
  }
}
