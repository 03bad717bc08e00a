env               = "qa"
region            = "sa-east-1"
public_subnet_ids = ["subnet-1", "subnet-2"]
