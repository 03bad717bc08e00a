variable "env" {
  type = string
}

resource "aws_rds_cluster" "this" {
  cluster_identifier          = "orders-${var.env}"
  engine                      = "aurora-mysql"
  master_username             = "orders"
  manage_master_user_password = true
}

resource "aws_rds_cluster_instance" "this" {
  # A writer and two readers.
  count = 3

  identifier         = "orders-${var.env}-${count.index}"
  cluster_identifier = aws_rds_cluster.this.id
  instance_class     = "db.r6g.large"
  engine             = aws_rds_cluster.this.engine
}
