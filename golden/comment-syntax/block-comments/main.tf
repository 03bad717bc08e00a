/*
 * Network layout.
 *
 *   10.0.0.0/16 for the VPC
 */
resource "terraform_data" "network" {
  /* the CIDR block
     of the whole VPC */
  input = "10.0.0.0/16"
}

/*
resource "terraform_data" "old" {
  input = "disabled"
}
*/

locals {
  cidr = "10.0.0.0/16" /* one line, at the end */
  mask = 16 /* inline */ + 0
}
