env            = "dev"
azs            = ["eu-west-1a", "eu-west-1b"]
public_subnets = ["10.20.0.0/24", "10.20.1.0/24"]
