environment  = "prod"
reader_count = 2
