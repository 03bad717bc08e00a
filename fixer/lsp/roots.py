"""Which directory a document is analysed in: the nearest ancestor that holds its environments."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from fixer.discover import SKIPPED_DIRS

# How deep below a candidate root tfvars files still count (`envs/prod/terraform.tfvars`).
TFVARS_DEPTH = 2


# A root with more files than this is too big to check on every keystroke.
MAX_ROOT_FILES = 2000


def project_root(directory: Path, folders: Sequence[Path]) -> Path:
    """The project root for a document in `directory`.

    Candidates are the directory and its ancestors up to the innermost workspace folder
    holding it (only the directory itself when no folder does). The nearest candidate
    with `.tfvars` files in it or up to TFVARS_DEPTH levels below wins, so project-wide
    codemods see the environments, READMEs and scripts that belong to the module;
    without one, or when the winner holds more than MAX_ROOT_FILES files, the directory
    itself is the root.
    """
    for candidate in _candidates(directory, folders):
        if _has_tfvars(candidate, TFVARS_DEPTH):
            if candidate != directory and more_files_than(candidate, MAX_ROOT_FILES):
                return directory
            return candidate
    return directory


def more_files_than(root: Path, limit: int) -> bool:
    count = 0
    for _, dirnames, filenames in os.walk(root):
        dirnames[:] = [d for d in dirnames if d not in SKIPPED_DIRS]
        count += len(filenames)
        if count > limit:
            return True
    return False


def _candidates(directory: Path, folders: Sequence[Path]) -> list[Path]:
    inside = [f for f in folders if directory == f or f in directory.parents]
    if not inside:
        return [directory]
    boundary = max(inside, key=lambda f: len(f.parts))
    out = [directory]
    for parent in directory.parents:
        if len(parent.parts) < len(boundary.parts):
            break
        out.append(parent)
    return out


def _has_tfvars(directory: Path, depth: int) -> bool:
    try:
        entries = list(os.scandir(directory))
    except OSError:
        return False
    subdirectories = []
    for entry in entries:
        try:
            if entry.is_file() and entry.name.endswith(".tfvars"):
                return True
            if depth and entry.is_dir(follow_symlinks=False) and entry.name not in SKIPPED_DIRS:
                subdirectories.append(entry.path)
        except OSError:
            continue
    return any(_has_tfvars(Path(sub), depth - 1) for sub in subdirectories)
