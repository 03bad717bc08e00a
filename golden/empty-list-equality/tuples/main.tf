variable "names" {
  type    = list(string)
  default = []
}

locals {
  literal = []
  public  = [for name in var.names : name if name != ""] == []
  same    = local.literal == []
  counted = length(var.names) == 0
}
