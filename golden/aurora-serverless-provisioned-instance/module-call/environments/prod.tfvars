environment       = "prod"
db_instance_class = "db.r7g.xlarge"
db_instance_count = 3
