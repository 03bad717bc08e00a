variable "environment" {
  description = "Environment name."
  type        = string
}
