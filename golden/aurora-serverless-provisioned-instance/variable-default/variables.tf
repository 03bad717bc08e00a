variable "instance_class" {
  description = "Instance class of the cluster's instances."
  type        = string
  default     = "db.r6g.large"
}

variable "instance_count" {
  description = "How many instances the cluster runs."
  type        = number
  default     = 2
}

variable "min_acu" {
  description = "Minimum Aurora capacity units."
  type        = number
  default     = 0.5
}

variable "max_acu" {
  description = "Maximum Aurora capacity units."
  type        = number
  default     = 8
}
