variable "environment" {
  type = string
}

variable "reader_count" {
  type    = number
  default = 1
}

resource "aws_rds_cluster" "small" {
  cluster_identifier          = "small-${var.environment}"
  engine                      = "aurora-postgresql"
  master_username             = "app"
  manage_master_user_password = true
}

resource "aws_rds_cluster_instance" "single" {
  count              = 1
  identifier         = "small-${var.environment}-0"
  cluster_identifier = aws_rds_cluster.small.id
  instance_class     = "db.t4g.medium"
  engine             = aws_rds_cluster.small.engine
}

resource "aws_rds_cluster_instance" "sized" {
  count              = var.environment == "dev" ? 1 : 1 + var.reader_count
  identifier         = "small-${var.environment}-sized-${count.index}"
  cluster_identifier = aws_rds_cluster.small.id
  instance_class     = "db.t4g.medium"
  engine             = aws_rds_cluster.small.engine
}

resource "aws_rds_cluster_instance" "readers" {
  count              = 1 + var.reader_count
  identifier         = "small-${var.environment}-reader-${count.index}"
  cluster_identifier = aws_rds_cluster.small.id
  instance_class     = "db.t4g.medium"
  engine             = aws_rds_cluster.small.engine
}
