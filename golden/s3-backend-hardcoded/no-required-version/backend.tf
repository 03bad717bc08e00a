terraform {
  backend "s3" {
    bucket         = "platform-state"
    key            = "network.tfstate"
    region         = "eu-central-1"
    profile        = "platform-admin"
    dynamodb_table = "platform-locks"
  }
}
