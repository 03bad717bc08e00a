resource "aws_instance" "app" {
  ami           = "ami-0123456789abcdef0"
  instance_type = var.instance_type
  tags          = merge(local.tags, { Name = local.name })
}
