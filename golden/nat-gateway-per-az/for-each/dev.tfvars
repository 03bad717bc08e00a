environment       = "dev"
public_subnet_ids = { a = "subnet-0a1", b = "subnet-0b2" }
