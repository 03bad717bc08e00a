variable "name" {
  type = string
}

variable "instance_size" {
  type = string
}
