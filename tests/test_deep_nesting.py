"""Deep nesting through the whole tool: every codemod's walk over a project whose
values and blocks nest 10,000 levels deep (as terraform accepts them) ends in findings,
never in an internal error (a RecursionError before these walks became iterative)."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from fixer.cli import app

DEEP = 10_000
VALUES = {
    "tuples": "[" * DEEP + '"*"' + "]" * DEEP,
    "objects": "{a = " * DEEP + "1" + "}" * DEEP,
    "parens": "(" * DEEP + "1" + ")" * DEEP,
    "templates": '"${' * DEEP + "var.v" + '}"' * DEEP,
    "calls": "concat(" * DEEP + "[aws_iam_role.r.arn]" + ', ["*"])' * DEEP,
}
NESTED = 'dynamic "d" {\ncontent {\n' * (DEEP // 2)
UNNESTED = "}\n}\n" * (DEEP // 2)


def project(value: str) -> str:
    """Files where the codemods look: policies, passwords, backends, counts, outputs."""
    return f"""terraform {{
  backend "s3" {{
    bucket         = "b"
    dynamodb_table = {value}
  }}
}}
variable "v" {{
  default = {value}
}}
locals {{
  password = {value}
}}
resource "aws_iam_role" "r" {{
  assume_role_policy = jsonencode({value})
}}
resource "aws_iam_policy" "p" {{
  policy = jsonencode({{ Statement = [{{ Effect = "Allow", Resource = {value} }}] }})
}}
resource "random_password" "r" {{
  special = {value}
}}
resource "aws_db_instance" "d" {{
  password = {value}
  count    = {value}
}}
resource "aws_nat_gateway" "n" {{
  count = {value}
}}
output "o" {{
  value = terraform.workspace == "prod" ? {value} : 1
}}
"""


DEEP_BLOCKS = f"""resource "random_password" "r" {{
  length = 8
}}
resource "aws_iam_role" "r" {{
  name = "r"
}}
resource "aws_db_instance" "d" {{
{NESTED}password = random_password.r.result
resources = ["*"]
# fixer:ignore FX006
condition = terraform.workspace == "default"
{UNNESTED}}}
data "aws_iam_policy_document" "d" {{
{NESTED}resources = ["*"]
role = aws_iam_role.r.arn
{UNNESTED}}}
"""


def run(root: Path, *command: str) -> str:
    """One fixer command in-process; it ends in findings or none, never an internal error."""
    result = CliRunner().invoke(app, [*command, "--jobs", "1", str(root)], catch_exceptions=False)
    output = result.stdout + result.stderr
    assert result.exit_code in (0, 1), output[-2000:]
    assert "internal error" not in output, output[-2000:]
    assert "error" not in output.lower(), output[-2000:]
    return output


def run_check(root: Path) -> str:
    return run(root, "check")


def fix_and_fmt(root: Path) -> None:
    """fix then fmt change the deep files as they mean to; a second run changes nothing."""
    run(root, "fix", "--unsafe-fixes")
    run(root, "fmt")
    after = {path: path.read_bytes() for path in root.iterdir()}
    run(root, "fix", "--unsafe-fixes")
    run(root, "fmt", "--check")
    assert after == {path: path.read_bytes() for path in root.iterdir()}


@pytest.mark.parametrize("kind", sorted(VALUES))
def test_deep_values_through_every_codemod(tmp_path: Path, kind: str) -> None:
    (tmp_path / "main.tf").write_text(project(VALUES[kind]))
    (tmp_path / "dev.tfvars").write_text(f"v = {VALUES[kind]}\n")
    run_check(tmp_path)
    fix_and_fmt(tmp_path)


def test_deep_blocks_through_every_codemod(tmp_path: Path) -> None:
    (tmp_path / "main.tf").write_text(DEEP_BLOCKS)
    output = run_check(tmp_path)
    assert "FX001" in output  # the nested blocks are not indented


def test_deep_blocks_through_fix_and_fmt(tmp_path: Path) -> None:
    # Indented, 10,000 nested blocks take 2 * 10,000 ** 2 bytes of spaces: past the file
    # size limit; 1,000 levels (about 4 MB once formatted) are as deep as a file to write goes.
    nested = 'dynamic "d" {\ncontent {\n' * 500
    unnested = "}\n}\n" * 500
    (tmp_path / "main.tf").write_text(f'resource "a" "b" {{\n{nested}password = 1\n{unnested}}}\n')
    fix_and_fmt(tmp_path)
    fixed = (tmp_path / "main.tf").read_text()
    assert "\n" + "  " * 1001 + "password = 1\n" in fixed
