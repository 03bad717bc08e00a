stage = "production"
azs   = ["us-west-2a", "us-west-2b", "us-west-2c"]
