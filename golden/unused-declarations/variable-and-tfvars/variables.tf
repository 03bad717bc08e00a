variable "instance_count" {
  type    = number
  default = 1
}

# The size of the instance, before we moved to autoscaling.
variable "instance_size" {
  type    = string
  default = "small"
}

variable "port" {
  type    = number
  default = 443

  validation {
    condition     = var.port > 0
    error_message = "The port must be positive."
  }
}
