terraform {
  required_version = ">= 1.5.0, < 2.0.0"

  backend "s3" {
    bucket         = "shop-tfstate"
    key            = "shop/terraform.tfstate"
    region         = "eu-west-1"
    dynamodb_table = "shop-tflocks"
  }
}

resource "aws_s3_bucket" "assets" {
  bucket = "shop-assets"
}
