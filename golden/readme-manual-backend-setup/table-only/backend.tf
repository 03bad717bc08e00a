terraform {
  backend "s3" {
    key = "payments.tfstate"
  }
}
