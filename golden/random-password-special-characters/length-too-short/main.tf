resource "random_password" "pin" {
  length      = var.pin_length
  min_numeric = 2
}

variable "pin_length" {
  description = "Length of the kiosk PIN."
  type        = number
  default     = 6
}

resource "aws_ssm_parameter" "kiosk_password" {
  name  = "/kiosk/password"
  type  = "SecureString"
  value = random_password.pin.result
}
