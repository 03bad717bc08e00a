resource "aws_rds_cluster" "main" {
  cluster_identifier  = "acme-${var.environment_suffix}-aurora"
  engine              = "aurora-postgresql"
  engine_version      = "15.4"
  master_username     = "app_admin"
  master_password     = var.db_password
  skip_final_snapshot = true
}

resource "aws_rds_cluster_instance" "main" {
  count              = 2
  identifier         = "acme-${var.environment_suffix}-aurora-${count.index}"
  cluster_identifier = aws_rds_cluster.main.id
  instance_class     = var.db_instance_class
  engine             = aws_rds_cluster.main.engine
  engine_version     = aws_rds_cluster.main.engine_version
}
