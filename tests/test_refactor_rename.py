"""Renames: every reference in the project follows, and nothing else changes."""

from __future__ import annotations

from textwrap import dedent

import pytest
from refactor_helpers import files_of, moved, refused, text_after

from fixer.syntax.format import format_source

NETWORK = """
# The NAT gateways, one per AZ.
resource "aws_nat_gateway" "main" {
  count         = 2
  allocation_id = aws_eip.nat[count.index].id
  subnet_id     = "subnet-1" # public
}

resource "aws_eip" "nat" {
  count  = 2
  domain = "vpc"
}

resource "aws_route" "private" {
  count                  = 2
  route_table_id         = "rtb-1"
  nat_gateway_id         = aws_nat_gateway.main[count.index].id
  destination_cidr_block = "0.0.0.0/0"
  depends_on             = [aws_nat_gateway.main]

  lifecycle {
    replace_triggered_by = [aws_nat_gateway.main[count.index]]
  }
}

locals {
  ids    = aws_nat_gateway.main[*].id
  legacy = aws_nat_gateway.main.*.id
  text   = <<-EOT
    gateways: ${join(",", aws_nat_gateway.main[*].id)}
    literal: $${aws_nat_gateway.main.id}
  EOT
  inline = "first: ${aws_nat_gateway.main[0].id}"
  loop   = [for aws_nat_gateway in ["x"] : aws_nat_gateway]
  first  = "%{for g in aws_nat_gateway.main}${g.id} %{endfor}"
}

output "nat_ids" {
  value = [for g in aws_nat_gateway.main : g.id]
}
"""


def test_resource_rename_rewrites_every_reference_and_writes_a_moved_block() -> None:
    files = files_of(main__tf=NETWORK)
    result = moved(files, "aws_nat_gateway.main", "aws_nat_gateway.nat")
    after = result.texts["main.tf"]
    expected = (
        files["main.tf"]
        .text.replace("aws_nat_gateway.main", "aws_nat_gateway.nat")
        .replace('"aws_nat_gateway" "main"', '"aws_nat_gateway" "nat"')
        .replace("$${aws_nat_gateway.nat.id}", "$${aws_nat_gateway.main.id}")
        .replace(
            '  subnet_id     = "subnet-1" # public\n}\n',
            '  subnet_id     = "subnet-1" # public\n}\n\n'
            "moved {\n  from = aws_nat_gateway.main\n  to   = aws_nat_gateway.nat\n}\n",
        )
    )
    assert after == expected
    assert "[for aws_nat_gateway in" in after  # a for-expression's own name is no reference
    assert result.title == "Rename aws_nat_gateway.main to aws_nat_gateway.nat"
    assert result.summary == "9 references rewritten, 1 file changed, 1 moved block written"


def test_data_source_rename_writes_no_moved_block() -> None:
    files = files_of(
        main__tf="""
        data "aws_ami" "ubuntu" {
          most_recent = true
        }

        resource "aws_instance" "web" {
          ami = data.aws_ami.ubuntu.id
        }
        """
    )
    result = moved(files, "data.aws_ami.ubuntu", "data.aws_ami.jammy")
    assert result.texts["main.tf"] == files["main.tf"].text.replace("ubuntu", "jammy")
    assert "moved" not in result.texts["main.tf"]


def test_module_rename_rewrites_outputs_reads_and_depends_on() -> None:
    files = files_of(
        main__tf="""
        module "net" {
          source = "./modules/net"
        }

        resource "aws_instance" "web" {
          subnet_id  = module.net.subnet_ids[0]
          depends_on = [module.net]
        }
        """,
        modules__net__main__tf="""
        output "subnet_ids" {
          value = ["s-1"]
        }
        """,
    )
    result = moved(files, "module.net", "module.network")
    assert result.texts["main.tf"] == dedent(
        """\
        module "network" {
          source = "./modules/net"
        }

        moved {
          from = module.net
          to   = module.network
        }

        resource "aws_instance" "web" {
          subnet_id  = module.network.subnet_ids[0]
          depends_on = [module.network]
        }
        """
    )


def test_variable_rename_follows_into_callers_tfvars_and_tests() -> None:
    files = files_of(
        main__tf="""
        module "app" {
          source = "./app"
          name   = "x"
          size   = 2
        }
        """,
        app__variables__tf="""
        variable "size" {
          type = number

          validation {
            condition     = var.size > 0
            error_message = "Positive."
          }
        }
        """,
        app__main__tf="""
        resource "aws_instance" "a" {
          count = var.size
        }
        """,
        **{
            "app/tests/size.tftest.hcl": """
        variables {
          size = 1
        }

        run "one" {
          variables {
            size = 3
          }

          assert {
            condition     = length(aws_instance.a) == var.size
            error_message = "Count."
          }
        }
        """
        },
    )
    result = moved(files, "module.app.var.size", "module.app.var.instance_count")
    assert result.texts["main.tf"].splitlines()[1:4] == [
        '  source         = "./app"',
        '  name           = "x"',
        "  instance_count = 2",
    ]
    assert result.texts["app/variables.tf"] == files["app/variables.tf"].text.replace(
        "size", "instance_count"
    )
    assert "count = var.instance_count" in result.texts["app/main.tf"]
    test = result.texts["app/tests/size.tftest.hcl"]
    assert test == files["app/tests/size.tftest.hcl"].text.replace(
        "size = 1", "instance_count = 1"
    ).replace("size = 3", "instance_count = 3").replace("var.size", "var.instance_count")
    assert result.summary == "6 references rewritten, 4 files changed"


def test_root_variable_rename_edits_tfvars_of_its_environments_and_notes_scripts() -> None:
    files = files_of(
        variables__tf="""
        variable "environment_suffix" {
          type = string
        }

        variable "db_class" {
          type = string
        }
        """,
        main__tf="""
        locals {
          name = "app-${var.environment_suffix}"
        }
        """,
        dev__tfvars='environment_suffix = "dev"\ndb_class           = "small"\n',
        prod__tfvars='environment_suffix = "prod"\ndb_class = "large"\n',
        deploy__sh="terraform plan -var environment_suffix=dev\nexport TF_VAR_environment_suffix=x\n",
    )
    result = moved(files, "var.environment_suffix", "var.environment")
    assert result.texts["dev.tfvars"] == 'environment = "dev"\ndb_class    = "small"\n'
    # prod.tfvars was not canonical: only the renamed line changes
    assert result.texts["prod.tfvars"] == 'environment = "prod"\ndb_class = "large"\n'
    assert "deploy.sh" not in result.texts
    assert any(
        "deploy.sh:1" in note and "-var environment_suffix=" in note for note in result.notes
    )
    assert any(
        "deploy.sh:2" in note and "TF_VAR_environment_suffix" in note for note in result.notes
    )


def test_local_rename_realigns_its_run() -> None:
    files = files_of(
        main__tf="""
        locals {
          ids  = ["a"]
          name = "x" # the name
        }

        output "ids" {
          value = local.ids
        }
        """
    )
    result = moved(files, "local.ids", "local.gateway_ids")
    assert result.texts["main.tf"] == dedent(
        """\
        locals {
          gateway_ids = ["a"]
          name        = "x" # the name
        }

        output "ids" {
          value = local.gateway_ids
        }
        """
    )


def test_output_rename_follows_into_every_caller_and_notes_whole_uses() -> None:
    files = files_of(
        main__tf="""
        module "a" {
          source = "./net"
        }

        module "b" {
          source = "./net"
          count  = 2
        }

        locals {
          one  = module.a.vpc_id
          many = module.b[*].vpc_id
          each = module.b[0].vpc_id
          all  = module.a
        }
        """,
        net__main__tf="""
        output "vpc_id" {
          value = "vpc-1"
        }
        """,
    )
    result = moved(files, "module.a.output.vpc_id", "module.a.output.id")
    assert result.texts["net/main.tf"] == 'output "id" {\n  value = "vpc-1"\n}\n'
    main = result.texts["main.tf"]
    assert "one  = module.a.id" in main
    assert "many = module.b[*].id" in main
    assert "each = module.b[0].id" in main
    assert any("module.a is used as a whole at main.tf:14" in note for note in result.notes)


def test_root_output_rename_says_remote_state_is_out_of_reach() -> None:
    files = files_of(main__tf='output "vpc_id" {\n  value = "x"\n}\n')
    result = moved(files, "output.vpc_id", "output.id")
    assert any("terraform_remote_state" in note for note in result.notes)


def test_non_canonical_file_keeps_its_other_lines() -> None:
    files = files_of(
        main__tf="""
        resource "aws_vpc" "main" {
        cidr_block="10.0.0.0/16"
        }
        output "id" {
          value    =    aws_vpc.main.id
        }
        """
    )
    result = moved(files, "aws_vpc.main", "aws_vpc.this")
    after = result.texts["main.tf"]
    assert 'cidr_block="10.0.0.0/16"' in after
    assert "value    =    aws_vpc.this.id" in after


def test_crlf_and_bom_are_kept() -> None:
    files = files_of(
        main__tf='resource "aws_vpc" "main" {\n}\n\noutput "id" {\n  value = aws_vpc.main.id\n}\n'
    )
    source = files["main.tf"]
    files["main.tf"] = type(source)("main.tf", source.text.replace("\n", "\r\n"), True)
    result = moved(files, "aws_vpc.main", "aws_vpc.this")
    after = result.texts["main.tf"]
    assert "\n" not in after.replace("\r\n", "")
    assert after.count("\r\n") == files["main.tf"].text.count("\r\n") + 5


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("aws_vpc.nope", "aws_vpc.x", "aws_vpc.nope is not declared"),
        ("aws_vpc.main", "aws_vpc.other", r"aws_vpc.other already exists \(main.tf:4\)"),
        ("aws_vpc.main", "aws_subnet.main", "different types"),
        ("aws_vpc.main", "aws_vpc.main", "the same address"),
        ("aws_vpc.main", "aws_vpc.main[0]", "instance keys"),
        ("aws_vpc.main", "aws vpc", "not a Terraform address"),
        ("aws_vpc.main", "module.x", "a resource and module.x a module call"),
        ("var.size", "var.count", "reserved"),
        ("module.zz.aws_x.y", "module.zz.aws_x.z", "module.zz is not declared"),
        ("module.remote.aws_x.y", "module.remote.aws_x.z", "a remote module"),
        ("module.app.aws_x.y", "module.other.aws_x.y", "different modules"),
        ("module.app.aws_x.y", "aws_x.y", "out of its module is not supported"),
    ],
)
def test_user_errors_are_values_with_a_message(old: str, new: str, message: str) -> None:
    files = files_of(
        main__tf="""
        resource "aws_vpc" "main" {
        }

        resource "aws_vpc" "other" {
        }

        variable "size" {
        }

        module "remote" {
          source = "terraform-aws-modules/vpc/aws"
        }

        module "app" {
          source = "./app"
        }

        module "other" {
          source = "./app"
        }
        """,
        app__main__tf='resource "aws_x" "y" {\n}\n',
    )
    assert pytest.importorskip("re").search(message, refused(files, old, new))


def test_a_reverse_rename_undoes_the_moved_block() -> None:
    files = files_of(
        main__tf="""
        resource "aws_vpc" "new" {
        }

        moved {
          from = aws_vpc.old
          to   = aws_vpc.new
        }
        """
    )
    result = moved(files, "aws_vpc.new", "aws_vpc.old")
    assert result.texts["main.tf"] == dedent(
        """\
        resource "aws_vpc" "old" {
        }

        moved {
          from = aws_vpc.new
          to   = aws_vpc.old
        }
        """
    )


def test_results_are_canonical_and_a_second_identical_move_is_refused() -> None:
    files = files_of(main__tf=NETWORK)
    result = moved(files, "aws_nat_gateway.main", "aws_nat_gateway.nat")
    text = result.texts["main.tf"]
    assert format_source(text) == text
    again = files_of(main__tf=text)
    assert "not declared" in refused(again, "aws_nat_gateway.main", "aws_nat_gateway.nat")
    assert text_after(result, files, "main.tf") == text
