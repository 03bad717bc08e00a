variable "name" {
  description = "Name of the cluster."
  type        = string
}

variable "instance_class" {
  description = "Instance class of every instance."
  type        = string
  default     = "db.serverless"
}

variable "instance_count" {
  description = "Number of instances."
  type        = number
  default     = 1
}
