variable "environment" {
  type = string
}

variable "db_instance_count" {
  description = "Number of Aurora instances (writer and readers)."
  type        = number
  default     = 2
}

resource "aws_rds_cluster" "main" {
  cluster_identifier          = "orders-${var.environment}"
  engine                      = "aurora-postgresql"
  master_username             = "app"
  manage_master_user_password = true
}

resource "aws_rds_cluster_instance" "main" {
  count              = var.db_instance_count
  identifier         = "orders-${var.environment}-${count.index}"
  cluster_identifier = aws_rds_cluster.main.id
  instance_class     = "db.r6g.large"
  engine             = aws_rds_cluster.main.engine
}
