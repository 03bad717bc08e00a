variable "role_arn" {
  description = "Execution role of the function."
  type        = string
}
