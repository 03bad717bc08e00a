stage             = "qa"
public_subnet_ids = { "us-east-2a" = "subnet-a", "us-east-2b" = "subnet-b", "us-east-2c" = "subnet-c" }
