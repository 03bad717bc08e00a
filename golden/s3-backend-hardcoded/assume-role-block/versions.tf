terraform {
  required_version = ">= 1.10"

  backend "s3" {
    bucket       = "acme-terraform-state-123456789012"
    key          = "network/terraform.tfstate"
    region       = "eu-west-1"
    use_lockfile = true

    # The state lives in the shared-services account.
    assume_role {
      role_arn     = "arn:aws:iam::123456789012:role/terraform-state"
      session_name = "terraform"
    }
  }
}
