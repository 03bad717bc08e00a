"""Command-line conventions: --version, paths default to '.', colour, a progress bar,
--config, --extend-select, exit codes (--exit-zero, --exit-non-zero-on-fix, fmt --check),
--statistics and --show-fixes."""

from __future__ import annotations

import io
import json
import os
import pty
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from fixer import __version__
from fixer.cli import app
from fixer.console import Progress, wants_color

UNFORMATTED = 'resource "terraform_data" "b" {\nx=1\n}\n'
FORMATTED = 'resource "terraform_data" "b" {\n  x = 1\n}\n'
UNSAFE_ONLY = (
    'terraform {\n  required_providers {\n    random = {\n      source  = "hashicorp/random"\n'
    '      version = "~> 3.6"\n    }\n  }\n}\n\nresource "random_password" "db" {\n'
    "  length = 24\n}\n"
)
SLOW_CODEMOD = Path(__file__).with_name("slow_codemod.py")


def invoke(
    args: list[str], cwd: Path, monkeypatch: pytest.MonkeyPatch, env: dict | None = None
) -> Result:
    monkeypatch.chdir(cwd)
    return CliRunner().invoke(app, args, catch_exceptions=False, env=env)


def out(result: Result) -> str:
    return result.stdout_bytes.decode("utf-8")


def fixer(*args: str, cwd: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    """The installed entry point, in its own process (the fast path included)."""
    return subprocess.run(
        [sys.executable, "-m", "fixer", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        check=False,
    )


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "main.tf").write_text(UNFORMATTED)
    return tmp_path


def test_version(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for flag in ("--version", "-V"):
        assert out(invoke([flag], tmp_path, monkeypatch)) == f"fixer {__version__}\n"
        done = fixer(flag, cwd=tmp_path)
        assert (done.returncode, done.stdout) == (0, f"fixer {__version__}\n")


def test_paths_default_to_the_current_directory(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    checked = invoke(["check"], project, monkeypatch)
    assert checked.exit_code == 1 and "main.tf:2:1: FX001" in out(checked)
    assert fixer("check", cwd=project).stdout == out(checked)
    assert invoke(["fmt", "--check"], project, monkeypatch).exit_code == 1
    assert invoke(["fix"], project, monkeypatch).exit_code == 0
    assert (project / "main.tf").read_text() == FORMATTED


@pytest.mark.parametrize(
    ("args", "env", "colored"),
    [
        (["--color", "always"], {}, True),
        (["--color", "always"], {"NO_COLOR": "1"}, True),
        (["--color", "never"], {"FORCE_COLOR": "1"}, False),
        ([], {}, False),  # not a terminal
        ([], {"FORCE_COLOR": "1"}, True),
        ([], {"FORCE_COLOR": "1", "NO_COLOR": "1"}, False),
    ],
)
def test_color_choice(
    args: list[str], env: dict, colored: bool, project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("NO_COLOR", "FORCE_COLOR"):
        monkeypatch.delenv(name, raising=False)
    result = invoke(["check", *args], project, monkeypatch, env=env)
    assert ("\x1b[" in out(result)) == colored
    dry = invoke(["fix", "--dry-run", *args], project, monkeypatch, env=env)
    assert "\x1b[" not in out(dry), "the diff stays plain, for git apply"
    assert ("\x1b[" in dry.stderr) == colored
    as_json = invoke(["check", "--format", "json", *args], project, monkeypatch, env=env)
    json.loads(out(as_json))


def run_in_terminal(args: list[str], cwd: Path, env: dict) -> tuple[int, str]:
    """fixer with stdout and stderr on a pseudo-terminal: its exit status and output."""
    controller, terminal = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "fixer", *args],
        cwd=cwd,
        stdin=subprocess.DEVNULL,
        stdout=terminal,
        stderr=terminal,
        env={**os.environ, "TERM": "xterm", **env},
    )
    os.close(terminal)
    chunks = []
    while True:
        try:
            chunk = os.read(controller, 65536)
        except OSError:
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(controller)
    return process.wait(), b"".join(chunks).decode("utf-8", "replace")


def test_a_terminal_gets_colour_unless_no_color(project: Path) -> None:
    clean = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    status, shown = run_in_terminal(["check", "."], project, {"NO_COLOR": ""} | {})
    assert status == 1 and "\x1b[1;31mFX001" in shown
    status, shown = run_in_terminal(["check", "."], project, {**clean, "NO_COLOR": "1"})
    assert status == 1 and "\x1b[" not in shown and "FX001" in shown


def test_progress_bar_appears_only_after_a_second_on_a_terminal(project: Path) -> None:
    env = {"FIXER_EXTRA_CODEMODS": f"{SLOW_CODEMOD}:Slow", "FIXER_SLOW_SECONDS": "1.6"}
    status, shown = run_in_terminal(["check", "."], project, env)
    assert status == 1
    assert "Checking" in shown and "0:00:01" in shown, shown
    status, shown = run_in_terminal(["check", "."], project, {})
    assert "Checking" not in shown


def test_progress_unit() -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    stream = Terminal()
    with Progress("Working", 2, stream=stream, delay=0.05) as progress:
        time.sleep(0.3)
        progress.update(1, 2)
        assert progress.shown
    assert "Working" in stream.getvalue()
    quiet = Terminal()
    with Progress("Working", 2, stream=quiet, delay=5) as progress:
        progress.update(2, 2)
    assert not progress.shown and quiet.getvalue() == ""
    piped = io.StringIO()
    with Progress("Working", 1, stream=piped, delay=0) as progress:
        time.sleep(0.1)
    assert not progress.shown, "not a terminal: no bar"


def test_wants_color(monkeypatch: pytest.MonkeyPatch) -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    for name in ("NO_COLOR", "FORCE_COLOR", "TERM"):
        monkeypatch.delenv(name, raising=False)
    assert wants_color("auto", Terminal()) and not wants_color("auto", io.StringIO())
    monkeypatch.setenv("NO_COLOR", "")
    assert wants_color("auto", Terminal()), "an empty NO_COLOR does not count"
    monkeypatch.setenv("TERM", "dumb")
    assert not wants_color("auto", Terminal())


def test_config_file_and_overrides(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    elsewhere = tmp_path / "conf"
    elsewhere.mkdir()
    (elsewhere / "fixer.toml").write_text('ignore = ["FX001"]\n')
    (project / ".fixer.toml").write_text('select = ["FX001"]\n')
    assert invoke(["check"], project, monkeypatch).exit_code == 1
    config = str(elsewhere / "fixer.toml")
    assert invoke(["check", "--config", config], project, monkeypatch).exit_code == 0
    assert invoke(["check", "--config", 'ignore = ["FX001"]'], project, monkeypatch).exit_code == 0
    both = ["check", "--config", config, "--config", 'ignore = ["FX006"]']
    assert invoke(both, project, monkeypatch).exit_code == 1, "the override replaces the list"
    (elsewhere / "pyproject.toml").write_text("[tool.black]\nline-length = 99\n")
    for bad, message in [
        (str(elsewhere / "missing.toml"), "no such configuration file"),
        (str(elsewhere), "is a directory; --config takes a configuration file"),
        (str(elsewhere / "pyproject.toml"), "no [tool.fixer] table"),
        ("select = [", "neither a file nor a `key = value` setting"),
        ("colour = 1", "unknown setting(s): colour"),
    ]:
        result = invoke(["check", "--config", bad], project, monkeypatch)
        assert result.exit_code == 2 and message in result.stderr, result.stderr
    assert fixer("check", "--config", config, cwd=project).returncode == 0


def test_extend_select(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (project / "db.tf").write_text(UNSAFE_ONLY)
    (project / ".fixer.toml").write_text('select = ["FX006"]\n')
    codes = {f["code"] for f in _json(invoke(["check", "--format", "json"], project, monkeypatch))}
    assert codes == {"FX006"}
    extended = invoke(
        ["check", "--format", "json", "--extend-select", "FX001"], project, monkeypatch
    )
    assert {f["code"] for f in _json(extended)} == {"FX001", "FX006"}
    (project / ".fixer.toml").write_text('select = ["FX006"]\nextend-select = ["unformatted"]\n')
    assert {
        f["code"] for f in _json(invoke(["check", "--format", "json"], project, monkeypatch))
    } == {
        "FX001",
        "FX006",
    }
    replaced = invoke(["check", "--format", "json", "--select", "FX006"], project, monkeypatch)
    assert {f["code"] for f in _json(replaced)} == {"FX006"}, "--select replaces the file's"
    bad = invoke(["check", "--extend-select", "FX999"], project, monkeypatch)
    assert bad.exit_code == 2 and "FX999" in bad.stderr


def _json(result: Result) -> list:
    return json.loads(out(result))["findings"]


def test_exit_codes_of_check_and_fix(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert invoke(["check", "--exit-zero"], project, monkeypatch).exit_code == 0
    assert invoke(["fix", "--dry-run"], project, monkeypatch).exit_code == 1
    assert invoke(["fix", "--dry-run", "--exit-zero"], project, monkeypatch).exit_code == 0
    assert invoke(["fix", "--exit-non-zero-on-fix"], project, monkeypatch).exit_code == 1
    assert invoke(["fix", "--exit-non-zero-on-fix"], project, monkeypatch).exit_code == 0
    (project / "main.tf").write_text(UNFORMATTED)
    assert invoke(["fix"], project, monkeypatch).exit_code == 0, "everything found was fixed"
    (project / "db.tf").write_text(UNSAFE_ONLY)
    held = invoke(["fix"], project, monkeypatch)
    assert held.exit_code == 1, "a finding remains (its fix is unsafe)"
    assert "1 fix is available with `--unsafe-fixes`" in out(held)
    assert invoke(["fix", "--exit-zero"], project, monkeypatch).exit_code == 0
    (project / "broken.tf").write_text("a = \n")
    assert invoke(["check", "--exit-zero"], project, monkeypatch).exit_code == 2


def test_fmt_check_exit_codes(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    checked = invoke(["fmt", "--check"], project, monkeypatch)
    assert (checked.exit_code, out(checked)) == (1, "main.tf\n")
    assert (project / "main.tf").read_text() == UNFORMATTED
    diffed = invoke(["fmt", "--diff"], project, monkeypatch)
    assert diffed.exit_code == 1
    assert "\n@@ -1,3 +1,3 @@\n" in out(diffed), "a formatter's diff names no fix"
    written = invoke(["fmt"], project, monkeypatch)
    assert (written.exit_code, out(written)) == (0, "main.tf\n")
    assert invoke(["fmt", "--check"], project, monkeypatch).exit_code == 0
    (project / "broken.tf").write_text("a = \n")
    broken = invoke(["fmt", "--check"], project, monkeypatch)
    assert broken.exit_code == 2 and "broken.tf:1:5: error:" in broken.stderr


def test_statistics(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (project / "db.tf").write_text(UNSAFE_ONLY)
    (project / "other.tf").write_text(UNFORMATTED)
    shown = out(invoke(["check", "--statistics"], project, monkeypatch)).splitlines()
    assert shown[:2] == [
        "2\tFX001\t[*] unformatted",
        "1\tFX006\t[ ] random-password-special-characters",
    ]
    assert shown[2] == "Found 3 findings."
    rows = json.loads(
        out(invoke(["check", "--statistics", "--format", "json"], project, monkeypatch))
    )
    assert rows[0] == {"code": "FX001", "name": "unformatted", "count": 2, "fixable": True}
    refused = invoke(["check", "--statistics", "--format", "sarif"], project, monkeypatch)
    assert refused.exit_code == 2 and "--statistics" in refused.stderr


def test_show_fixes(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (project / "other.tf").write_text(UNFORMATTED)
    shown = out(invoke(["fix", "--show-fixes"], project, monkeypatch))
    assert shown == (
        "Fixed 2 findings:\n"
        "- main.tf:\n"
        "    1 \u00d7 FX001 unformatted (safe)\n"
        "- other.tf:\n"
        "    1 \u00d7 FX001 unformatted (safe)\n"
        "Found 2 findings (2 fixed, 0 remaining).\n"
    )
