"""A resource moved into a local module: block, inputs, output, uses, moved block; refusals."""

from __future__ import annotations

from textwrap import dedent

import pytest
from refactor_helpers import files_of, moved, refused

from fixer.syntax.format import format_source

CALLER = """
module "net" {
  source = "./modules/net"
  cidr   = var.cidr
}

variable "cidr" {
  type = string
}

locals {
  tags = { Team = "platform" }
}

data "aws_ami" "ubuntu" {
  most_recent = true
}

# Web servers, one per AZ.
resource "aws_instance" "web" {
  count         = 2
  ami           = data.aws_ami.ubuntu.id
  instance_type = "t3.micro"
  cidr          = var.cidr
  tags = merge(local.tags, {
    Name = "web-${count.index}"
  })
}

output "web_ids" {
  value = aws_instance.web[*].id
}

import {
  to = aws_instance.web[0]
  id = "i-1"
}
"""

CHILD = """
variable "cidr" {
  type = string
}

resource "aws_vpc" "this" {
  cidr_block = var.cidr
}
"""


def project(**extra: str) -> dict:
    return files_of(main__tf=CALLER, modules__net__main__tf=CHILD, **extra)


def test_the_block_its_inputs_its_uses_and_the_moved_block() -> None:
    files = project()
    result = moved(files, "aws_instance.web", "module.net.aws_instance.web")
    assert result.title == "Move aws_instance.web to module.net.aws_instance.web"
    main = result.texts["main.tf"]
    assert main.startswith(
        dedent(
            """\
            module "net" {
              source            = "./modules/net"
              cidr              = var.cidr
              aws_ami_ubuntu_id = data.aws_ami.ubuntu.id
              tags              = local.tags
            }

            moved {
              from = aws_instance.web
              to   = module.net.aws_instance.web
            }
            """
        )
    )
    assert "# Web servers" not in main
    assert "value = module.net.web[*].id" in main
    assert "to = module.net.aws_instance.web[0]" in main  # import blocks target the resource
    child = result.texts["modules/net/main.tf"]
    assert child == dedent(CHILD).lstrip() + dedent(
        """
        # Web servers, one per AZ.
        resource "aws_instance" "web" {
          count         = 2
          ami           = var.aws_ami_ubuntu_id
          instance_type = "t3.micro"
          cidr          = var.cidr
          tags = merge(var.tags, {
            Name = "web-${count.index}"
          })
        }

        variable "aws_ami_ubuntu_id" {
          description = "data.aws_ami.ubuntu.id of the calling module"
          type        = any
        }

        variable "tags" {
          description = "local.tags of the calling module"
          type        = any
        }
        """
    )
    # The module has no output yet: a new outputs.tf, as the standard module structure has it.
    assert result.texts["modules/net/outputs.tf"] == dedent(
        """\
        output "web" {
          description = "aws_instance.web, for the calling module"
          value       = aws_instance.web
        }
        """
    )
    assert result.created == {"modules/net/outputs.tf"}
    for text in result.texts.values():
        assert format_source(text) == text


def test_new_blocks_go_to_the_modules_conventional_files() -> None:
    files = project(
        modules__net__variables__tf='variable "region" {\n  type = string\n}\n',
        modules__net__outputs__tf='output "vpc_id" {\n  value = aws_vpc.this.id\n}\n',
    )
    result = moved(files, "aws_instance.web", "module.net.aws_instance.server")
    assert 'resource "aws_instance" "server"' in result.texts["modules/net/main.tf"]
    assert 'variable "tags"' in result.texts["modules/net/variables.tf"]
    assert 'output "server"' in result.texts["modules/net/outputs.tf"]
    assert "module.net.server[*].id" in result.texts["main.tf"]
    assert "to   = module.net.aws_instance.server\n" in result.texts["main.tf"]


def test_an_editor_that_cannot_create_files_gets_them_in_existing_ones() -> None:
    from fixer.refactor.address import parse_address
    from fixer.refactor.changes import ChangeSet
    from fixer.refactor.into_module import move_into_module
    from fixer.refactor.scope import Scope

    files = files_of(main__tf=CALLER, modules__net__network__tf=CHILD)
    scope = Scope(files)
    changes = ChangeSet(files, can_create=False)
    root = scope.module("")
    move_into_module(
        scope,
        root,
        parse_address("aws_instance.web"),
        "net",
        parse_address("module.net.aws_instance.web"),
        changes,
    )
    assert set(changes.texts()) == {"main.tf", "modules/net/network.tf"}


@pytest.mark.parametrize(
    ("extra", "old", "new", "message"),
    [
        ({}, "aws_instance.web", "module.nope.aws_instance.web", "module.nope is not declared"),
        ({}, "aws_instance.web", "module.net.aws_vpc.web", "different types"),
        ({}, "aws_instance.web", "module.net.aws_vpc.this", "different types"),
        ({}, "data.aws_ami.ubuntu", "module.net.data.aws_ami.ubuntu", "in different modules"),
    ],
)
def test_refusals(extra: dict, old: str, new: str, message: str) -> None:
    assert message in refused(project(**extra), old, new)


def test_refused_when_the_target_exists() -> None:
    files = project()
    files = files_of(
        main__tf=CALLER.replace('"aws_instance" "web"', '"aws_vpc" "this"').replace(
            "aws_instance.web", "aws_vpc.this"
        ),
        modules__net__main__tf=CHILD,
    )
    assert "module.net.aws_vpc.this already exists (modules/net/main.tf:5)" in refused(
        files, "aws_vpc.this", "module.net.aws_vpc.this"
    )


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (('  source = "./modules/net"', '  source = "./modules/net"\n  count  = 2'), "has count"),
        (
            ("  count         = 2\n", "  count         = 2\n  provider      = aws.east\n"),
            "sets `provider`",
        ),
        (('  instance_type = "t3.micro"', '  instance_type = "${path.module}/x"'), "path.module"),
        (('  instance_type = "t3.micro"', "  instance_type = module.net.size"), "reads module.net"),
        (
            (
                '  instance_type = "t3.micro"',
                '  instance_type = "t3.micro"\n  depends_on    = [local.tags]',
            ),
            "depends_on names local.tags",
        ),
        (
            ("  cidr   = var.cidr\n", "  cidr   = var.cidr\n  ids    = aws_instance.web[*].id\n"),
            "module.net itself reads",
        ),
        (
            (
                'output "web_ids"',
                'resource "aws_eip" "e" {\n  lifecycle {\n    replace_triggered_by = [aws_instance.web]\n  }\n}\n\noutput "web_ids"',
            ),
            "replace_triggered_by",
        ),
        (
            ('  source = "./modules/net"', '  source = "terraform-aws-modules/vpc/aws"'),
            "a remote module",
        ),
    ],
)
def test_not_mechanical_is_refused_with_the_reason(change: tuple[str, str], message: str) -> None:
    old, new = change
    assert old in CALLER
    files = files_of(main__tf=CALLER.replace(old, new, 1), modules__net__main__tf=CHILD)
    assert message in refused(files, "aws_instance.web", "module.net.aws_instance.web")


def test_refused_when_the_module_has_other_callers() -> None:
    files = project(other__tf='module "net2" {\n  source = "./modules/net"\n  cidr   = "x"\n}\n')
    assert "is also called as module.net2 (other.tf)" in refused(
        files, "aws_instance.web", "module.net.aws_instance.web"
    )


def test_an_argument_the_call_already_passes_is_reused() -> None:
    files = project()
    result = moved(files, "aws_instance.web", "module.net.aws_instance.web")
    assert "cidr          = var.cidr" in result.texts["modules/net/main.tf"]
    assert 'variable "cidr"' not in result.texts["modules/net/main.tf"].split("resource")[1]
