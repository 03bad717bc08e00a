environment_suffix = "staging"
db_instance_class  = "db.r6g.large"
