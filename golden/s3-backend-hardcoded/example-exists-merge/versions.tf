terraform {
  required_version = ">= 1.5"

  backend "s3" {
    bucket         = "acme-terraform-state-123456789012"
    key            = "app/terraform.tfstate"
    region         = "us-east-1" # where the state bucket lives
    dynamodb_table = "acme-terraform-locks"
    encrypt        = true
  }
}
