variable "environment" {
  description = "Environment name: dev or prod."
  type        = string
}
