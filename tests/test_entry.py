"""The fast path of the hot commands: the same options as the Typer app, the same results,
and a start-up without Typer, pydantic, the bot or the LSP."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import typer.main
from typer.testing import CliRunner

from fixer.cli import app
from fixer.entry import FLAG, OFF, OPTIONS, parse, run_fast

UNFORMATTED = 'resource "terraform_data" "b" {\nx=1\n}\n'


def typer_options(command: str) -> dict[str, bool]:
    """Every option string of a Typer command, with whether it is a flag."""
    group = typer.main.get_command(app)
    click_command = group.commands[command]  # type: ignore[attr-defined]
    found = {}
    for param in click_command.params:
        if param.param_type_name != "option":
            continue
        for name in [*param.opts, *param.secondary_opts]:
            found[name] = bool(param.is_flag)
    found.pop("--help", None)
    found.pop("-h", None)
    return found


@pytest.mark.parametrize("command", sorted(OPTIONS))
def test_the_fast_path_knows_the_options_typer_defines(command: str) -> None:
    fast = {name: opt.kind in (FLAG, OFF) for name, opt in OPTIONS[command].items()}
    assert fast == typer_options(command)


def test_parse_plain_command_lines() -> None:
    assert parse("check", []) == {"paths": ["."]}
    assert parse("fix", ["a", "--dry-run", "-j2", "--select=FX001", "--", "-b"]) == {
        "paths": ["a", "-b"],
        "dry_run": True,
        "jobs": 2,
        "select": "FX001",
    }
    assert parse("check", ["--config", "a.toml", "--config", "x = 1"])["config"] == [
        "a.toml",
        "x = 1",
    ]
    assert parse("check", ["--no-unsafe-fixes"])["unsafe_fixes"] is False
    for needs_typer in (["--help"], ["-h"], ["--format", "xml"], ["-j", "x"], ["--select"]):
        assert parse("check", needs_typer) is None
    assert parse("fmt", ["--dry-run"]) is None
    assert parse("fix", ["--dry-run=1"]) is None


CASES = [
    ["check"],
    ["check", "."],
    ["check", "--format", "json", "."],
    ["check", "--statistics", "."],
    ["check", "--statistics", "--format", "sarif", "."],
    ["check", "--select", "FX999", "."],
    ["check", "--exit-zero", "--color", "always", "."],
    ["check", "--config", "ignore = ['FX001']", "."],
    ["fix", "--dry-run", "."],
    ["fix", "--dry-run", "--format", "github", "--unsafe-fixes", "."],
    ["fmt", "--check", "."],
    ["fmt", "--diff"],
]


@pytest.mark.parametrize("args", CASES, ids=[" ".join(c) for c in CASES])
def test_the_fast_path_gives_what_typer_gives(
    args: list[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    (tmp_path / "main.tf").write_text(UNFORMATTED)
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    expected = CliRunner().invoke(app, args)
    status = run_fast(args[0], args[1:])
    captured = capsys.readouterr()
    assert status == expected.exit_code
    assert captured.out == expected.stdout
    assert captured.err == expected.stderr


def test_fix_writes_the_same_through_either_path(tmp_path: Path, monkeypatch) -> None:
    for way in ("typer", "fast"):
        root = tmp_path / way
        root.mkdir()
        (root / "main.tf").write_text(UNFORMATTED)
        monkeypatch.chdir(root)
        if way == "typer":
            assert CliRunner().invoke(app, ["fix"]).exit_code == 0
        else:
            assert run_fast("fix", []) == 0
    assert (tmp_path / "typer" / "main.tf").read_text() == (
        tmp_path / "fast" / "main.tf"
    ).read_text()


PROBE = """
import sys
from fixer.entry import main
try:
    main({args!r})
except SystemExit:
    pass
heavy = ("typer", "pydantic", "click", "fixer.bot", "fixer.lsp", "github", "pygls", "rich",
         "concurrent.futures.process")
print(sorted(name for name in heavy if name in sys.modules), file=sys.stderr)
"""


@pytest.mark.parametrize(
    ("args", "allowed"),
    [
        (["--version"], set()),
        (["check", "main.tf"], set()),
        (["fix", "--dry-run", "."], set()),
        (["fmt", "--check", "."], set()),
    ],
)
def test_hot_commands_import_neither_typer_nor_pydantic(
    args: list[str], allowed: set[str], tmp_path: Path
) -> None:
    (tmp_path / "main.tf").write_text(UNFORMATTED)
    done = subprocess.run(
        [sys.executable, "-c", PROBE.format(args=args)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    )
    imported = eval(done.stderr.strip().splitlines()[-1])  # a printed list of names
    assert set(imported) <= allowed, done.stderr


def test_other_commands_go_to_typer(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "fixer", "check", "--help"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0 and "--extend-select" in done.stdout
    wrong = subprocess.run(
        [sys.executable, "-m", "fixer", "check", "--nope"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert wrong.returncode == 2 and "No such option" in wrong.stderr


OWN_PROCESS = """
import atexit, sys
atexit.register(lambda: sys.stderr.write("interpreter teardown\\n"))
sys.argv = ["fixer", *{args!r}]
from fixer.entry import main
main({argv})
"""


@pytest.mark.parametrize("args", [["check", "."], ["fmt", "--check", "."], ["rules"], ["--help"]])
def test_the_own_process_exits_without_teardown_and_with_the_same_output(
    args: list[str], tmp_path: Path
) -> None:
    """`fixer` ends its process with os._exit once the output is flushed (no teardown that
    frees the run's trees one by one); main(argv) called by a program returns as usual."""
    (tmp_path / "main.tf").write_text(UNFORMATTED * 200)
    runs = [
        subprocess.run(
            [sys.executable, "-c", OWN_PROCESS.format(args=args, argv=argv)],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            check=False,
        )
        for argv in ("", repr(args))
    ]
    own, called = runs
    assert "interpreter teardown" not in own.stderr
    assert "interpreter teardown" in called.stderr
    assert own.returncode == called.returncode
    assert own.stdout == called.stdout and own.stdout
    assert own.stderr == called.stderr.replace("interpreter teardown\n", "")


GC_PROBE = """
import gc, sys
from fixer.entry import main
before = sum(generation["collections"] for generation in gc.get_stats())
try:
    main(["check", "--no-cache", "main.tf"])
except SystemExit:
    pass
print(sum(generation["collections"] for generation in gc.get_stats()) - before, file=sys.stderr)
"""


def test_start_up_does_not_make_the_collector_walk_its_modules(tmp_path: Path) -> None:
    """The fast path's imports (about 180 modules) make objects that live until exit: the
    collector finds nothing in them (at its default threshold it collected 16 times)."""
    (tmp_path / ".git").mkdir()
    (tmp_path / "main.tf").write_text(UNFORMATTED)
    done = subprocess.run(
        [sys.executable, "-c", GC_PROBE],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    )
    assert int(done.stderr.strip().splitlines()[-1]) <= 2, done.stderr


CLOSES_STDOUT = """
import sys
import fixer.entry

def closing(argv):
    sys.stdout.close()  # as the language server does when its client leaves
    sys.exit({code!r})

fixer.entry._main = closing
sys.argv = ["fixer", "lsp"]
fixer.entry.main()
"""


@pytest.mark.parametrize(("code", "status"), [(0, 0), (3, 3), ("bye", 1)])
def test_the_own_process_ends_quietly_when_its_output_was_closed(code: object, status: int) -> None:
    """Before: `fixer lsp` ended with a traceback and status 1 (ValueError: I/O operation
    on closed file) when the server had closed stdout, as it does on `exit`."""
    done = subprocess.run(
        [sys.executable, "-c", CLOSES_STDOUT.format(code=code)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert (done.returncode, "Traceback" in done.stderr) == (status, False), done.stderr
