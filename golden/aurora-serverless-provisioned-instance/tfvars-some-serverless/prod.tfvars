environment       = "prod"
db_instance_class = "db.r6g.2xlarge"
