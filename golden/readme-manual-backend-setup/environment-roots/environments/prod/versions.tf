terraform {
  required_version = ">= 1.10"

  backend "s3" {
    bucket         = "acme-orders-state-123456789012"
    key            = "orders/prod/terraform.tfstate"
    region         = "eu-west-1"
    dynamodb_table = "acme-orders-locks"
  }
}
