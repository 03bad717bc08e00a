stage         = "prod"
function_name = "webhook"
