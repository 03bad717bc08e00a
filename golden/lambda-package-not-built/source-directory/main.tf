resource "aws_lambda_function" "ingest" {
  function_name    = "ingest"
  role             = var.role_arn
  runtime          = "python3.12"
  handler          = "app.main.handler"
  filename         = "${path.module}/src/ingest.zip"
  source_code_hash = filebase64sha256("${path.module}/src/ingest.zip")
}
