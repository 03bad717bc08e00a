"""Finding the files of a run: walk the given paths, skip what must be skipped, read safely."""

from __future__ import annotations

import fnmatch
import os
import subprocess
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from fixer.model.files import BUILD_FILE_NAMES, SourceFile, file_kind, shell_shebang
from fixer.reports.model import FileError
from fixer.syntax.errors import HCLSyntaxError
from fixer.syntax.source import decode

SKIPPED_DIRS = frozenset({".terraform", ".git", ".hg", ".svn", "node_modules", "__pycache__"})
MAX_FILE_BYTES = 32 * 1024 * 1024
MAX_SCRIPT_BYTES = 1024 * 1024  # a file without a known name is read as a script below this
_OTHER_NAMES = ("README", "readme", "Readme")
# Scripts, docs, and backend configuration files (`backend.hcl`, `backend.hcl.example`):
# HCL, but not Terraform configuration, so they are read as "other" and never parsed.
_OTHER_SUFFIXES = (".sh", ".bash", ".md", ".markdown", ".hcl", ".hcl.example")
_SHEBANG_BYTES = 256


@dataclass
class Target:
    """One project root and what was read from it.

    `display` is how the root is printed (the path as the user gave it); `selected`
    is set when the user named single files: only their findings are reported.
    """

    root: Path
    display: str
    files: dict[str, SourceFile] = field(default_factory=dict)
    selected: set[str] | None = None
    errors: list[FileError] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    paths: set[str] = field(default_factory=set)  # every file under the root, read or not
    ignored: set[str] = field(default_factory=set)  # of those, the ones git ignores

    def display_path(self, rel: str) -> str:
        if self.display in ("", "."):
            return rel
        return str(PurePosixPath(self.display) / rel)


def wanted(rel: str) -> bool:
    """Whether a file is read by its name: HCL, JSON config (to report it skipped),
    scripts, docs, backend configuration files (see also `shell_script_file`)."""
    name = PurePosixPath(rel).name
    if file_kind(rel) != "other":
        return True
    return (
        name.endswith(_OTHER_SUFFIXES) or name.startswith(_OTHER_NAMES) or name in BUILD_FILE_NAMES
    )


def shell_script_file(path: Path) -> bool:
    """Whether a file of another name is a shell script to read: smaller than
    MAX_SCRIPT_BYTES and starting with a shell shebang (`#!/bin/sh`, `#!/usr/bin/env bash`)."""
    try:
        if path.stat().st_size >= MAX_SCRIPT_BYTES:
            return False
        with path.open("rb") as handle:
            head = handle.read(_SHEBANG_BYTES)
    except OSError:
        return False
    if not head.startswith(b"#!"):
        return False
    return shell_shebang(head.split(b"\n", 1)[0].decode("utf-8", "replace"))


def excluded(rel: str, patterns: tuple[str, ...]) -> bool:
    name = PurePosixPath(rel).name
    return any(
        fnmatch.fnmatch(rel, pattern) or fnmatch.fnmatch(name, pattern) for pattern in patterns
    )


def discover(path: Path, display: str, exclude: tuple[str, ...] = ()) -> Target:
    """Read a directory (a project root) or a single file (its directory is the root)."""
    if path.is_dir():
        target = Target(path, display)
        for rel in _walk(path, target, exclude):
            _read(target, rel)
        target.ignored = git_ignored(path) & target.paths
        return target
    root = path.parent
    target = Target(root, str(PurePosixPath(display).parent))
    target.selected = {path.name}
    if not path.exists():
        target.errors.append(FileError(display, 1, 1, "No such file or directory"))
        return target
    for entry in sorted(os.listdir(root)) if root.is_dir() else []:
        if (root / entry).is_file() and (entry == path.name or file_kind(entry) != "other"):
            _read(target, entry)
    _walk(root, Target(root, ""), exclude, target.paths)
    target.ignored = git_ignored(root) & target.paths
    return target


def git_ignored(root: Path) -> set[str]:
    """Files under root that git ignores (relative POSIX paths); empty outside a work tree.

    A file git ignores (a locally built zip, say) is on this machine but not in the
    repository: codemods asking "is it committed?" must not count it.
    """
    try:
        done = subprocess.run(
            ["git", "ls-files", "-z", "--others", "--ignored", "--exclude-standard"],
            cwd=root,
            capture_output=True,
            timeout=30,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return set()
    if done.returncode != 0:
        return set()
    return {name for name in done.stdout.decode("utf-8", "replace").split("\0") if name}


def _walk(
    root: Path, target: Target, exclude: tuple[str, ...], paths: set[str] | None = None
) -> list[str]:
    """Files to read under root; every file present goes to `paths` (default target.paths)."""
    present = target.paths if paths is None else paths
    found: list[str] = []
    real_root = root.resolve()
    for directory, dirnames, filenames in os.walk(root, followlinks=False):
        rel_dir = os.path.relpath(directory, root)
        rel_dir = "" if rel_dir == "." else rel_dir.replace(os.sep, "/")
        kept = []
        for name in sorted(dirnames):
            rel = f"{rel_dir}/{name}" if rel_dir else name
            if name in SKIPPED_DIRS or excluded(rel, exclude):
                continue
            full = Path(directory) / name
            if full.is_symlink():
                if not _inside(full, real_root):
                    target.skipped.append((rel, "symbolic link leading outside the root"))
                    continue
                found.extend(f"{rel}/{sub}" for sub in _walk_linked(full, real_root, exclude))
                continue
            kept.append(name)
        dirnames[:] = kept
        for name in sorted(filenames):
            rel = f"{rel_dir}/{name}" if rel_dir else name
            if excluded(rel, exclude):
                continue
            present.add(rel)
            full = Path(directory) / name
            if not wanted(rel) and (
                paths is not None or full.is_symlink() or not shell_script_file(full)
            ):
                continue
            if full.is_symlink() and not _inside(full, real_root):
                target.skipped.append((rel, "symbolic link leading outside the root"))
                continue
            found.append(rel)
    return found


def _walk_linked(directory: Path, real_root: Path, exclude: tuple[str, ...]) -> list[str]:
    """Files under a symlinked directory that stays inside the root (one level, no loops)."""
    out = []
    for name in sorted(os.listdir(directory)):
        full = directory / name
        if (
            full.is_file()
            and not excluded(name, exclude)
            and _inside(full, real_root)
            and (wanted(name) or shell_script_file(full))
        ):
            out.append(name)
    return out


def _inside(path: Path, real_root: Path) -> bool:
    try:
        path.resolve().relative_to(real_root)
    except (ValueError, OSError, RuntimeError):
        return False
    return True


def _read(target: Target, rel: str) -> None:
    full = target.root / rel
    shown = target.display_path(rel)
    kind = file_kind(rel)
    if kind == "tfjson":
        target.skipped.append((rel, "JSON configuration (.tf.json) is not supported"))
        return
    try:
        size = full.stat().st_size
        if size > MAX_FILE_BYTES:
            target.errors.append(FileError(shown, 1, 1, f"File too large ({size} bytes); skipped"))
            return
        data = full.read_bytes()
    except OSError as error:
        if kind != "other":
            reason = error.strerror or str(error)
            target.errors.append(FileError(shown, 1, 1, f"Cannot read file: {reason}"))
        return
    if kind == "other":
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            return
        target.files[rel] = SourceFile(rel, text.removeprefix("\ufeff"), text.startswith("\ufeff"))
        return
    if b"\0" in data:
        offset = data.index(b"\0")
        line = data.count(b"\n", 0, offset) + 1
        column = offset - (data.rfind(b"\n", 0, offset) + 1) + 1
        target.errors.append(
            FileError(shown, line, column, "Binary file (contains a NUL byte); skipped")
        )
        return
    try:
        decoded = decode(data, shown)
    except HCLSyntaxError as error:
        target.errors.append(FileError(shown, error.line, error.column, error.message))
        return
    target.files[rel] = SourceFile(rel, decoded.text, decoded.bom)
