variable "environment_suffix" {
  description = "Environment name: dev, staging or prod."
  type        = string
}

variable "db_instance_class" {
  type    = string
  default = "db.r6g.large"
}

variable "db_password" {
  type      = string
  sensitive = true
}
