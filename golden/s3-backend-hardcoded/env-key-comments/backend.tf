terraform {
  required_version = "~> 1.11.0"

  # Where the state lives.
  backend "s3" { # shared by every environment
    # The bucket of the prod account.
    bucket = "billing-state-210987654321"
    key    = "prod/billing.tfstate" # the prod key
    region = "eu-west-2"

    dynamodb_table       = "billing-locks"
    workspace_key_prefix = "billing"
    encrypt              = true
  }
}
