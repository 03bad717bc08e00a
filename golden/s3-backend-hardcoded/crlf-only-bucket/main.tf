terraform {
  backend "s3" {
    bucket = "legacy-state-bucket"
    region = "us-east-2"
  }
}
