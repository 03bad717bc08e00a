variable "environment_name" {
  type = string
}
