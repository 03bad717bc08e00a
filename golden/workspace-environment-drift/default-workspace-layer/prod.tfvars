environment_name = "prod"
