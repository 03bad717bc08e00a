"""Real file-system faults for tests: read-only and full mounts, unreadable directories,
and running fixer as a subprocess that cannot hang the test run."""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def run_fixer(
    args: list[str], cwd: Path, timeout: float = 60, unprivileged: bool = False
) -> subprocess.CompletedProcess[str]:
    """`python -m fixer ARGS` in cwd; a hang fails the test instead of stalling it.

    `unprivileged`: as root, without the capabilities that let root ignore permission
    bits (so a directory with mode 000 is unreadable to it, as to anyone else)."""
    command = [sys.executable, "-m", "fixer", *args]
    if unprivileged and os.geteuid() == 0:
        setpriv = shutil.which("setpriv")
        if setpriv is None:
            pytest.skip("setpriv is needed to drop root's permission override")
        command = [setpriv, "--bounding-set=-dac_override,-dac_read_search", *command]
    env = {**os.environ, "NO_COLOR": "1", "PYTHONPATH": str(REPO)}
    try:
        return subprocess.run(
            command, cwd=cwd, capture_output=True, text=True, timeout=timeout, env=env, check=False
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"fixer {' '.join(args)} did not finish in {timeout} s (hang)")


def _mount(*args: str) -> None:
    done = subprocess.run(["mount", *args], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        pytest.skip(f"cannot mount ({done.stderr.strip()}); needs root")


def _umount(path: Path) -> None:
    subprocess.run(["umount", "-l", str(path)], capture_output=True, check=False)


@contextlib.contextmanager
def read_only_view(source: Path, mountpoint: Path) -> Iterator[Path]:
    """source, seen read-only at mountpoint (a bind mount remounted read-only)."""
    if os.geteuid() != 0:
        pytest.skip("read-only bind mounts need root")
    mountpoint.mkdir(parents=True, exist_ok=True)
    _mount("--bind", str(source), str(mountpoint))
    try:
        _mount("-o", "remount,ro,bind", str(mountpoint))
        yield mountpoint
    finally:
        _umount(mountpoint)


@contextlib.contextmanager
def small_tmpfs(mountpoint: Path, size: str) -> Iterator[Path]:
    """A tmpfs of the given size (e.g. "64k") at mountpoint."""
    if os.geteuid() != 0:
        pytest.skip("tmpfs mounts need root")
    mountpoint.mkdir(parents=True, exist_ok=True)
    _mount("-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(mountpoint))
    try:
        yield mountpoint
    finally:
        _umount(mountpoint)


def fill(directory: Path, leave: int = 0) -> None:
    """Fill the file system holding directory, then free about `leave` bytes."""
    filler = directory / "filler.bin"
    with filler.open("wb", buffering=0) as out, contextlib.suppress(OSError):
        while True:
            out.write(b"\0" * 4096)
    if leave:
        size = filler.stat().st_size
        os.truncate(filler, max(0, size - leave))


_TEMP = re.compile(r"^\..+\.(tf|tfvars|md|sh)\.(fixer-.*|\w{8})$")


def temp_files(root: Path) -> list[str]:
    """Temporary files of a write under root: fixer's (`.x.tf.fixer-...`) or
    tempfile-style leftovers (`.x.tf.k3j5l2m1`)."""
    return sorted(
        str(p.relative_to(root)) for p in root.rglob(".*") if _TEMP.match(p.name) and p.is_file()
    )
