resource "aws_rds_cluster" "shared" {
  cluster_identifier          = "shared-aurora"
  engine                      = "aurora-postgresql"
  master_username             = "app"
  manage_master_user_password = true
}

resource "aws_rds_cluster_instance" "shared" {
  count              = 2
  identifier         = "shared-aurora-${count.index}"
  cluster_identifier = aws_rds_cluster.shared.id
  instance_class     = "db.r6g.large"
  engine             = aws_rds_cluster.shared.engine
}
