resource "aws_s3_bucket" "logs" {
  bucket = "acme-logs"
}

resource "aws_s3_bucket" "replica" {
  provider = aws.replica
  bucket   = "acme-logs-replica"
}

resource "terraform_data" "marker" {
  input = aws_s3_bucket.logs.arn
}

data "terraform_remote_state" "network" {
  backend = "local"
  config = {
    path = "network.tfstate"
  }
}
