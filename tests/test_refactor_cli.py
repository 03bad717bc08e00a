"""`fixer mv`: the dry-run diff, writing through the write path, exit codes, hostile cases."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result
from unidiff import PatchSet

import fixer.refactor.cli as mv_cli
from fixer.cli import app

DEMO = Path(__file__).resolve().parents[1] / "examples" / "multi-env"


def invoke(args: list[str], cwd: Path, monkeypatch: pytest.MonkeyPatch) -> Result:
    monkeypatch.chdir(cwd)
    return CliRunner().invoke(app, args, catch_exceptions=False)


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    tree = tmp_path / "multi-env"
    shutil.copytree(DEMO, tree)
    return tree


def snapshot(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }


def test_dry_run_prints_the_diff_and_writes_nothing(
    demo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = snapshot(demo)
    result = invoke(
        ["mv", "--dry-run", "aws_nat_gateway.main", "aws_nat_gateway.nat"], demo, monkeypatch
    )
    assert result.exit_code == 1, result.stderr  # a dry run that would change files, as fix's
    assert snapshot(demo) == before
    patch = PatchSet(result.stdout)
    assert [f.path for f in patch] == ["network.tf"]
    assert "+moved {" in result.stdout
    assert "@@ fixer mv aws_nat_gateway.main aws_nat_gateway.nat\n" in result.stdout
    assert (
        "@@ -44,12 +44,17 @@ fixer mv aws_nat_gateway.main aws_nat_gateway.nat\n" in result.stdout
    )
    assert "+    nat_gateway_id = aws_nat_gateway.nat[count.index].id" in result.stdout
    assert result.stderr.splitlines() == [
        "Would rename aws_nat_gateway.main to aws_nat_gateway.nat: 1 reference rewritten, "
        "1 file changed, 1 moved block written.",
        "Would change 1 file: 2 hunks, +7 -2.",
    ]


def test_mv_writes_what_the_dry_run_showed(demo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    args = ["var.environment_suffix", "var.environment"]
    unformatted = invoke(["check", "--select", "FX001", "."], demo, monkeypatch).stdout
    assert "lambda.tf" in unformatted  # the demo's unformatted file stays the only one
    shown = invoke(["mv", "--dry-run", *args], demo, monkeypatch).stdout
    result = invoke(["mv", *args], demo, monkeypatch)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert result.stderr.startswith("Renamed var.environment_suffix to var.environment: ")
    assert (demo / "dev.tfvars").read_text().startswith('environment       = "dev"\n')
    changed = {f.path for f in PatchSet(shown)}
    assert changed == {
        "dev.tfvars",
        "lambda.tf",
        "locals.tf",
        "prod.tfvars",
        "staging.tfvars",
        "variables.tf",
    }
    again = invoke(["mv", "--dry-run", *args], demo, monkeypatch)
    assert again.exit_code == 2
    assert "var.environment_suffix is not declared" in again.stderr
    check = invoke(["check", "--select", "FX001", "."], demo, monkeypatch)
    assert check.stdout == unformatted  # the canonical files it wrote are canonical still


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["aws_vpc.nope", "aws_vpc.x"], "aws_vpc.nope is not declared"),
        (["aws_vpc.main", "aws_subnet.public"], "different types"),
        (["aws_eip.nat", "aws_eip.nat"], "the same address"),
        (["aws_vpc.main", "aws_vpc.main[0]"], "instance keys"),
        (["aws_vpc.main", "aws_vpc"], "a resource is TYPE.NAME"),
        (["aws_eip.nat", "aws_eip.main"], None),  # valid: the control case
    ],
)
def test_user_errors_exit_2_with_one_line_and_write_nothing(
    demo: Path, monkeypatch: pytest.MonkeyPatch, args: list[str], message: str | None
) -> None:
    before = snapshot(demo)
    result = invoke(["mv", *args], demo, monkeypatch)
    if message is None:
        assert result.exit_code == 0
        return
    assert result.exit_code == 2
    assert result.stderr == f"fixer: error: {result.stderr.removeprefix('fixer: error: ')}"
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert snapshot(demo) == before


def test_a_file_that_does_not_parse_stops_the_move(
    demo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (demo / "broken.tf").write_text('resource "x" "y" {\n')
    before = snapshot(demo)
    result = invoke(["mv", "aws_eip.nat", "aws_eip.main"], demo, monkeypatch)
    assert result.exit_code == 2
    assert "every file must be read to find every reference" in result.stderr
    assert "broken.tf:" in result.stderr
    assert snapshot(demo) == before


def test_a_file_changed_since_it_was_read_is_not_overwritten(
    demo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_move = mv_cli._move

    def racing_move(*args, **kwargs):  # another writer edits network.tf meanwhile
        result = real_move(*args, **kwargs)
        (demo / "network.tf").write_text((demo / "network.tf").read_text() + "# edited\n")
        return result

    monkeypatch.setattr(mv_cli, "_move", racing_move)
    result = invoke(["mv", "aws_eip.nat", "aws_eip.main"], demo, monkeypatch)
    assert result.exit_code == 2
    assert "network.tf changed since it was read; nothing written" in result.stderr
    assert (demo / "network.tf").read_text().endswith("# edited\n")
    assert 'resource "aws_eip" "nat"' in (demo / "network.tf").read_text()


def test_project_option_reaches_modules_outside_the_root_module(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "envs" / "prod").mkdir(parents=True)
    (tmp_path / "modules" / "net").mkdir(parents=True)
    (tmp_path / "envs" / "prod" / "main.tf").write_text(
        'module "net" {\n  source = "../../modules/net"\n}\n\noutput "id" {\n  value = module.net.vpc_id\n}\n'
    )
    (tmp_path / "modules" / "net" / "main.tf").write_text(
        'resource "aws_vpc" "this" {\n}\n\noutput "vpc_id" {\n  value = aws_vpc.this.id\n}\n'
    )
    alone = invoke(
        ["mv", "--dry-run", "module.net.output.vpc_id", "module.net.output.id", "envs/prod"],
        tmp_path,
        monkeypatch,
    )
    assert alone.exit_code == 2
    assert "not a module in this project" in alone.stderr
    result = invoke(
        ["mv", "module.net.output.vpc_id", "module.net.output.id", "envs/prod", "--project", "."],
        tmp_path,
        monkeypatch,
    )
    assert result.exit_code == 0, result.stderr
    assert "value = module.net.id" in (tmp_path / "envs" / "prod" / "main.tf").read_text()
    assert 'output "id"' in (tmp_path / "modules" / "net" / "main.tf").read_text()


def test_crlf_and_bom_survive_a_write(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = 'resource "aws_vpc" "main" {\r\n}\r\n\r\noutput "id" {\r\n  value = aws_vpc.main.id\r\n}\r\n'
    (tmp_path / "main.tf").write_bytes(b"\xef\xbb\xbf" + text.encode())
    result = invoke(["mv", "aws_vpc.main", "aws_vpc.this"], tmp_path, monkeypatch)
    assert result.exit_code == 0, result.stderr
    data = (tmp_path / "main.tf").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    assert b"\n" not in data.replace(b"\r\n", b"")
    assert b"value = aws_vpc.this.id\r\n" in data


def test_not_a_directory_and_outside_the_project(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    missing = invoke(["mv", "aws_x.a", "aws_x.b", "nope"], tmp_path, monkeypatch)
    assert missing.exit_code == 2 and "nope is not a directory" in missing.stderr
    outside = invoke(["mv", "aws_x.a", "aws_x.b", "a", "--project", "b"], tmp_path, monkeypatch)
    assert outside.exit_code == 2 and "is not inside the project" in outside.stderr
    empty = invoke(["mv", "aws_x.a", "aws_x.b", "a"], tmp_path, monkeypatch)
    assert empty.exit_code == 2 and "no Terraform module" in empty.stderr


def test_the_help_flows_every_paragraph_to_the_terminal_width() -> None:
    result = CliRunner().invoke(app, ["mv", "--help"], env={"COLUMNS": "200"}, terminal_width=200)
    lines = [line.strip(" │") for line in result.output.splitlines()]
    (addresses,) = [line for line in lines if "Addresses are Terraform's" in line]
    assert "var.x, local.x, output.x" in addresses, result.output
