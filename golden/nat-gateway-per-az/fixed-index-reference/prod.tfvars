environment       = "prod"
public_subnet_ids = ["subnet-4", "subnet-5"]
