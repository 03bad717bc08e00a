environment = "prod-eu"
