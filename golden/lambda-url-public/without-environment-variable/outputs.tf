output "thumbnailer_url" {
  description = "URL of the thumbnailer."
  value       = aws_lambda_function_url.thumbnailer.function_url
}
