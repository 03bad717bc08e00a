provider "aws" {
  region  = "eu-west-1"
  version = "~> 5.0"
}

provider "random" {
  version = ">= 3.0"
}

resource "random_id" "suffix" {
  byte_length = 4
}
