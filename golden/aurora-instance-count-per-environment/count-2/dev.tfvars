environment_suffix = "dev"
db_instance_class  = "db.t4g.medium"
