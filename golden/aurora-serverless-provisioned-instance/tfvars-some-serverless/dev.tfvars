environment       = "dev"
db_instance_class = "db.serverless"
