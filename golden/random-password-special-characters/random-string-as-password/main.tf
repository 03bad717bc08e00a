resource "random_string" "docdb_master" {
  length  = 32
  upper   = true
  numeric = true
}

locals {
  docdb_credentials = {
    username = "catalog"
    password = random_string.docdb_master.result
  }
}

resource "aws_docdb_cluster" "catalog" {
  cluster_identifier  = "catalog"
  engine              = "docdb"
  master_username     = local.docdb_credentials.username
  master_password     = local.docdb_credentials.password
  skip_final_snapshot = true
}
