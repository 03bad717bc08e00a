env               = "demo"
region            = "eu-south-2"
public_subnet_ids = ["subnet-1", "subnet-2"]
