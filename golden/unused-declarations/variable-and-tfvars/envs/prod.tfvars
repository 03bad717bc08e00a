instance_count = 4
instance_size  = "xlarge" # the biggest
