output "vpc_id" {
  value = "${aws_vpc.main.id}"
}

output "name" {
  value = "prefix-${var.name}"
}
