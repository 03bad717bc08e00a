"""Workers parse the canonical texts they make, so a format run parses nothing twice."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from parse_counting import parsed_here

import fixer.parallel
import fixer.syntax.canonical
from fixer.config import Settings
from fixer.discover import discover
from fixer.pipeline import run_project
from fixer.project_root import plan
from fixer.session import Request

REPO = Path(__file__).resolve().parents[1]
FMT = Request("dry-run", Settings(select=("FX001",)), ("FX001",))


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "multi-env"
    shutil.copytree(REPO / "examples" / "multi-env", root)
    (root / "unformatted.tf").write_text("locals {\na=1\n  bb = [1,2,3]\n}\n")
    return root


def run_one(root: Path, request: Request, jobs: int) -> object:
    (job,) = plan([str(root)])
    return run_project(job, request, jobs)


def pooled(monkeypatch: pytest.MonkeyPatch, split: bool) -> None:
    monkeypatch.setattr(fixer.parallel, "MIN_POOL_BYTES", 0)
    monkeypatch.setattr(fixer.parallel, "SPLIT_BYTES", 0 if split else 10**9)


@pytest.mark.parametrize("split", [False, True])
def test_a_format_run_parses_no_canonical_text_a_worker_parsed(
    project: Path, monkeypatch: pytest.MonkeyPatch, split: bool
) -> None:
    parsed = parsed_here(monkeypatch)
    alone = run_one(project, FMT, 1)
    canonical = "locals {\n  a  = 1\n  bb = [1, 2, 3]\n}\n"
    assert canonical in parsed.texts  # one process: the fix's result is parsed before use
    parsed.texts.clear()
    pooled(monkeypatch, split)
    assert run_one(project, FMT, 2) == alone
    assert canonical not in parsed.texts  # a worker parsed it (before: parsed here again)
    assert parsed.texts == []


def test_only_runs_that_apply_fixes_ask_the_workers_to_verify(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[bool] = []
    original = fixer.parallel.prepare

    def spy(*args: object, **kwargs: object) -> object:
        asked.append(bool(args[4]))  # verify
        return original(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(fixer.parallel, "prepare", spy)
    for mode in ("check", "dry-run", "fix"):
        run_one(project, Request(mode, Settings(select=("FX001",)), ("FX001",)), 2)
    assert asked == [False, True, True]
    files = discover(project, "p").files
    pooled(monkeypatch, split=False)
    original(files, 2, {}, verify=False)()
    assert not any("_canonical_parses" in s.__dict__ for s in files.values())
    original(files := discover(project, "p").files, 2, {}, verify=True)()
    verified = sorted(rel for rel, s in files.items() if "_canonical_parses" in s.__dict__)
    assert verified == ["lambda.tf", "unformatted.tf"]  # the files fmt changes


def broken_formatter(monkeypatch: pytest.MonkeyPatch) -> None:
    """A formatter bug: its output of the unformatted file does not parse."""
    original = fixer.syntax.canonical.format_preserving_newlines

    def broken(text: str, tokens: object = None) -> str:
        out = original(text, tokens)  # type: ignore[arg-type]
        return out + "}\n" if out != text else out

    monkeypatch.setattr(fixer.syntax.canonical, "format_preserving_newlines", broken)
    monkeypatch.setattr(fixer.model.files, "format_preserving_newlines", broken)


@pytest.mark.parametrize("split", [False, True])
def test_a_canonical_text_that_does_not_parse_is_never_written(
    project: Path, monkeypatch: pytest.MonkeyPatch, split: bool
) -> None:
    broken_formatter(monkeypatch)
    alone = run_one(project, FMT, 1)
    assert any("does not parse" in e.message for e in alone.errors)  # type: ignore[attr-defined]
    assert not alone.changes  # type: ignore[attr-defined]
    pooled(monkeypatch, split)
    assert run_one(project, FMT, 2) == alone


@pytest.mark.parametrize("split", [False, True])
def test_a_large_file_that_does_not_parse_is_reported_as_in_one_process(
    project: Path, monkeypatch: pytest.MonkeyPatch, split: bool
) -> None:
    (project / "broken.tf").write_text('resource "a" "b" {\n  x = [1,\n')
    alone = run_one(project, FMT, 1)
    assert any("broken.tf" in e.path for e in alone.errors)  # type: ignore[attr-defined]
    pooled(monkeypatch, split)
    assert run_one(project, FMT, 2) == alone
