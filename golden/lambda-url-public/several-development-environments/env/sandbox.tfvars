stage         = "sandbox"
function_name = "webhook-sandbox"
