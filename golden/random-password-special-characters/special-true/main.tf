resource "random_password" "admin" {
  # Rotated whenever the instance is rebuilt.
  length  = 20
  special = true

  keepers = {
    instance = var.instance_name
  }
}

resource "aws_db_instance" "admin" {
  identifier        = var.instance_name
  engine            = "mysql"
  instance_class    = "db.t4g.micro"
  allocated_storage = 20
  username          = "admin"
  password          = random_password.admin.result
}

variable "instance_name" {
  description = "Identifier of the database instance."
  type        = string
}
