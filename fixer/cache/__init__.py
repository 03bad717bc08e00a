"""The persistent cache of fixer runs: per-project results, the pieces of a check part by
part (`fixer.parts`: after an edit only the parts that may read it are checked again)
and per-file formatting facts.

Entries live in `.fixer_cache/` (with its own `.gitignore`, like ruff's) in the directory
of the configuration file, else the current directory; `--cache-dir DIR` or the
FIXER_CACHE_DIR environment variable put them elsewhere, `--no-cache` (or
FIXER_NO_CACHE=1) turns the cache off. A result is reused only when fixer's code, the
request and every file read are the same (`keys.project_key`), so the cache never
changes what a run reports or writes."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from fixer.cache.project import ProjectCache

DIRECTORY_NAME = ".fixer_cache"
DIR_VARIABLE = "FIXER_CACHE_DIR"
OFF_VARIABLE = "FIXER_NO_CACHE"


def cache_directory(
    option: str | None, no_cache: bool, config_file: Path | None, cwd: Path | None = None
) -> str | None:
    """Where the cache of a run lives, or None when it is off: `--no-cache` (or
    FIXER_NO_CACHE set to anything but 0 or empty), else `--cache-dir`, else
    FIXER_CACHE_DIR, else `.fixer_cache` beside the configuration file, else in the
    current directory."""
    if no_cache or os.environ.get(OFF_VARIABLE, "") not in ("", "0"):
        return None
    chosen = option or os.environ.get(DIR_VARIABLE)
    if chosen:
        return str(Path(chosen).absolute())
    base = config_file.parent if config_file is not None else (cwd or Path.cwd())
    return str((base / DIRECTORY_NAME).absolute())


def open_project_cache(directory: str, target: object, request: object) -> ProjectCache | None:
    """The cache of one project's run (imported only when a run uses the cache)."""
    from fixer.cache.project import ProjectCache

    return ProjectCache.open(directory, target, request)  # type: ignore[arg-type]


__all__ = [
    "DIRECTORY_NAME",
    "DIR_VARIABLE",
    "OFF_VARIABLE",
    "cache_directory",
    "open_project_cache",
]
