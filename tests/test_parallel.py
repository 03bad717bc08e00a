"""Per-file work in a process pool (fixer.parallel) and --jobs: the same results as in
one process, every file's canonical text from the workers, a lost worker costs nothing."""

from __future__ import annotations

import multiprocessing
import multiprocessing.connection
import shutil
from concurrent.futures import Future, ProcessPoolExecutor, wait
from pathlib import Path

import pytest
from typer.testing import CliRunner

import fixer.model.files
import fixer.parallel
from fixer.cli import app
from fixer.config import Settings
from fixer.discover import discover
from fixer.parallel import facts_of, prepare
from fixer.pipeline import run_project
from fixer.project_root import plan
from fixer.session import Request, codemods_for

REPO = Path(__file__).resolve().parents[1]


def corpus_repository(corpus_dir: Path, name: str) -> Path:
    path = corpus_dir / "files" / name
    assert path.is_dir(), path
    return path


@pytest.fixture
def multi_env(tmp_path: Path) -> Path:
    root = tmp_path / "multi-env"
    shutil.copytree(REPO / "examples" / "multi-env", root)
    (root / "unformatted.tf").write_text('resource "a" "b" {\nx=1\n  y = "${var.z}"\n}\n')
    (root / "crlf.tf").write_bytes(b"locals {\r\na=1\r\n}\r\n")
    return root


def request_for(mode: str) -> Request:
    settings = Settings(unsafe_fixes=True)
    return Request(mode, settings, tuple(c.code for c in codemods_for(settings)))


def run_one(root: Path, request: Request, jobs: int) -> object:
    (job,) = plan([str(root)])
    return run_project(job, request, jobs)


@pytest.mark.parametrize("mode", ["check", "dry-run"])
def test_pool_results_equal_in_process_results(
    multi_env: Path, monkeypatch: pytest.MonkeyPatch, mode: str
) -> None:
    alone = run_one(multi_env, request_for(mode), 1)
    monkeypatch.setattr(fixer.parallel, "MIN_POOL_BYTES", 0)
    monkeypatch.setattr(fixer.parallel, "BATCH_BYTES", 200)  # several batches
    pooled = run_one(multi_env, request_for(mode), 2)
    assert pooled == alone
    if mode == "check":
        assert any(f.code == "FX001" for f in alone.findings)
    else:
        shown = {change.shown for change in alone.changes}  # type: ignore[attr-defined]
        assert {f"{multi_env}/unformatted.tf", f"{multi_env}/crlf.tf"} <= shown


def test_every_canonical_text_comes_from_the_workers(
    multi_env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(fixer.parallel, "MIN_POOL_BYTES", 0)
    files = discover(multi_env, "p").files
    finish = prepare(files, 3, {})
    hcl = [s for s in files.values() if s.is_hcl]
    assert all("_parsed" in s.__dict__ for s in hcl)  # parsed here meanwhile
    finish()
    assert hcl and all("canonical" in s.__dict__ and s.tree is not None for s in hcl)
    assert not any("_awaiting" in s.__dict__ for s in hcl)
    fresh = discover(multi_env, "p").files
    assert {rel: s.canonical for rel, s in fresh.items() if s.is_hcl} == {
        s.rel: s.__dict__["canonical"] for s in hcl
    }
    alone = discover(multi_env, "p").files
    prepare(alone, 1, {})  # one job: nothing formatted ahead, FX001 formats when it runs
    assert not any("canonical" in s.__dict__ for s in alone.values())


def test_little_text_is_not_worth_a_pool(multi_env: Path) -> None:
    files = discover(multi_env, "p").files
    prepare(files, 2, {})
    assert not any("canonical" in s.__dict__ for s in files.values())


def test_a_lost_worker_costs_nothing_but_time(
    multi_env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = run_one(multi_env, request_for("check"), 1)

    def broken(batch: object, parse: bool) -> object:
        raise MemoryError("killed")

    monkeypatch.setattr(fixer.parallel, "MIN_POOL_BYTES", 0)
    monkeypatch.setattr(fixer.parallel, "facts_of", broken)
    assert run_one(multi_env, request_for("check"), 2) == expected


def test_facts_of_equal_the_formatter_on_corpus_files(corpus_dir: Path) -> None:
    from fixer.model.files import SourceFile

    root = corpus_repository(corpus_dir, "terraform-aws-modules__terraform-aws-eks")
    batch = [
        (str(p.relative_to(root)), p.read_bytes().decode("utf-8").removeprefix("\ufeff"))
        for p in sorted(root.rglob("*.tf"))
    ]
    assert len(batch) > 20
    batch.append(("broken.tf", 'resource "a" {\n'))
    got = {rel: rest for rel, *rest in facts_of(batch)}
    assert got.pop("broken.tf") == [False, None, False, None, False]
    scanned = {rel: rest for rel, *rest in facts_of(batch, parse=False)}
    assert scanned.pop("broken.tf")[0] is None  # not asked (the formatter is lenient)
    batch.pop()
    for rel, text in batch:
        canonical = SourceFile(rel, text).canonical
        expected = None if canonical == text else canonical
        assert got[rel] == [True, expected, True, None, False], rel
        assert scanned[rel] == [None, expected, True, None, False], rel


@pytest.mark.parametrize("args", [["check", "--format", "json"], ["fmt", "--check"]])
def test_jobs_give_the_same_output_on_one_corpus_path(
    corpus_dir: Path, args: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """One path of about 1.6 MB: with --jobs 2 its files are formatted by a worker."""
    root = corpus_repository(corpus_dir, "terraform-aws-modules__terraform-aws-eks")
    calls: list[int] = []
    original = fixer.parallel.prepare

    def spy(files: object, jobs: int, known: object, *args: object, **kwargs: object) -> object:
        calls.append(jobs)
        return original(files, jobs, known, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(fixer.parallel, "MIN_POOL_BYTES", 100_000)
    monkeypatch.setattr(fixer.parallel, "prepare", spy)
    runner = CliRunner()
    outputs = [
        runner.invoke(app, [*args, "--no-cache", "--jobs", jobs, str(root)], catch_exceptions=False)
        for jobs in ("1", "2", "3")
    ]
    assert calls == [1, 2, 3]
    assert len({(r.exit_code, r.stdout_bytes, r.stderr) for r in outputs}) == 1


def test_several_paths_run_one_project_per_process(
    multi_env: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    other = tmp_path / "other"
    shutil.copytree(multi_env, other)
    runner = CliRunner()
    monkeypatch.chdir(tmp_path)
    results = [
        runner.invoke(
            app, ["check", "--no-cache", "-j", jobs, "multi-env", "other"], catch_exceptions=False
        )
        for jobs in ("1", "2")
    ]
    assert results[0].exit_code == 1
    assert (results[0].stdout, results[0].stderr) == (results[1].stdout, results[1].stderr)


def test_a_format_only_run_parses_nothing_here_and_equals_one_process(
    multi_env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (multi_env / "broken.tf").write_text('resource "a" "b" {\n  x = \n')
    (multi_env / "caller.tf").write_text('module "m" {\n  source = "../outside"\n}\n')
    settings = Settings(select=("FX001",))
    for mode in ("check", "dry-run"):
        request = Request(mode, settings, ("FX001",))
        alone = run_one(multi_env, request, 1)
        monkeypatch.setattr(fixer.parallel, "MIN_POOL_BYTES", 0)
        files = discover(multi_env, "p").files
        prepare(files, 2, {}, parse_here=False)
        hcl = {rel: s for rel, s in files.items() if s.is_hcl}
        assert not any("_parsed" in s.__dict__ for s in hcl.values())  # nothing parsed here
        assert {rel for rel, s in hcl.items() if "canonical" in s.__dict__} == set(hcl) - {
            "broken.tf"
        }
        assert hcl["broken.tf"].error is not None  # parsed when asked, as before
        assert run_one(multi_env, request, 2) == alone
        monkeypatch.setattr(fixer.parallel, "MIN_POOL_BYTES", 1_000_000)
        assert any("broken.tf" in e.path for e in alone.errors)


def test_reading_a_canonical_text_waits_for_the_worker_formatting_it(
    multi_env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The parent does not wait for the workers after parsing: the other codemods run
    meanwhile, and FX001, run last, waits when it reads the first canonical text."""
    formatted_here: list[str] = []
    original = fixer.model.files.format_preserving_newlines

    def counting(text: str, tokens: object = None) -> str:
        formatted_here.append(text)
        return original(text, tokens)  # type: ignore[arg-type]

    monkeypatch.setattr(fixer.parallel, "MIN_POOL_BYTES", 0)
    files = discover(multi_env, "p").files
    expected = {rel: s.canonical for rel, s in discover(multi_env, "p").files.items() if s.is_hcl}
    monkeypatch.setattr(fixer.model.files, "format_preserving_newlines", counting)
    finish = prepare(files, 2, {})
    hcl = {rel: s for rel, s in files.items() if s.is_hcl}
    assert all("_awaiting" in s.__dict__ for s in hcl.values())
    assert {rel: s.canonical for rel, s in hcl.items()} == expected
    assert formatted_here == []  # every text came from the worker
    finish()  # already done: nothing to wait for
    assert not any("_awaiting" in s.__dict__ for s in hcl.values())


def test_the_workers_exit_when_their_last_task_is_done(
    multi_env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An idle worker would keep its memory until the run's end, where its results are
    read: it exits as soon as its tasks are done, and its results are still there."""
    submitted: list[Future[object]] = []
    original = fixer.parallel._submit

    def recording(*args: object, **kwargs: object) -> list[Future[object]]:
        futures = original(*args, **kwargs)  # type: ignore[arg-type]
        submitted.extend(futures)
        return futures

    monkeypatch.setattr(fixer.parallel, "MIN_POOL_BYTES", 0)
    monkeypatch.setattr(fixer.parallel, "BATCH_BYTES", 200)  # several tasks
    monkeypatch.setattr(fixer.parallel, "_submit", recording)
    files = discover(multi_env, "p").files
    expected = {rel: s.canonical for rel, s in discover(multi_env, "p").files.items() if s.is_hcl}
    before = set(multiprocessing.active_children())
    finish = prepare(files, 2, {})
    workers = set(multiprocessing.active_children()) - before
    assert len(submitted) > 1 and workers
    wait(submitted)
    # A worker's sentinel is ready once it has exited, whoever reaps it: the pool does,
    # and `join` after that would take the reaped worker for a live one.
    sentinels = [worker.sentinel for worker in workers]
    ended = multiprocessing.connection.wait(sentinels, 30)  # a bound, not a measure
    assert sorted(ended) == sorted(sentinels)
    assert {rel: s.canonical for rel, s in files.items() if s.is_hcl} == expected
    finish()


def test_fx001_runs_after_the_other_codemods() -> None:
    from fixer.registry import all_codemods
    from fixer.runner import ordered

    order = [cls.code for cls in ordered(all_codemods())]
    assert order[-1] == "FX001" and order[:-1] == sorted(order[:-1])


@pytest.mark.parametrize("method", ["fork", "spawn"])
@pytest.mark.parametrize("codes", [None, ("FX001",)])
def test_forked_workers_are_sent_paths_and_others_texts(
    multi_env: Path, monkeypatch: pytest.MonkeyPatch, method: str, codes: tuple[str] | None
) -> None:
    """A forked worker has the texts already: only their paths go down the pipe (a 5 MB
    text took 40-80 ms to get to a worker); a spawned one is sent them, as before."""
    request = request_for("dry-run")
    if codes is not None:  # FX001 alone: the workers parse too, a large file split in two
        request = Request("dry-run", Settings(select=codes), codes)
        monkeypatch.setattr(fixer.parallel, "SPLIT_BYTES", 0)
    alone = run_one(multi_env, request, 1)
    real = multiprocessing.get_context
    monkeypatch.setattr(multiprocessing, "get_context", lambda *_: real(method))
    sent: list[tuple[str, str | None]] = []
    submit = ProcessPoolExecutor.submit

    def spy(self: ProcessPoolExecutor, fn: object, *args: object, **kwargs: object) -> object:
        sent.extend(args[0])  # type: ignore[arg-type]
        return submit(self, fn, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(ProcessPoolExecutor, "submit", spy)
    monkeypatch.setattr(fixer.parallel, "MIN_POOL_BYTES", 0)
    assert run_one(multi_env, request, 3) == alone
    hcl = {p.relative_to(multi_env).as_posix() for p in multi_env.rglob("*.tf*")}
    assert {rel for rel, _ in sent} >= {"unformatted.tf", "crlf.tf"}
    assert {rel for rel, _ in sent} <= hcl
    assert all((text is None) == (method == "fork") for _, text in sent)
    assert fixer.parallel._INHERITED == {}  # nothing kept after the run
