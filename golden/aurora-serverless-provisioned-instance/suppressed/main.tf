resource "aws_rds_cluster" "main" {
  cluster_identifier          = "search"
  engine                      = "aurora-postgresql"
  master_username             = "search"
  manage_master_user_password = true

  # fixer:ignore FX002 we move to db.serverless next sprint and keep the range ready
  serverlessv2_scaling_configuration {
    min_capacity = 1
    max_capacity = 8
  }
}

resource "aws_rds_cluster_instance" "main" {
  cluster_identifier = aws_rds_cluster.main.id
  instance_class     = "db.r6g.large"
  engine             = aws_rds_cluster.main.engine
}
