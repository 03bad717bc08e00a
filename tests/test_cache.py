"""The persistent cache: what its keys depend on, where it lives, and that it never
changes what a run reports or writes (golden projects, edits, fixes, corrupt or planted
entries, concurrent runs, the size bound)."""

from __future__ import annotations

import os
import pickle
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from fixer import session
from fixer.cache import cache_directory
from fixer.cache.keys import project_key
from fixer.cache.store import MAGIC, Store
from fixer.cli import app
from fixer.config import Settings
from fixer.discover import discover
from fixer.session import Request

REPO = Path(__file__).resolve().parents[1]
# terraform_data: Terraform's built-in provider, which needs no required_providers entry.
UNFORMATTED = 'resource "terraform_data" "b" {\ninput=1\n}\n'
FORMATTED = 'resource "terraform_data" "b" {\n  input = 1\n}\n'
GOLDEN_PROJECTS = sorted(
    path for path in (REPO / "golden").glob("*/*") if path.is_dir() and path.parent.name != "runs"
)
# One case per codemod by default (and the demo runs); every case with `pytest -m slow`.
FIRST_OF_EACH = {path.parent: path for path in reversed(GOLDEN_PROJECTS)}.values()
GOLDEN_CASES = [
    pytest.param(path, id=f"{path.parent.name}/{path.name}")
    if path in FIRST_OF_EACH
    else pytest.param(path, id=f"{path.parent.name}/{path.name}", marks=pytest.mark.slow)
    for path in GOLDEN_PROJECTS
]


def invoke(args: list[str], cwd: Path, monkeypatch: pytest.MonkeyPatch) -> Result:
    monkeypatch.chdir(cwd)
    return CliRunner().invoke(app, args, catch_exceptions=False)


def outcome(result: Result) -> tuple[int, bytes, str]:
    return result.exit_code, result.stdout_bytes, result.stderr


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "proj"
    root.mkdir()
    (root / "main.tf").write_text(UNFORMATTED)
    (root / "ok.tf").write_text(FORMATTED.replace('"b"', '"c"'))
    return root


@pytest.fixture
def cache(tmp_path: Path) -> Path:
    return tmp_path / "cache"


def entries(cache: Path, prefix: str = "") -> list[Path]:
    return sorted(cache.glob(f"{prefix}*.entry"))


def no_processing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make any project that is checked rather than read from the cache fail the test."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the project was processed, not read from the cache")

    monkeypatch.setattr(session, "process_target", refuse)


def key_of(root: Path, mode: str = "check", **settings: object) -> str:
    request = Request(mode, Settings(**settings), ("FX001",))  # type: ignore[arg-type]
    return project_key(discover(root, str(root)), request)


def test_key_depends_on_contents_files_present_mode_and_settings(project: Path) -> None:
    base = key_of(project)
    assert key_of(project) == base
    assert key_of(project, "dry-run") != base
    assert key_of(project, select=("FX001",)) != base
    (project / "main.tf").write_text(FORMATTED)
    edited = key_of(project)
    assert edited != base
    (project / "main.tf").write_bytes(b"\xef\xbb\xbf" + FORMATTED.encode())  # a BOM only
    assert key_of(project) not in (base, edited)
    (project / "main.tf").write_text(FORMATTED)
    assert key_of(project) == edited
    (project / "build.zip").write_bytes(b"PK")  # not read, but present (codemods ask)
    assert key_of(project) != edited


def test_key_depends_on_the_files_of_extra_codemods(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    extra = tmp_path / "extra.py"
    extra.write_text("X = 1\n")
    monkeypatch.setenv("FIXER_EXTRA_CODEMODS", f"{extra}:X")
    before = key_of(project)
    extra.write_text("X = 22\n")
    assert key_of(project) != before


@pytest.mark.parametrize("golden", GOLDEN_CASES)
def test_cached_runs_equal_uncached_runs_on_golden_projects(
    golden: Path, tmp_path: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "project"
    shutil.copytree(golden, root)
    (root / "expected.diff").unlink(missing_ok=True)
    for args in (
        ["check", "--format", "json", "."],
        ["check", "--statistics", "."],
        ["fix", "--dry-run", "--unsafe-fixes", "."],
        ["fmt", "--check", "."],
    ):
        uncached = outcome(invoke([*args[:-1], "--no-cache", "."], root, monkeypatch))
        cold = outcome(invoke([*args[:-1], "--cache-dir", str(cache), "."], root, monkeypatch))
        with monkeypatch.context() as patched:
            no_processing(patched)
            warm = outcome(invoke([*args[:-1], "--cache-dir", str(cache), "."], root, patched))
        assert cold == uncached, args
        assert warm == uncached, args


def test_an_edit_is_seen_and_the_run_equals_an_uncached_one(
    project: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = invoke(["check", "--cache-dir", str(cache), "."], project, monkeypatch)
    assert first.exit_code == 1
    (project / "main.tf").write_text(FORMATTED)
    second = invoke(["check", "--cache-dir", str(cache), "."], project, monkeypatch)
    assert second.exit_code == 0
    assert outcome(second) == outcome(invoke(["check", "--no-cache", "."], project, monkeypatch))
    (project / "main.tf").write_text(UNFORMATTED)  # back: the first entry serves again
    with monkeypatch.context() as patched:
        no_processing(patched)
        assert outcome(invoke(["check", "--cache-dir", str(cache), "."], project, patched)) == (
            outcome(first)
        )


def test_fix_invalidates_and_results_that_write_are_not_stored(
    project: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert invoke(["check", "--cache-dir", str(cache), "."], project, monkeypatch).exit_code == 1
    fixed = invoke(["fix", "--cache-dir", str(cache), "."], project, monkeypatch)
    assert fixed.exit_code == 0
    assert (project / "main.tf").read_text() == FORMATTED
    stored = [pickle.loads(e.read_bytes()[len(MAGIC) + 32 :]) for e in entries(cache, "result-")]
    assert all(not result.changes for result in stored)  # the fix that wrote: not kept
    after = invoke(["check", "--cache-dir", str(cache), "."], project, monkeypatch)
    assert after.exit_code == 0
    assert outcome(after) == outcome(invoke(["check", "--no-cache", "."], project, monkeypatch))
    # A second fix writes nothing, so it is kept, and served as it was computed.
    again = outcome(invoke(["fix", "--cache-dir", str(cache), "."], project, monkeypatch))
    with monkeypatch.context() as patched:
        no_processing(patched)
        assert outcome(invoke(["fix", "--cache-dir", str(cache), "."], project, patched)) == again


def test_formatting_facts_are_reused_per_file_after_an_edit(
    project: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    invoke(["check", "--cache-dir", str(cache), "."], project, monkeypatch)
    other = UNFORMATTED.replace('"b"', '"d"')
    (project / "other.tf").write_text(other)
    import fixer.model.files

    formatted: list[str] = []
    original = fixer.model.files.format_preserving_newlines

    def counting(text: str, tokens: object = None) -> str:
        formatted.append(text)
        return original(text, tokens)  # type: ignore[arg-type]

    monkeypatch.setattr(fixer.model.files, "format_preserving_newlines", counting)
    result = invoke(["check", "--cache-dir", str(cache), "."], project, monkeypatch)
    assert formatted == [other]  # main.tf and ok.tf: known by their content
    assert outcome(result) == outcome(invoke(["check", "--no-cache", "."], project, monkeypatch))


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: b"",
        lambda data: data[: len(data) // 2],
        lambda data: data[:-1] + bytes([data[-1] ^ 1]),
        lambda data: b"garbage" * 10,
        lambda data: MAGIC + b"\0" * 32 + pickle.dumps("not a result"),
    ],
    ids=["empty", "truncated", "flipped", "garbage", "unsigned"],
)
def test_a_corrupt_cache_is_ignored_and_replaced(
    project: Path, cache: Path, monkeypatch: pytest.MonkeyPatch, damage: object
) -> None:
    expected = outcome(invoke(["check", "--no-cache", "."], project, monkeypatch))
    invoke(["check", "--cache-dir", str(cache), "."], project, monkeypatch)
    for entry in entries(cache):
        entry.write_bytes(damage(entry.read_bytes()))  # type: ignore[operator]
    assert outcome(invoke(["check", "--cache-dir", str(cache), "."], project, monkeypatch)) == (
        expected
    )
    with monkeypatch.context() as patched:  # replaced by a good entry
        no_processing(patched)
        assert outcome(invoke(["check", "--cache-dir", str(cache), "."], project, patched)) == (
            expected
        )


class Planted:
    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (os.system, ("touch planted-ran",))


def test_a_planted_cache_is_never_unpickled(
    project: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A `.fixer_cache` committed to a repository cannot carry the user's signature."""
    invoke(["check", "--cache-dir", str(cache), "."], project, monkeypatch)
    for entry in entries(cache):
        signature = os.urandom(32)
        entry.write_bytes(MAGIC + signature + pickle.dumps(Planted()))
    result = invoke(["check", "--cache-dir", str(cache), "."], project, monkeypatch)
    assert result.exit_code == 1
    assert not (project / "planted-ran").exists()


def test_concurrent_runs_share_a_cache_safely(project: Path, cache: Path) -> None:
    for number in range(30):
        (project / f"f{number}.tf").write_text(UNFORMATTED.replace('"b"', f'"b{number}"'))
    command = [sys.executable, "-m", "fixer", "check", "--format", "json", "--cache-dir"]
    expected = subprocess.run(
        [sys.executable, "-m", "fixer", "check", "--format", "json", "--no-cache", "."],
        cwd=project,
        capture_output=True,
        check=False,
    )
    for _round in range(2):  # all cold at once, then all warm at once
        runs = [
            subprocess.Popen(
                [*command, str(cache), "."],
                cwd=project,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
            )
            for _ in range(6)
        ]
        for run in runs:
            stdout, stderr = run.communicate(timeout=120)
            assert (run.returncode, stdout, stderr) == (1, expected.stdout, expected.stderr)
    assert not list(cache.glob(".*.tmp"))  # every write completed or cleaned up
    store = Store.open(cache)
    assert store is not None
    assert all(store.read(entry.name) is not None for entry in entries(cache))


def test_no_cache_and_the_environment_variables(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("FIXER_CACHE_DIR", raising=False)
    invoke(["check", "--no-cache", "."], project, monkeypatch)
    assert not (project / ".fixer_cache").exists()
    monkeypatch.setenv("FIXER_NO_CACHE", "1")
    invoke(["check", "."], project, monkeypatch)
    assert not (project / ".fixer_cache").exists()
    monkeypatch.delenv("FIXER_NO_CACHE")
    by_variable = tmp_path / "by-variable"
    monkeypatch.setenv("FIXER_CACHE_DIR", str(by_variable))
    invoke(["check", "."], project, monkeypatch)
    assert entries(by_variable, "result-")
    by_option = tmp_path / "by-option"  # the option wins over the variable
    invoke(["fmt", "--check", "--cache-dir", str(by_option), "."], project, monkeypatch)
    assert entries(by_option, "result-")
    assert not (project / ".fixer_cache").exists()


def test_default_directory_is_beside_the_configuration_or_in_the_current_directory(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("FIXER_CACHE_DIR", raising=False)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    invoke(["check", str(project)], elsewhere, monkeypatch)
    cache = elsewhere / ".fixer_cache"
    assert (cache / ".gitignore").read_text().splitlines()[-1] == "*"
    assert (cache / "CACHEDIR.TAG").read_text().startswith("Signature: 8a477f597d28d172789f0688")
    assert entries(cache, "result-")
    (project / ".fixer.toml").write_text("ignore = []\n")
    invoke(["check", str(project)], elsewhere, monkeypatch)
    assert entries(project / ".fixer_cache", "result-")
    assert cache_directory(None, False, None, cwd=tmp_path) == str(tmp_path / ".fixer_cache")
    assert cache_directory(None, True, None, cwd=tmp_path) is None


def test_an_unusable_cache_directory_only_costs_the_cache(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = outcome(invoke(["check", "--no-cache", "."], project, monkeypatch))
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    for directory in (blocker, blocker / "below"):
        assert outcome(
            invoke(["check", "--cache-dir", str(directory), "."], project, monkeypatch)
        ) == (expected)


def test_the_cache_is_bounded_least_recently_used_first(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "cache")
    assert store is not None
    for number in range(6):
        store.write(f"result-{number}.entry", bytes(1000))
        os.utime(store.directory / f"result-{number}.entry", ns=(number * 10**9, number * 10**9))
    assert store.read("result-0.entry") is not None  # used now: the most recent
    store.prune(max_bytes=3 * 1100, max_entries=100)
    assert sorted(p.name for p in entries(store.directory)) == [
        "result-0.entry",
        "result-4.entry",
        "result-5.entry",
    ]
    store.prune(max_bytes=10**9, max_entries=1)
    assert [p.name for p in entries(store.directory)] == ["result-0.entry"]
    assert (store.directory / ".gitignore").exists()


def test_runs_prune_the_cache(project: Path, cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("fixer.cache.store.MAX_ENTRIES", 3)
    monkeypatch.setattr(Store.prune, "__defaults__", (10**9, 3))
    for number in range(6):
        (project / "main.tf").write_text(UNFORMATTED.replace('"b"', f'"b{number}"'))
        invoke(["check", "--cache-dir", str(cache), "."], project, monkeypatch)
    assert len(entries(cache)) == 3


def test_a_cache_in_the_project_root_is_not_part_of_the_project(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The default place is the current directory, often the project root: the cache's
    own files must not change the project (its key), or no run would ever hit."""
    monkeypatch.delenv("FIXER_CACHE_DIR", raising=False)
    first = outcome(invoke(["check", "."], project, monkeypatch))
    assert entries(project / ".fixer_cache", "result-")
    with monkeypatch.context() as patched:
        no_processing(patched)
        assert outcome(invoke(["check", "."], project, patched)) == first
