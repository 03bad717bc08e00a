environment       = "staging"
db_instance_class = "db.serverless"
