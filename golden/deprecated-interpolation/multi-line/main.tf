variable "replicas" {
  type    = number
  default = 2
}

variable "zones" {
  type    = list(string)
  default = ["a", "b"]
}

locals {
  # A line break inside ${ } is allowed; outside brackets it would end the value.
  sizing = {
    total = "${var.replicas
    * length(var.zones)}"
    mode = "${var.replicas > 1
      ? "ha"
    : "single"}"
    zones = "${join(",",
    var.zones)}"
  }
}

output "sizing" {
  value = local.sizing
}
