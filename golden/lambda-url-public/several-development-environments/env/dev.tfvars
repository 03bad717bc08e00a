stage         = "dev"
function_name = "webhook-dev"
