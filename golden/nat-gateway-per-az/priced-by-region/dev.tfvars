env               = "dev"
public_subnet_ids = ["subnet-1", "subnet-2", "subnet-3"]
