environment       = "prod"
public_subnet_ids = { a = "subnet-1a1", b = "subnet-1b2", c = "subnet-1c3" }
