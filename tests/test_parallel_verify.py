"""Workers vouch for the canonical texts they make, so a format run parses nothing twice:
a canonical text with its input's significant tokens parses as the input does, any other
is parsed by the worker."""

from __future__ import annotations

import hashlib
import os
import shutil
from collections import Counter
from pathlib import Path

import pytest
from parse_counting import parsed_here
from typer.testing import CliRunner

import fixer.parallel
import fixer.syntax.canonical
from fixer.cli import app
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
    # One process: the fix's result has the input's significant tokens, so it parses as
    # the input did (before: parsed again to validate it).
    assert canonical not in parsed.texts
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


def formatter_adding(monkeypatch: pytest.MonkeyPatch, tail: str) -> None:
    """A formatter bug: it adds `tail` to the texts it changes."""
    original = fixer.syntax.canonical.format_preserving_newlines

    def broken(text: str, tokens: object = None, scanned: object = None) -> str:
        out = original(text, tokens, scanned)  # type: ignore[arg-type]
        return out + tail if out != text else out

    monkeypatch.setattr(fixer.syntax.canonical, "format_preserving_newlines", broken)
    monkeypatch.setattr(fixer.model.files, "format_preserving_newlines", broken)


def broken_formatter(monkeypatch: pytest.MonkeyPatch) -> None:
    """A formatter bug: its output of the unformatted file does not parse."""
    formatter_adding(monkeypatch, "}\n")


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


def digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def parsed_anywhere(monkeypatch: pytest.MonkeyPatch, log: Path) -> None:
    """Record every parse of a SourceFile in the log from now on, here and in the
    workers (forked: they inherit the recorder), as process id and digest of the text."""
    original = fixer.model.files.parse

    def recording(text: str, path: str) -> object:
        with log.open("a") as out:
            out.write(f"{os.getpid()} {digest(text)}\n")
        return original(text, path)

    monkeypatch.setattr(fixer.model.files, "parse", recording)


def log_counts(log: Path) -> Counter[str]:
    """How many times each text (by digest) was parsed, in any process."""
    lines = log.read_text().split() if log.exists() else []
    return Counter(lines[1::2])


def log_pids(log: Path, text: str) -> list[int]:
    lines = log.read_text().split()
    pairs = zip(lines[::2], lines[1::2], strict=True)
    return [int(pid) for pid, seen in pairs if seen == digest(text)]


@pytest.mark.parametrize("split", [False, True])
@pytest.mark.parametrize("mode", ["dry-run", "fix"])
def test_no_process_parses_a_canonical_text_with_its_inputs_tokens(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, split: bool, mode: str
) -> None:
    """Respacing keeps the significant tokens: its canonical text parses as the input
    does, which the worker or this process finds once. Unwrapping `"${x}"` changes them:
    that canonical text is parsed, once, by a worker."""
    respaced = "locals {\n  a  = 1\n  bb = [1, 2, 3]\n}\n"
    (project / "unwrap.tf").write_text('x = "${var.y}"\n')
    unwrapped = "x = var.y\n"
    request = Request(mode, Settings(select=("FX001",)), ("FX001",))
    log = tmp_path / "parses.log"
    parsed_anywhere(monkeypatch, log)
    alone = run_one(project, request, 1)  # a run writes nothing: fixer.write_back does
    counts = log_counts(log)  # one process: the same, all here
    assert (counts[digest(respaced)], counts[digest(unwrapped)]) == (0, 1)
    assert max(counts.values()) == 1
    log.unlink()
    pooled(monkeypatch, split)
    assert run_one(project, request, 2) == alone
    counts = log_counts(log)
    assert counts[digest(respaced)] == 0  # before: parsed by the worker that formatted it
    assert counts[digest(unwrapped)] == 1
    assert os.getpid() not in log_pids(log, unwrapped)
    inputs = [p.read_text() for p in project.glob("*.tf")]
    assert all(counts[digest(text)] == 1 for text in inputs)  # each input once, somewhere
    assert max(counts.values()) == 1


def test_a_formatter_bug_that_changes_tokens_gets_its_output_parsed_by_the_worker(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The significant tokens differ (a "}" more): the worker parses the output, finds
    it broken, and the fix is refused as in one process."""
    broken_formatter(monkeypatch)
    log = tmp_path / "parses.log"
    parsed_anywhere(monkeypatch, log)
    pooled(monkeypatch, split=True)
    result = run_one(project, FMT, 2)
    assert not result.changes  # type: ignore[attr-defined]
    bad = "locals {\n  a  = 1\n  bb = [1, 2, 3]\n}\n}\n"
    # A worker parsed it (as before; this process parses it again for the error message).
    assert len([pid for pid in log_pids(log, bad) if pid != os.getpid()]) == 1


@pytest.mark.parametrize("tail", ["# formatted", "/* a\nb */", " \t", "# c\n", "\n\n"])
def test_a_formatter_bug_that_adds_only_trivia_is_not_parsed_again(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, tail: str
) -> None:
    """A comment or spaces more keep the significant tokens: the output parses as the
    input does, and nobody parses it; a newline is a token, so a comment line or blank
    lines more change them, and the output is parsed, by a worker."""
    formatter_adding(monkeypatch, tail)
    log = tmp_path / "parses.log"
    parsed_anywhere(monkeypatch, log)
    pooled(monkeypatch, split=True)
    result = run_one(project, FMT, 2)
    made = "locals {\n  a  = 1\n  bb = [1, 2, 3]\n}\n" + tail
    assert made in [change.new for change in result.changes]  # type: ignore[attr-defined]
    assert log_counts(log)[digest(made)] == (1 if tail.endswith("\n") else 0)


@pytest.mark.parametrize("split", [False, True])
def test_an_input_that_does_not_parse_is_reported_and_left_alone_by_fmt(
    project: Path, monkeypatch: pytest.MonkeyPatch, split: bool
) -> None:
    """The formatter takes it (it is lenient) and its output has the input's tokens, so
    the worker says only "parses as the input does": the input does not, so nothing is
    written and the error is reported as with one process."""
    broken = project / "broken.tf"
    broken.write_text("a  =  1 b = 2\nc=3\n")
    from fixer.syntax.canonical import format_preserving_newlines

    assert format_preserving_newlines(broken.read_text()) != broken.read_text()
    runner = CliRunner()
    args = ["fmt", "--no-cache", str(project)]
    before = {p: p.read_bytes() for p in project.rglob("*.tf")}
    alone = runner.invoke(app, [*args, "-j", "1", "--diff"], catch_exceptions=False)
    pooled(monkeypatch, split)
    assert runner.invoke(app, [*args, "-j", "2", "--diff"], catch_exceptions=False).output == (
        alone.output
    )
    written = runner.invoke(app, [*args, "-j", "2"], catch_exceptions=False)
    assert written.exit_code != 0 and "broken.tf" in written.output
    assert broken.read_bytes() == before[broken]
    assert (project / "unformatted.tf").read_bytes() != before[project / "unformatted.tf"]
