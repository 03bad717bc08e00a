resource "aws_lambda_layer_version" "deps" {
  layer_name          = "deps"
  filename            = "${path.module}/layers/deps.zip"
  source_code_hash    = filebase64sha256("${path.module}/layers/deps.zip")
  compatible_runtimes = ["python3.12"]
}
