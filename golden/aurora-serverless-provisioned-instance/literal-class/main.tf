resource "aws_rds_cluster" "reporting" {
  cluster_identifier          = "reporting"
  engine                      = "aurora-mysql"
  engine_version              = "8.0.mysql_aurora.3.05.2"
  master_username             = "admin"
  manage_master_user_password = true
  skip_final_snapshot         = true

  # Serverless v2 capacity range (ACUs).
  serverlessv2_scaling_configuration {
    min_capacity = 1
    max_capacity = 8
  } # scales with load

  tags = {
    Team = "analytics"
  }
}

resource "aws_rds_cluster_instance" "writer" {
  identifier         = "reporting-writer"
  cluster_identifier = aws_rds_cluster.reporting.cluster_identifier
  instance_class     = "db.r6g.large"
  engine             = aws_rds_cluster.reporting.engine
  engine_version     = aws_rds_cluster.reporting.engine_version
}
