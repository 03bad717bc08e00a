environment_suffix = "staging"
