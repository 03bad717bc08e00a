terraform {
  required_providers {
    aws = {
      version = ">= 5.0"
    }
    random = { version = ">= 3.0" }
  }
}
