env           = "prod"
instance_type = "m6i.large"
