"""A file a fix creates takes the line endings of the module it belongs to: a CRLF
project gets CRLF files, as FX007's backend.hcl.example already did."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from fixer.model.files import SourceFile
from fixer.model.module import Module

APP = """\
variable "env" {
  type = string
}

resource "aws_lambda_function_url" "fn" {
  function_name      = "fn"
  authorization_type = "NONE"

  cors {
    allow_origins = ["*"]
  }
}
"""
LIVE = """\
module "app" {
  source = "../../modules/app"
  env    = "prod"
}
"""


def crlf(text: str) -> str:
    return text.replace("\n", "\r\n")


def test_fx005_creates_the_callers_variables_file_with_crlf(tmp_path: Path) -> None:
    (tmp_path / "modules/app").mkdir(parents=True)
    (tmp_path / "live/dev").mkdir(parents=True)
    (tmp_path / "modules/app/main.tf").write_bytes(crlf(APP).encode())
    (tmp_path / "live/dev/main.tf").write_bytes(crlf(LIVE).encode())
    done = subprocess.run(
        [sys.executable, "-m", "fixer", "fix", "--unsafe-fixes", "--select", "FX005", "."],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    created = (tmp_path / "live/dev/variables.tf").read_bytes()
    assert created.startswith(b'variable "allowed_cors_origins" {\r\n'), created
    assert created.count(b"\n") == created.count(b"\r\n"), created
    for path in tmp_path.rglob("*.tf"):
        data = path.read_bytes()
        assert data.count(b"\n") == data.count(b"\r\n"), path


def test_a_modules_newline_is_its_files_dominant_one() -> None:
    lf = SourceFile("a.tf", "locals {\n}\n")
    windows = SourceFile("b.tf", "locals {\r\n}\r\n")
    assert Module("m", files=[windows]).newline == "\r\n"
    assert Module("m", files=[lf, windows, SourceFile("c.tf", "x = 1\r\n")]).newline == "\r\n"
    assert Module("m", files=[lf]).newline == "\n"
    assert Module("m").newline == "\n"


ROOT = """\
resource "aws_subnet" "s" {
  cidr_block = "10.0.1.0/24"
}

module "net" {
  source = "./modules/net"
}

output "subnet" {
  value = aws_subnet.s.id
}
"""


def test_mv_into_a_module_creates_its_files_with_the_modules_crlf(tmp_path: Path) -> None:
    (tmp_path / "modules/net").mkdir(parents=True)
    (tmp_path / "main.tf").write_bytes(crlf(ROOT).encode())
    (tmp_path / "modules/net/main.tf").write_bytes(crlf('resource "aws_eip" "e" {\n}\n').encode())
    done = subprocess.run(
        [sys.executable, "-m", "fixer", "mv", "aws_subnet.s", "module.net.aws_subnet.s"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "modules/net/outputs.tf").exists()
    for path in tmp_path.rglob("*.tf"):
        data = path.read_bytes()
        assert data.count(b"\n") == data.count(b"\r\n"), (path, data)
