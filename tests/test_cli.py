"""The command line, end to end: exit codes, dry runs, writes, stdin, bad input, formats."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from fixer.cli import app

# terraform_data: a resource of Terraform's built-in provider, which FX021 asks no
# required_providers entry for.
UNFORMATTED = 'resource "terraform_data" "b" {\nx=1\n}\n'
FORMATTED = 'resource "terraform_data" "b" {\n  x = 1\n}\n'


def invoke(
    args: list[str], cwd: Path, monkeypatch: pytest.MonkeyPatch, stdin: bytes = b""
) -> Result:
    monkeypatch.chdir(cwd)
    return CliRunner().invoke(app, args, input=stdin, catch_exceptions=False)


def out(result: Result) -> str:
    return result.stdout_bytes.decode("utf-8")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "proj"
    root.mkdir()
    (root / "main.tf").write_text(UNFORMATTED)
    (root / "ok.tf").write_text(FORMATTED.replace('"b"', '"c"'))
    return root


def snapshot(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }


def test_check_exit_codes(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    result = invoke(["check", "."], project, monkeypatch)
    assert result.exit_code == 1
    assert "main.tf:2:1: FX001 File is not formatted like `terraform fmt` [*]" in out(result)
    (project / "main.tf").write_text(FORMATTED)
    assert invoke(["check", "."], project, monkeypatch).exit_code == 0


def test_usage_errors_exit_2(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    result = invoke(["check", "--select", "FX999", "."], project, monkeypatch)
    assert result.exit_code == 2
    assert "unknown codemod code or name: 'FX999'" in result.stderr


def test_dry_run_prints_a_diff_and_writes_nothing(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = snapshot(project)
    result = invoke(["fix", "--dry-run", "."], project, monkeypatch)
    assert result.exit_code == 1
    assert out(result) == (
        "--- a/main.tf\n+++ b/main.tf\n@@ -1,3 +1,3 @@ FX001 unformatted (safe)\n"
        ' resource "terraform_data" "b" {\n-x=1\n+  x = 1\n }\n'
    )
    assert snapshot(project) == before
    assert "1 would be fixed" in result.stderr
    assert "Would change 1 file: 1 hunk, +1 -1." in result.stderr


def test_dry_run_marks_a_missing_final_newline(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "a.tf").write_text("a=1")
    result = invoke(["fix", "--dry-run", "."], tmp_path, monkeypatch)
    assert out(result) == (
        "--- a/a.tf\n+++ b/a.tf\n@@ -1 +1 @@ FX001 unformatted (safe)\n-a=1\n"
        "\\ No newline at end of file\n"
        "+a = 1\n\\ No newline at end of file\n"
    )


def test_fix_writes_keeps_mode_and_crlf_and_drops_the_bom_like_terraform_fmt(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "main.tf"
    target.write_bytes(b"\xef\xbb\xbfa=1\r\nbbb = 2\r\n")
    target.chmod(0o640)
    result = invoke(["fix", "."], tmp_path, monkeypatch)
    assert result.exit_code == 0, "everything found was fixed"
    assert target.read_bytes() == b"a   = 1\r\nbbb = 2\r\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["main.tf"], "no temporary file left"
    second = invoke(["fix", "."], tmp_path, monkeypatch)
    assert second.exit_code == 0
    assert target.read_bytes() == b"a   = 1\r\nbbb = 2\r\n"


def test_a_file_that_does_not_parse_is_reported_and_left_alone(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (project / "broken.tf").write_text("a = \n")
    result = invoke(["fix", "."], project, monkeypatch)
    assert result.exit_code == 2
    assert "broken.tf:1:5: error: Invalid expression" in out(result)
    assert (project / "broken.tf").read_text() == "a = \n"
    assert (project / "main.tf").read_text() == FORMATTED


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\x00\x01binary\x00", "broken.tf:1:1: error: Binary file"),
        (b'a = "caf\xe9"\n', "broken.tf:1:9: error: Invalid character encoding"),
        (b'a = "x"\n' + b"(" * 10000, "broken.tf:2:1: error:"),
    ],
)
def test_bad_input_is_one_line_and_the_run_goes_on(
    project: Path, monkeypatch: pytest.MonkeyPatch, content: bytes, message: str
) -> None:
    (project / "broken.tf").write_bytes(content)
    result = invoke(["check", "."], project, monkeypatch)
    assert result.exit_code == 2
    assert message in out(result)
    assert "main.tf:2:1: FX001" in out(result)
    assert "Traceback" not in out(result) + result.stderr


def test_unreadable_file_is_an_error(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import fixer.discover

    real = fixer.discover.read_regular

    def deny(path: str, *args: object) -> tuple[bytes, object]:
        if path.endswith("main.tf"):
            raise PermissionError(13, "Permission denied")
        return real(path, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(fixer.discover, "read_regular", deny)
    result = invoke(["check", "."], project, monkeypatch)
    assert result.exit_code == 2
    assert "main.tf:1:1: error: Cannot read file: Permission denied" in out(result)


def test_skipped_directories_and_outside_symlinks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "root"
    for hidden in (".terraform/modules/x", ".git"):
        (root / hidden).mkdir(parents=True)
        (root / hidden / "bad.tf").write_text(UNFORMATTED)
    outside = tmp_path / "outside.tf"
    outside.write_text(UNFORMATTED)
    (root / "link.tf").symlink_to(outside)
    (root / "config.tf.json").write_text("{}")
    result = invoke(["check", "."], root, monkeypatch)
    assert result.exit_code == 0, out(result)
    assert "link.tf" in result.stderr and "outside the root" in result.stderr
    assert "config.tf.json" in result.stderr and "not supported" in result.stderr


def test_exclude_from_config(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (project / ".fixer.toml").write_text('exclude = ["main.tf"]\n')
    assert invoke(["check", "."], project, monkeypatch).exit_code == 0


def test_select_and_ignore(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert invoke(["check", "--ignore", "FX001", "."], project, monkeypatch).exit_code == 0
    assert invoke(["check", "--select", "unformatted", "."], project, monkeypatch).exit_code == 1


def test_fix_stdin_to_stdout(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    result = invoke(
        ["fix", "-", "--stdin-filename", "main.tf"], project, monkeypatch, UNFORMATTED.encode()
    )
    assert result.exit_code == 0
    assert out(result) == FORMATTED
    assert (project / "main.tf").read_text() == UNFORMATTED, "stdin mode writes nothing"


def test_check_and_fmt_stdin(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    checked = invoke(["check", "-"], project, monkeypatch, UNFORMATTED.encode())
    assert checked.exit_code == 1
    assert "stdin.tf:2:1: FX001" in out(checked)
    formatted = invoke(["fmt", "-"], project, monkeypatch, UNFORMATTED.encode())
    assert (formatted.exit_code, out(formatted)) == (0, FORMATTED)
    broken = invoke(["fmt", "-"], project, monkeypatch, b"a = \n")
    assert broken.exit_code == 2
    assert "<stdin>:1:5" in broken.stderr


def test_fmt_check_diff_and_write(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    checked = invoke(["fmt", "--check", "."], project, monkeypatch)
    assert (checked.exit_code, out(checked)) == (1, "main.tf\n")
    diffed = invoke(["fmt", "--diff", "."], project, monkeypatch)
    assert diffed.exit_code == 1 and out(diffed).startswith("--- a/main.tf\n")
    written = invoke(["fmt", "."], project, monkeypatch)
    assert (written.exit_code, out(written)) == (0, "main.tf\n")
    assert (project / "main.tf").read_text() == FORMATTED
    assert invoke(["fmt", "--check", "."], project, monkeypatch).exit_code == 0


def test_json_report(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    result = invoke(["check", "--format", "json", "."], project, monkeypatch)
    data = json.loads(out(result))
    assert data["summary"]["findings"] == 1
    (finding,) = data["findings"]
    assert (finding["code"], finding["path"], finding["start"]["line"]) == ("FX001", "main.tf", 2)
    assert finding["fix"]["applicability"] == "safe"


def test_sarif_report_validates(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from conftest import require_shared

    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(require_shared("schemas", "sarif-schema-2.1.0.json").read_text())
    result = invoke(["check", "--format", "sarif", "."], project, monkeypatch)
    document = json.loads(out(result))
    jsonschema.validate(document, schema)
    (sarif_result,) = document["runs"][0]["results"]
    assert sarif_result["ruleId"] == "FX001"
    assert sarif_result["fixes"][0]["artifactChanges"][0]["replacements"]


def test_github_annotations(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    result = invoke(["check", "--format", "github", "."], project, monkeypatch)
    assert out(result).startswith("::notice file=main.tf,line=2,col=1,")


def test_several_paths_in_parallel_match_serial(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("one", "two", "three"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "main.tf").write_text(UNFORMATTED)
    serial = invoke(["check", "-j", "1", "one", "two", "three"], tmp_path, monkeypatch)
    parallel = invoke(["check", "-j", "2", "one", "two", "three"], tmp_path, monkeypatch)
    assert out(serial) == out(parallel)
    assert out(serial).count("FX001") == 3
    assert "one/main.tf:2:1" in out(serial)


def test_rules_and_explain(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    rules = invoke(["rules"], tmp_path, monkeypatch)
    assert rules.exit_code == 0 and "FX001  unformatted " in out(rules)
    explained = invoke(["explain", "FX001"], tmp_path, monkeypatch)
    for section in ("## What it does", "## Why is this bad?", "## Example", "## Fix safety"):
        assert section in out(explained)
    assert invoke(["explain", "FX999"], tmp_path, monkeypatch).exit_code == 2


def test_the_installed_console_script_runs(project: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "fixer", "check", str(project)],
        capture_output=True,
        text=True,
        env={**os.environ, "NO_COLOR": "1"},
        check=False,
    )
    assert result.returncode == 1
    assert f"{project}/main.tf:2:1: FX001" in result.stdout
