variable "environment" {
  description = "Environment name: dev, staging or prod."
  type        = string
}

variable "db_instance_class" {
  description = "Instance class of the Aurora instances."
  type        = string
  default     = "db.r6g.large"
}
