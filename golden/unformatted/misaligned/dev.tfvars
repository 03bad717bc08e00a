environment="dev"
region = "eu-west-1"
