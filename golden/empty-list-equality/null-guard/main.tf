variable "cidrs" {
  type    = list(string)
  default = null
}

variable "zones" {
  type    = list(string)
  default = null
}

locals {
  no_cidrs = var.cidrs == null || var.cidrs == []
  no_zones = var.zones == []
}
