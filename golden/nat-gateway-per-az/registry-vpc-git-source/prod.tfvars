stage = "prod"
azs   = ["us-east-1a", "us-east-1b", "us-east-1c"]
