environment       = "dev"
db_instance_class = "db.t4g.large"
