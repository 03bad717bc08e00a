"""Terraform's judgement of `fixer mv`: the result validates, and an offline plan whose state
holds the objects at their old addresses destroys and creates nothing.

Runs when terraform and the local AWS provider are present (always with CI=true); see
tests/refactor_oracle.py for how the state is seeded.
"""

from __future__ import annotations

import copy
import shutil
from pathlib import Path

import pytest
from refactor_oracle import oracle, plan_with_state, seeded_state, validate
from typer.testing import CliRunner

from fixer.cli import app

TREE = {
    "versions.tf": """\
terraform {
  required_version = ">= 1.7"

  required_providers {
    aws = {
      source = "hashicorp/aws"
    }
  }
}
""",
    "providers.tf": 'provider "aws" {\n  region = "us-east-1"\n}\n',
    "variables.tf": """\
variable "environment_suffix" {
  type = string
}

variable "azs" {
  type    = list(string)
  default = ["us-east-1a", "us-east-1b"]
}
""",
    "dev.tfvars": 'environment_suffix = "dev"\n',
    "locals.tf": """\
locals {
  name = "app-${var.environment_suffix}"
}
""",
    "network.tf": """\
resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"

  tags = {
    Name = local.name
  }
}

resource "aws_subnet" "public" {
  count             = length(var.azs)
  vpc_id            = aws_vpc.main.id
  availability_zone = var.azs[count.index]
  cidr_block        = cidrsubnet(aws_vpc.main.cidr_block, 8, count.index)
}

resource "aws_eip" "nat" {
  count  = length(var.azs)
  domain = "vpc"
}

# One NAT gateway per AZ.
resource "aws_nat_gateway" "main" {
  count         = length(var.azs)
  allocation_id = aws_eip.nat[count.index].id
  subnet_id     = aws_subnet.public[count.index].id
}

resource "aws_route_table" "private" {
  count  = length(var.azs)
  vpc_id = aws_vpc.main.id

  route {
    cidr_block     = "0.0.0.0/0"
    nat_gateway_id = aws_nat_gateway.main[count.index].id
  }

  tags = {
    Description = <<-EOT
      Routes through ${aws_nat_gateway.main[count.index].id}
    EOT
  }
}

data "aws_iam_policy_document" "assume" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["ec2.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "web" {
  name               = "${local.name}-web"
  assume_role_policy = data.aws_iam_policy_document.assume.json
  depends_on         = [aws_nat_gateway.main]
}
""",
    "moved.tf": """\
moved {
  from = aws_nat_gateway.legacy
  to   = aws_nat_gateway.main
}
""",
    "main.tf": """\
module "net" {
  source = "./modules/net"
  vpc_id = aws_vpc.main.id
}

output "security_group_id" {
  value = module.net.sg_id
}

output "nat_gateway_ids" {
  value = aws_nat_gateway.main[*].id
}
""",
    "modules/net/main.tf": """\
variable "vpc_id" {
  type = string
}

resource "aws_security_group" "web" {
  name   = "web"
  vpc_id = var.vpc_id
}

output "sg_id" {
  value = aws_security_group.web.id
}
""",
}

STEPS = [
    ("aws_nat_gateway.main", "aws_nat_gateway.nat"),
    ("module.net", "module.network"),
    ("module.network.aws_security_group.web", "module.network.aws_security_group.http"),
    ("aws_eip.nat", "module.network.aws_eip.nat"),
    ("var.environment_suffix", "var.environment"),
    ("module.network.var.vpc_id", "module.network.var.vpc"),
    ("module.network.output.sg_id", "module.network.output.security_group_id"),
    ("local.name", "local.prefix"),
    ("data.aws_iam_policy_document.assume", "data.aws_iam_policy_document.ec2_assume"),
    ("aws_iam_role.web", "aws_iam_role.server"),
]

# Where each object of the original tree must end up.
EXPECTED_MOVES = {
    "aws_nat_gateway.nat[0]": "aws_nat_gateway.main[0]",
    "aws_nat_gateway.nat[1]": "aws_nat_gateway.main[1]",
    "module.network.aws_security_group.http": "module.net.aws_security_group.web",
    "module.network.aws_eip.nat[0]": "aws_eip.nat[0]",
    "module.network.aws_eip.nat[1]": "aws_eip.nat[1]",
    "aws_iam_role.server": "aws_iam_role.web",
}


def write_tree(root: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def fixer_mv(tree: Path, old: str, new: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tree)
    result = CliRunner().invoke(app, ["mv", old, new], catch_exceptions=False)
    assert result.exit_code == 0, f"fixer mv {old} {new}: {result.stderr}"


@pytest.fixture(scope="module")
def original_state(tmp_path_factory: pytest.TempPathFactory) -> dict:
    oracle()
    tree = write_tree(tmp_path_factory.mktemp("original") / "tree", TREE)
    return seeded_state(tree, "-var-file=dev.tfvars")


def renamed_in_state(state: dict, old: tuple[str, str], new: tuple[str, str]) -> dict:
    out = copy.deepcopy(state)
    for resource in out["resources"]:
        if (resource["type"], resource["name"]) == old and "module" not in resource:
            resource["type"], resource["name"] = new
    return out


def test_every_refactoring_keeps_the_state(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, original_state: dict
) -> None:
    tree = write_tree(tmp_path / "tree", TREE)
    for old, new in STEPS:
        fixer_mv(tree, old, new, monkeypatch)
    assert validate(tree).ok
    plan = plan_with_state(tree, original_state, "-var-file=dev.tfvars")
    assert plan.destroyed == []
    assert plan.changed == []  # not even an update: every object is where it was, renamed
    for new, old in EXPECTED_MOVES.items():
        assert plan.moved_from.get(new) == old, (new, plan.moved_from)
    # A state that still holds the object of an older name follows the extended chain.
    legacy = renamed_in_state(
        original_state, ("aws_nat_gateway", "main"), ("aws_nat_gateway", "legacy")
    )
    plan = plan_with_state(tree, legacy, "-var-file=dev.tfvars")
    assert plan.destroyed == [] and plan.changed == []
    assert plan.moved_from["aws_nat_gateway.nat[1]"] == "aws_nat_gateway.legacy[1]"
    # The root module keeps its moves in moved.tf: every new one went there, after the
    # chain legacy -> main it extends; the child module's went next to its resource.
    assert (tree / "moved.tf").read_text().split("moved {")[1:] == [
        "\n  from = aws_nat_gateway.legacy\n  to   = aws_nat_gateway.main\n}\n\n",
        "\n  from = aws_nat_gateway.main\n  to   = aws_nat_gateway.nat\n}\n\n",
        "\n  from = module.net\n  to   = module.network\n}\n\n",
        "\n  from = aws_eip.nat\n  to   = module.network.aws_eip.nat\n}\n\n",
        "\n  from = aws_iam_role.web\n  to   = aws_iam_role.server\n}\n",
    ]
    child = (tree / "modules" / "net" / "main.tf").read_text()
    assert (
        "}\n\nmoved {\n  from = aws_security_group.web\n  to   = aws_security_group.http\n}\n"
        in child
    )


def test_renaming_back_undoes_the_move_and_keeps_every_state(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, original_state: dict
) -> None:
    tree = write_tree(tmp_path / "tree", TREE)
    fixer_mv(tree, "aws_nat_gateway.main", "aws_nat_gateway.nat", monkeypatch)
    snapshot = tree.parent / "after-one-rename"
    shutil.copytree(tree, snapshot)
    fixer_mv(tree, "aws_nat_gateway.nat", "aws_nat_gateway.main", monkeypatch)
    assert validate(tree).ok
    states = {
        "legacy": renamed_in_state(
            original_state, ("aws_nat_gateway", "main"), ("aws_nat_gateway", "legacy")
        ),
        "nat": renamed_in_state(
            original_state, ("aws_nat_gateway", "main"), ("aws_nat_gateway", "nat")
        ),
    }
    for name, state in states.items():
        plan = plan_with_state(tree, state, "-var-file=dev.tfvars")
        assert plan.destroyed == [] and plan.changed == [], name
        assert plan.moved_from.get("aws_nat_gateway.main[0]") == f"aws_nat_gateway.{name}[0]"


def test_the_editors_rename_keeps_the_state(tmp_path: Path, original_state: dict) -> None:
    """textDocument/rename, from a client without documentChanges (Neovim 0.7), on a
    reference and on a module label: Terraform sees the same objects, renamed."""
    from lsp_assets.harness import Session, capabilities, run
    from lsprotocol import types
    from test_lsp_rename import applied, position

    tree = write_tree(tmp_path / "tree", TREE)
    renames = [
        ("network.tf", "aws_nat_gateway.main[count.index]", 17, "nat"),
        ("main.tf", 'module "net"', 8, "network"),
    ]
    for file, needle, shift, name in renames:
        path = tree / file
        at = position(path, needle, shift)

        async def scenario(session: Session, path: Path = path, at=at, name: str = name):
            uri = session.open(path)
            return await session.client.text_document_rename_async(
                types.RenameParams(
                    text_document=types.TextDocumentIdentifier(uri=uri), position=at, new_name=name
                )
            )

        edit = run(scenario, tree, capabilities(document_changes=False, create_files=False))
        assert edit.changes and not edit.document_changes
        for rel, text in applied(tree, edit).items():
            (tree / rel).write_text(text)
    assert validate(tree).ok
    plan = plan_with_state(tree, original_state, "-var-file=dev.tfvars")
    assert plan.destroyed == [] and plan.changed == []
    assert plan.moved_from["aws_nat_gateway.nat[0]"] == "aws_nat_gateway.main[0]"
    assert plan.moved_from["module.network.aws_security_group.web"] == (
        "module.net.aws_security_group.web"
    )
