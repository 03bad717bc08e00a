data "aws_ssm_parameter" "instance_class" {
  name = "/platform/aurora/instance-class"
}

resource "aws_rds_cluster" "main" {
  cluster_identifier          = "inventory"
  engine                      = "aurora-postgresql"
  master_username             = "inventory"
  manage_master_user_password = true

  serverlessv2_scaling_configuration {
    min_capacity = 0.5
    max_capacity = 4
  }
}

resource "aws_rds_cluster_instance" "main" {
  cluster_identifier = aws_rds_cluster.main.id
  instance_class     = data.aws_ssm_parameter.instance_class.value
  engine             = aws_rds_cluster.main.engine
}

resource "aws_rds_cluster_instance" "reader" {
  cluster_identifier = aws_rds_cluster.main.id
  instance_class     = var.reader_class
  engine             = aws_rds_cluster.main.engine
}

variable "reader_class" {
  description = "Set by the pipeline with -var."
  type        = string
}
