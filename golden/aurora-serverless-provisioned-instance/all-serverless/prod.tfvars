environment       = "prod"
db_instance_class = "db.serverless"
