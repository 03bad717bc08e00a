env            = "qa"
azs            = ["eu-west-1a", "eu-west-1b", "eu-west-1c"]
public_subnets = ["10.20.0.0/24", "10.20.1.0/24", "10.20.2.0/24"]
