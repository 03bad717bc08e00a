resource "random_password" "db" {
  length           = 24
  override_special = "_-"
}

resource "aws_db_instance" "db" {
  identifier        = "catalog"
  engine            = "postgres"
  instance_class    = "db.t4g.micro"
  allocated_storage = 20
  username          = "catalog"
  password          = random_password.db.result
}
