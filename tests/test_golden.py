"""Golden cases: each codemod's fixes, exactly as `fixer fix --dry-run` prints them."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from fixer.cli import app
from fixer.registry import all_codemods
from fixer.syntax.format import format_source

GOLDEN = Path(__file__).resolve().parents[1] / "golden"
EXPECTED = "expected.diff"
# Optional: what `fixer check --select CODE .` prints for the case (its messages), kept
# where a message is the point of the case (a price, a name); --update-golden rewrites
# an existing one.
EXPECTED_CHECK = "expected.check"
# golden/runs/: whole runs of the demo (tests/test_demo.py), not one codemod's cases.
RUNS = "runs"
HCL_SUFFIXES = (".tf", ".tfvars", ".tftest.hcl")


def golden_cases() -> list[tuple[str, Path]]:
    names = {cls.name: cls.code for cls in all_codemods()}
    cases = []
    for codemod_dir in sorted(p for p in GOLDEN.iterdir() if p.is_dir() and p.name != RUNS):
        code = names.get(codemod_dir.name, "?")
        for case in sorted(p for p in codemod_dir.iterdir() if p.is_dir()):
            cases.append((code, case))
    return cases


CASES = golden_cases()


def run_cli(args: list[str], cwd: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[int, str]:
    monkeypatch.chdir(cwd)
    result = CliRunner().invoke(app, args, catch_exceptions=False)
    return result.exit_code, result.stdout_bytes.decode("utf-8")


# Optional: more codemods to run with the case's own (comma-separated codes), for a
# case whose fixes require another codemod's (Fix.requires): a README describing the
# partial backend is written only with FX007's fix.
WITH = "with"


def selection(code: str, case: Path) -> str:
    extra = case / WITH
    return code + ("," + extra.read_text().strip() if extra.exists() else "")


def dry_run(code: str, case: Path, cwd: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    status, out = run_cli(
        ["fix", "--dry-run", "--unsafe-fixes", "--select", selection(code, case), "."],
        cwd,
        monkeypatch,
    )
    assert status in (0, 1), out
    return out


def copy_input(case: Path, destination: Path) -> Path:
    tree = destination / case.name
    shutil.copytree(
        case, tree, ignore=shutil.ignore_patterns(EXPECTED, EXPECTED_CHECK, WITH), symlinks=True
    )
    return tree


def test_every_codemod_has_golden_cases() -> None:
    by_name = {}
    for code, case in CASES:
        by_name.setdefault(code, []).append(case)
    for cls in all_codemods():
        cases = by_name.get(cls.code, [])
        assert cases, f"{cls.code} {cls.name} has no golden case under golden/{cls.name}/"
        assert any((case / EXPECTED).exists() for case in cases), (
            f"{cls.code} has no positive golden case (one with {EXPECTED})"
        )
        assert any(not (case / EXPECTED).exists() for case in cases), (
            f"{cls.code} has no negative golden case (one without {EXPECTED})"
        )


def test_golden_directories_name_real_codemods() -> None:
    unknown = sorted({case.parent.name for code, case in CASES if code == "?"})
    assert not unknown, f"golden directories for unknown codemods: {unknown}"


@pytest.mark.parametrize(("code", "case"), CASES, ids=[f"{c}/{p.name}" for c, p in CASES])
def test_golden_case(
    code: str,
    case: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    update_golden: bool,
) -> None:
    tree = copy_input(case, tmp_path)
    produced = dry_run(code, case, tree, monkeypatch)
    expected_file = case / EXPECTED
    if update_golden:
        if produced:
            expected_file.write_text(produced, encoding="utf-8", newline="")
        elif expected_file.exists():
            expected_file.unlink()
    expected = expected_file.read_bytes().decode("utf-8") if expected_file.exists() else ""
    assert produced == expected
    check_file = case / EXPECTED_CHECK
    if check_file.exists():
        _, reported = run_cli(["check", "--select", selection(code, case), "."], tree, monkeypatch)
        if update_golden:
            check_file.write_text(reported, encoding="utf-8", newline="")
        assert reported == check_file.read_bytes().decode("utf-8")

    status, out = run_cli(
        ["fix", "--unsafe-fixes", "--select", selection(code, case), "."], tree, monkeypatch
    )
    assert status in (0, 1), out
    assert dry_run(code, case, tree, monkeypatch) == "", "a second run still changes the code"
    for path in sorted(tree.rglob("*")):
        original = case / path.relative_to(tree)
        if original.is_file() and original.read_bytes() == path.read_bytes():
            continue  # only the files a fix changed or created must be canonical
        if path.is_file() and path.name.endswith(HCL_SUFFIXES):
            text = path.read_bytes().decode("utf-8")
            plain = text.replace("\r\n", "\n")
            assert format_source(plain) == plain, f"{path.relative_to(tree)} is not canonical"
