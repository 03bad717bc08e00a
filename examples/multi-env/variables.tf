variable "aws_region" {
  description = "AWS region to deploy into."
  type        = string
  default     = "us-east-1"
}

variable "environment_suffix" {
  description = "Environment name: dev, staging or prod."
  type        = string
}

variable "project" {
  description = "Project name, used in resource names."
  type        = string
  default     = "acme-app"
}

variable "vpc_cidr" {
  description = "CIDR block of the VPC."
  type        = string
  default     = "10.0.0.0/16"
}

variable "availability_zones" {
  description = "Availability zones for the subnets."
  type        = list(string)
  default     = ["us-east-1a", "us-east-1b", "us-east-1c"]
}

variable "db_instance_class" {
  description = "Instance class of the Aurora instances."
  type        = string
  default     = "db.r6g.large"
}

variable "db_name" {
  description = "Name of the application database."
  type        = string
  default     = "app"
}
