variable "env" {
  description = "Environment name."
  type        = string
  default     = "dev"
}
