module "aurora" {
  source  = "terraform-aws-modules/rds-aurora/aws"
  version = "~> 9.0"

  name           = "orders-${var.environment}"
  engine         = "aurora-postgresql"
  engine_version = "15.4"
  instance_class = "db.r6g.large"

  instances = {
    one = {}
    two = {}
  }

  # Scale between half an ACU and 16 ACUs.
  serverlessv2_scaling_configuration = {
    min_capacity = 0.5
    max_capacity = 16
  }

  vpc_id               = var.vpc_id
  db_subnet_group_name = var.db_subnet_group_name
}
