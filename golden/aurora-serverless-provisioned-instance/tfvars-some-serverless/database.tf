resource "aws_rds_cluster" "main" {
  cluster_identifier          = "payments-${var.environment}"
  engine                      = "aurora-postgresql"
  engine_mode                 = "provisioned"
  engine_version              = "15.4"
  master_username             = "payments"
  manage_master_user_password = true

  # Serverless v2 in dev and staging: scale to the floor when idle.
  serverlessv2_scaling_configuration {
    min_capacity = 0.5 # the smallest Aurora allows
    max_capacity = 4
  }

  lifecycle {
    prevent_destroy = true
  }
}

resource "aws_rds_cluster_instance" "main" {
  count              = 2
  identifier         = "payments-${var.environment}-${count.index}"
  cluster_identifier = aws_rds_cluster.main.id
  instance_class     = var.db_instance_class
  engine             = aws_rds_cluster.main.engine
  engine_version     = aws_rds_cluster.main.engine_version
}
