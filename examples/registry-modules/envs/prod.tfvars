environment = "prod"
region      = "us-east-1"
vpc_cidr    = "10.50.0.0/16"
