resource "aws_lambda_layer_version" "deps" {
  layer_name          = "deps"
  filename            = "${path.module}/build/layer.zip"
  compatible_runtimes = ["python3.12"]
}
