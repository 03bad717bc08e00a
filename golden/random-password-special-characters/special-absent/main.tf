resource "random_password" "master" {
  length = 32
}

resource "aws_rds_cluster" "main" {
  cluster_identifier  = "billing"
  engine              = "aurora-postgresql"
  master_username     = "billing"
  master_password     = random_password.master.result
  skip_final_snapshot = true
}
