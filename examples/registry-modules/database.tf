module "aurora" {
  source  = "terraform-aws-modules/rds-aurora/aws"
  version = "~> 9.0"

  name           = "orders-${var.environment}"
  engine         = "aurora-postgresql"
  engine_version = "15.4"
  instance_class = "db.r6g.large"

  instances = {
    writer = {}
    reader = {}
  }

  # Scale between half an ACU and 16 ACUs.
  serverlessv2_scaling_configuration = {
    min_capacity = 0.5
    max_capacity = 16
  }

  vpc_id               = module.vpc.vpc_id
  db_subnet_group_name = module.vpc.database_subnet_group_name
  security_group_rules = {
    vpc_ingress = {
      cidr_blocks = [var.vpc_cidr]
    }
  }

  manage_master_user_password = true
  skip_final_snapshot         = true
}
