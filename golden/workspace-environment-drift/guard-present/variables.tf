variable "env" {
  description = "Environment name."
  type        = string
}

resource "terraform_data" "workspace_guard" {
  lifecycle {
    precondition {
      condition     = terraform.workspace == "default" || terraform.workspace == var.env
      error_message = "Wrong workspace for ${var.env}."
    }
  }
}

variable "instance_type" {
  type    = string
  default = "t3.micro"
}
