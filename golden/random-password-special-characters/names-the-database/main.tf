resource "random_password" "db" {
  length  = 32
  special = true
}

resource "aws_secretsmanager_secret" "db" {
  name = "app/db"
}

resource "aws_secretsmanager_secret_version" "db" {
  secret_id = aws_secretsmanager_secret.db.id
  secret_string = jsonencode({
    username = "app"
    password = random_password.db.result
  })
}

resource "aws_rds_cluster" "main" {
  cluster_identifier = "app"
  engine             = "aurora-postgresql"
  master_username    = "app"
  master_password    = random_password.db.result
}
