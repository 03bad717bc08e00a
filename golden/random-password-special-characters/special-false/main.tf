resource "random_password" "db" {
  length  = 24
  special = var.password_special
}

variable "password_special" {
  description = "Whether the database password has special characters."
  type        = bool
  default     = false
}

resource "aws_db_instance" "db" {
  identifier        = "catalog"
  engine            = "postgres"
  instance_class    = "db.t4g.micro"
  allocated_storage = 20
  username          = "catalog"
  password          = random_password.db.result
}
