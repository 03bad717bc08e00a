"""Shared test fixtures: the shared corpus (skipped or required) and golden updating."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
# ../shared beside the repository; from a worktree under /work/wt, the one beside /work/main.
SHARED = next(
    (p / "shared" for p in (REPO.parent, REPO.parent.parent) if (p / "shared").is_dir()),
    REPO.parent / "shared",
)

# fixer keeps its cache beside the configuration file or in the current directory; the
# tests' runs keep it in one directory of their own instead, out of the projects whose
# files tests compare (every run still goes through the cache). Tests of the cache
# itself choose their directories.
_TEST_CACHE = tempfile.mkdtemp(prefix="fixer-test-cache-")
os.environ.setdefault("FIXER_CACHE_DIR", _TEST_CACHE)
atexit.register(shutil.rmtree, _TEST_CACHE, ignore_errors=True)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        default=False,
        help="Rewrite golden/*/*/expected.diff from the current output, for review.",
    )


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() == "true"


def require_shared(*parts: str) -> Path:
    """A path under ../shared; skips when absent, except in CI where it must exist."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        if in_ci():
            pytest.fail(f"{path} is required in CI (CI=true) but is missing")
        pytest.skip(f"{path} is not present")
    return path


def require_terraform() -> str:
    """The terraform binary; skips when absent, except in CI where it must be there."""
    import shutil

    found = shutil.which("terraform")
    if found is None:
        if in_ci():
            pytest.fail("terraform is required in CI (CI=true) but is not on PATH")
        pytest.skip("terraform is not on PATH")
    return found


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    return require_shared("corpus")


@pytest.fixture(scope="session")
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))
