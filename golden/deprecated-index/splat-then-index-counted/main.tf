resource "terraform_data" "subnet" {
  count = 2
  input = "subnet-${count.index}"
}

resource "terraform_data" "nat" {
  count = 2
  input = terraform_data.subnet.*.output[count.index]
}

module "zone" {
  source = "./zone"
  count  = 2
}

output "first_zone" {
  value = module.zone.*.name[0]
}
