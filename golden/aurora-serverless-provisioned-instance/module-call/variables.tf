variable "environment" {
  description = "Environment name."
  type        = string
}

variable "db_instance_class" {
  description = "Instance class of the ledger database."
  type        = string
}

variable "db_instance_count" {
  description = "Number of database instances."
  type        = number
  default     = 1
}
