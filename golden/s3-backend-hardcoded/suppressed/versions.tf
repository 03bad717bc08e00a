terraform {
  required_version = ">= 1.10"

  # fixer:ignore FX007 single sandbox account, the bucket never changes
  backend "s3" {
    bucket = "sandbox-state"
    key    = "sandbox.tfstate"
    region = "us-west-2"
  }
}
