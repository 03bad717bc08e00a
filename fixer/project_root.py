"""Which project a file named on the command line belongs to, and how the paths of a run group.

A directory given on the command line is a project root, as always. A file given on its
own (the way pre-commit passes files) is analysed inside its project, found by walking up
from the file's directory and stopping at the first directory that

1. looks like a Terraform root module: it holds `.tf` files, and a `.tf` file declaring a
   `backend` or `cloud` block, or a `.terraform.lock.hcl` or `.terraform` directory, or
   `.tfvars` files (in it or up to two levels below, as in `envs/prod/terraform.tfvars`);
   or
2. is the top of a git work tree (it holds `.git`) or holds a fixer configuration file
   (`.fixer.toml`, or `pyproject.toml` with a `[tool.fixer]` table): a project never
   extends above its repository or its configuration.

Without any such directory up to the file system root, the file's own directory is the
project. So `modules/vpc/variables.tf` is analysed with the root module above it that
calls it (or with its whole repository), its environments and README, while only that
file is reported on and written. (The editor's rule, `fixer.lsp.roots`, is close: the
nearest directory with environments in or below it, within the workspace folder.)
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from fixer.filestate import read_regular
from fixer.walk import SKIPPED_DIRS

_BACKEND = re.compile(r"^[ \t]*(?:backend[ \t]*\"|cloud[ \t]*\{)", re.MULTILINE)
_MAX_TF_BYTES = 1024 * 1024
TFVARS_DEPTH = 2
_MAX_SCANNED = 200


class UsageError(Exception):
    """A command-line path that cannot be used (it does not exist)."""


@dataclass(frozen=True)
class Job:
    """One project to read: its root, how to print the root, and the files named in it
    (None: the whole directory was given, every file is reported and may be written)."""

    root: Path
    display: str
    selected: frozenset[str] | None = None


def project_root(file: Path) -> Path:
    """The project root of a file (an absolute path), by the rule in this module's docs."""
    start = file.parent
    for directory in (start, *start.parents):
        if _is_root_module(directory) or _is_boundary(directory):
            return directory
    return start


def check_paths(paths: list[str]) -> list[os.stat_result]:
    """The stat of each path; a path that does not exist (or cannot be reached) is a
    UsageError naming it."""
    out = []
    for given in paths:
        try:
            out.append(os.stat(given))
        except OSError as error:
            raise UsageError(f"{given}: {error.strerror or error}") from None
    return out


def plan(paths: list[str]) -> list[Job]:
    """The projects to read for the command-line paths, each project once, in the order given.

    A directory inside another given directory is read with it; a file inside a given
    directory is read with it; files of one project are read together. A path that does
    not exist is a UsageError.
    """
    entries: list[tuple[str, str, bool]] = []  # (real path, as given, is a directory)
    for given, status in zip(paths, check_paths(paths), strict=True):
        entries.append((os.path.realpath(given), given, stat.S_ISDIR(status.st_mode)))
    directories = [(number, real) for number, (real, _, is_dir) in enumerate(entries) if is_dir]

    def covered(number: int, real: str) -> bool:
        """Inside another given directory (or the same directory, given earlier)."""
        return any(
            _inside(real, other) and (real != other or other_number < number)
            for other_number, other in directories
            if other_number != number
        )

    jobs: list[Job] = []
    files: dict[str, tuple[Path, str, set[str]]] = {}
    for number, (real, given, is_directory) in enumerate(entries):
        if covered(number, real):
            continue
        if is_directory:
            jobs.append(Job(Path(given), given.rstrip("/") or given))
            continue
        absolute = Path(os.path.abspath(given))
        root = project_root(absolute)
        key = os.path.realpath(root)
        if key not in files:
            display = str(root) if os.path.isabs(given) else os.path.relpath(root)
            files[key] = (root, display, set())
            jobs.append(Job(root, display, frozenset()))  # placeholder, filled below
        files[key][2].add(PurePosixPath(*absolute.relative_to(root).parts).as_posix())
    by_root = {(str(root), display): selected for root, display, selected in files.values()}
    return [
        Job(job.root, job.display, frozenset(by_root[(str(job.root), job.display)]))
        if job.selected is not None
        else job
        for job in jobs
    ]


def _inside(path: str, directory: str) -> bool:
    return path == directory or path.startswith(directory.rstrip(os.sep) + os.sep)


def _is_boundary(directory: Path) -> bool:
    if os.path.lexists(directory / ".git") or (directory / ".fixer.toml").is_file():
        return True
    try:
        data, _ = read_regular(str(directory / "pyproject.toml"), limit=_MAX_TF_BYTES)
    except OSError:
        return False
    return b"[tool.fixer" in data


def _is_root_module(directory: Path) -> bool:
    try:
        names = os.listdir(directory)
    except OSError:
        return False
    tf_files = [name for name in names if name.endswith(".tf")]
    if not tf_files:
        return False
    if ".terraform.lock.hcl" in names or ".terraform" in names:
        return True
    if any(name.endswith(".tfvars") for name in names):
        return True
    if any(_declares_backend(directory / name) for name in tf_files):
        return True
    return _tfvars_below(directory, TFVARS_DEPTH)


def _tfvars_below(directory: Path, depth: int) -> bool:
    """Whether a subdirectory up to `depth` levels down holds a `.tfvars` file (hidden
    and never-read directories aside; at most _MAX_SCANNED directories looked at)."""
    level = [str(directory)]
    scanned = 0
    for _ in range(depth):
        below = []
        for parent in level:
            try:
                with os.scandir(parent) as entries:
                    below.extend(
                        entry.path
                        for entry in entries
                        if not entry.name.startswith(".")
                        and entry.name not in SKIPPED_DIRS
                        and entry.is_dir(follow_symlinks=False)
                    )
            except OSError:
                continue
        scanned += len(below)
        if scanned > _MAX_SCANNED:
            return False
        for child in below:
            try:
                if any(name.endswith(".tfvars") for name in os.listdir(child)):
                    return True
            except OSError:
                continue
        level = below
    return False


def _declares_backend(path: Path) -> bool:
    try:
        data, _ = read_regular(str(path), limit=_MAX_TF_BYTES)
    except OSError:
        return False
    return _BACKEND.search(data.decode("utf-8", "replace")) is not None
