environment_name = "dev"
