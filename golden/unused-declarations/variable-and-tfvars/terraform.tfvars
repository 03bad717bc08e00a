instance_count = 2
instance_size  = "large"
port           = 8443
