variable "environment" {
  type = string
}

resource "aws_rds_cluster" "main" {
  cluster_identifier          = "api-${var.environment}"
  engine                      = "aurora-postgresql"
  master_username             = "app"
  manage_master_user_password = true
}

resource "aws_rds_cluster_instance" "main" {
  # fixer:ignore FX009 dev runs the failover tests, it needs a reader
  count              = 2
  identifier         = "api-${var.environment}-${count.index}"
  cluster_identifier = aws_rds_cluster.main.id
  instance_class     = "db.t4g.medium"
  engine             = aws_rds_cluster.main.engine
}
