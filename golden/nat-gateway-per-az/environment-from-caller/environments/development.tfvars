stage = "development"
