"""Walking a project tree: regular files only, each real file and directory once, every oddity named."""

from __future__ import annotations

import errno
import fnmatch
import os
import stat
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from fixer.filestate import NOFOLLOW, file_type
from fixer.model.files import BUILD_FILE_NAMES, file_kind, shell_shebang
from fixer.tempfiles import is_temp_name

# `.fixer_cache`: fixer's own cache (fixer.cache), which may lie in the project root.
SKIPPED_DIRS = frozenset(
    {".terraform", ".git", ".hg", ".svn", "node_modules", "__pycache__", ".fixer_cache"}
)
MAX_SCRIPT_BYTES = 1024 * 1024  # a file without a known name is read as a script below this
_OTHER_NAMES = ("README", "readme", "Readme")
# Scripts, docs, and backend configuration files (`backend.hcl`, `backend.hcl.example`):
# HCL, but not Terraform configuration, so they are read as "other" and never parsed.
_OTHER_SUFFIXES = (".sh", ".bash", ".md", ".markdown", ".hcl", ".hcl.example")
_SHEBANG_BYTES = 256


def wanted(rel: str) -> bool:
    """Whether a file is read by its name: HCL, JSON config (to report it skipped),
    scripts, docs, backend configuration files (see also `shell_script_file`)."""
    name = PurePosixPath(rel).name
    if file_kind(rel) != "other":
        return True
    return (
        name.endswith(_OTHER_SUFFIXES) or name.startswith(_OTHER_NAMES) or name in BUILD_FILE_NAMES
    )


def module_file(rel: str) -> bool:
    """Whether terraform reads a file of this name as part of its directory's module
    (configuration and variable values), whatever path leads to it."""
    return file_kind(rel) in ("tf", "tfvars")


def excluded(rel: str, patterns: tuple[str, ...]) -> bool:
    """Whether a path (relative, POSIX) or its name matches an exclude pattern."""
    name = PurePosixPath(rel).name
    return any(
        fnmatch.fnmatch(rel, pattern) or fnmatch.fnmatch(name, pattern) for pattern in patterns
    )


def shell_script_file(path: Path | str) -> bool:
    """Whether a file of another name is a shell script to read: a regular file smaller
    than MAX_SCRIPT_BYTES starting with a shell shebang (`#!/bin/sh`, `#!/usr/bin/env bash`).
    Opening never blocks and never follows a final symbolic link."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | NOFOLLOW)
    except OSError:
        return False
    try:
        status = os.fstat(fd)
        if not stat.S_ISREG(status.st_mode) or status.st_size >= MAX_SCRIPT_BYTES:
            return False
        head = os.read(fd, _SHEBANG_BYTES)
    except OSError:
        return False
    finally:
        os.close(fd)
    if not head.startswith(b"#!"):
        return False
    return shell_shebang(head.split(b"\n", 1)[0].decode("utf-8", "replace"))


@dataclass(frozen=True)
class Entry:
    """A regular file found by the walk: its path under the root, real path and stat."""

    rel: str
    real: str
    status: os.stat_result
    via_link: bool  # reached through a symbolic link (the file's or a directory's)


@dataclass
class Walk:
    """What a walk found.

    `files`: each real file once, under its preferred path (one not through a link);
    `present`: every file path in the tree, aliases too (for "is it there?" questions);
    `aliases`: other paths of a file in `files` -> its path there;
    `linked`: Terraform files reached through a link (another name of a file in `files`,
    or a symbolic link leading out of the root), with what the link is: terraform reads
    them as part of their directory's module, so a run reads them too, never to write;
    `notes`: (path, reason) for what is skipped; `errors`: (path, reason) for
    directories that cannot be read; `stale`: temporary files of an interrupted run.
    """

    files: list[Entry] = field(default_factory=list)
    present: set[str] = field(default_factory=set)
    aliases: dict[str, str] = field(default_factory=dict)
    linked: list[tuple[Entry, str]] = field(default_factory=list)
    notes: list[tuple[str, str]] = field(default_factory=list)
    errors: list[tuple[str, str]] = field(default_factory=list)
    stale: list[str] = field(default_factory=list)


def walk(
    root: Path,
    exclude: tuple[str, ...] = (),
    forced: frozenset[str] = frozenset(),
    display: Callable[[str], str] = lambda rel: rel or ".",
) -> Walk:
    """Walk root without following a link out of it, into a loop, or twice into one place.

    Directories are walked by their real path first; a symbolic link to a directory is
    walked only if that directory is inside the root and not walked already, else it is
    noted (a cycle back to an ancestor, the same directory as another path, a loop).
    Only regular files are kept (FIFOs, sockets and devices are noted); `forced` paths
    are kept whatever their name (files named on the command line). `display` shows a
    path in a note's reason.
    """
    return _Walker(root, exclude, forced, display).run()


class _Walker:
    def __init__(
        self,
        root: Path,
        exclude: tuple[str, ...],
        forced: frozenset[str],
        display: Callable[[str], str],
    ) -> None:
        self.display = display
        self.root = root
        self.real_root = os.path.realpath(root)
        self.exclude = exclude
        self.forced = forced
        self.result = Walk()
        self.candidates: list[Entry] = []
        self.dirs: dict[tuple[int, int], str] = {}  # identity -> rel of the walked directory
        self.dir_files: dict[str, list[str]] = {}  # rel of a walked directory -> its files
        self.linked_dirs: list[tuple[str, str, str]] = []  # (rel, link path, parent real)

    def run(self) -> Walk:
        try:
            status = os.stat(self.root)
        except OSError as error:
            self.result.errors.append(("", _reason(error)))
            return self.result
        self._walk_directory(self.root, "", self.real_root, status, via_link=False)
        pending = self.linked_dirs
        while pending:  # links walked after every real directory, so real paths win
            self.linked_dirs = []
            for rel, path, parent_real in pending:
                self._follow_directory_link(rel, path, parent_real)
            pending = self.linked_dirs
        self._choose_files()
        return self.result

    # ------------------------------------------------------------ directories

    def _walk_directory(
        self, path: Path | str, rel: str, real: str, status: os.stat_result, via_link: bool
    ) -> None:
        self.dirs[(status.st_dev, status.st_ino)] = rel
        stack = [(str(path), rel, real, via_link)]
        while stack:
            directory, rel_dir, real_dir, linked = stack.pop()
            try:
                with os.scandir(directory) as iterator:
                    entries = sorted(iterator, key=lambda entry: entry.name)
            except OSError as error:
                self.result.errors.append((rel_dir, f"Cannot read directory: {_reason(error)}"))
                continue
            files = self.dir_files.setdefault(rel_dir, [])
            subdirectories = []
            for entry in entries:
                sub = f"{rel_dir}/{entry.name}" if rel_dir else entry.name
                found = self._entry(entry, sub, real_dir, linked, files)
                if found is not None:
                    subdirectories.append(found)
            stack.extend(reversed(subdirectories))

    def _entry(
        self, entry: os.DirEntry[str], rel: str, real_dir: str, linked: bool, files: list[str]
    ) -> tuple[str, str, str, bool] | None:
        """Handle one directory entry; a real subdirectory to walk is returned."""
        name = entry.name
        if excluded(rel, self.exclude):
            return None
        try:
            status = entry.stat(follow_symlinks=False)
        except OSError as error:
            self._note_file(rel, f"cannot be examined: {_reason(error)}")
            return None
        real = os.path.join(real_dir, name)
        if stat.S_ISDIR(status.st_mode):
            if name in SKIPPED_DIRS:
                return None
            identity = (status.st_dev, status.st_ino)
            if identity in self.dirs:  # a bind mount of a directory walked already
                same = self.display(self.dirs[identity])
                self.result.notes.append((rel, f"same directory as {same}"))
                return None
            self.dirs[identity] = rel
            return (entry.path, rel, real, linked)
        if stat.S_ISLNK(status.st_mode):
            return self._link(entry.path, rel, real_dir, linked, files)
        if is_temp_name(name):
            self.result.stale.append(rel)
            return None
        files.append(name)
        self.result.present.add(rel)
        if not stat.S_ISREG(status.st_mode):
            self._note_file(rel, f"not a regular file ({file_type(status.st_mode)})", always=True)
            return None
        self._candidate(rel, real, status, linked)
        return None

    def _link(
        self, path: str, rel: str, real_dir: str, linked: bool, files: list[str]
    ) -> tuple[str, str, str, bool] | None:
        name = PurePosixPath(rel).name
        try:
            status = os.stat(path)
        except OSError as error:
            if error.errno == errno.ELOOP:
                self.result.notes.append((rel, "symbolic link loop (following it never ends)"))
            elif error.errno == errno.ENOENT:
                self._note_file(rel, "broken symbolic link (its target does not exist)")
            else:
                self._note_file(rel, f"symbolic link cannot be followed: {_reason(error)}")
            return None
        real = os.path.realpath(path)
        if stat.S_ISDIR(status.st_mode):
            if name in SKIPPED_DIRS:
                return None
            self.linked_dirs.append((rel, path, real_dir))
            return None
        files.append(name)
        self.result.present.add(rel)
        if not stat.S_ISREG(status.st_mode):
            self._note_file(
                rel, f"symbolic link to a {file_type(status.st_mode)}, not a file", always=True
            )
            return None
        if not _inside(real, self.real_root):
            if module_file(rel):
                link = Entry(rel, real, status, True)
                self.result.linked.append((link, "a symbolic link leading outside the root"))
            else:
                self._note_file(rel, "symbolic link leading outside the root")
            return None
        self._candidate(rel, real, status, True)
        return None

    def _follow_directory_link(self, rel: str, path: str, parent_real: str) -> None:
        try:
            status = os.stat(path)
        except OSError as error:
            self.result.notes.append((rel, f"symbolic link cannot be followed: {_reason(error)}"))
            return
        real = os.path.realpath(path)
        if real == parent_real or _inside(parent_real, real):
            ancestor = os.path.relpath(real, self.real_root).replace(os.sep, "/")
            shown = self.display("" if ancestor == "." else ancestor)
            if _inside(real, self.real_root):
                reason = f"symbolic link cycle: it leads back to {shown}, which contains it"
            else:
                reason = "symbolic link cycle: it leads back to a directory containing the root"
            self.result.notes.append((rel, reason))
            return
        if not _inside(real, self.real_root):
            self.result.notes.append((rel, "symbolic link leading outside the root"))
            return
        identity = (status.st_dev, status.st_ino)
        if identity in self.dirs:
            walked = self.dirs[identity]
            self._alias_directory(rel, walked)
            same = self.display(walked)
            self.result.notes.append((rel, f"same directory as {same} (symbolic link)"))
            return
        self._walk_directory(path, rel, real, status, via_link=True)

    def _alias_directory(self, rel: str, walked: str) -> None:
        """Files under a linked directory are present under the link's path too."""
        prefix = f"{walked}/" if walked else ""
        for directory, names in list(self.dir_files.items()):
            if directory != walked and not directory.startswith(prefix):
                continue
            tail = directory[len(walked) :].lstrip("/")
            for name in names:
                alias = f"{rel}/{tail}/{name}" if tail else f"{rel}/{name}"
                self.result.present.add(alias)
                self.result.aliases[alias] = f"{directory}/{name}" if directory else name

    # ------------------------------------------------------------ files

    def _candidate(self, rel: str, real: str, status: os.stat_result, via_link: bool) -> None:
        if rel in self.forced or wanted(rel) or shell_script_file(real):
            self.candidates.append(Entry(rel, real, status, via_link))

    def _choose_files(self) -> None:
        """Each real file once: the path not through a link wins, then the first in order."""
        by_identity: dict[tuple[int, int], list[Entry]] = {}
        for entry in self.candidates:
            by_identity.setdefault((entry.status.st_dev, entry.status.st_ino), []).append(entry)
        chosen = set()
        for entries in by_identity.values():
            best = min(entries, key=lambda e: (e.via_link, e.rel not in self.forced, e.rel))
            chosen.add(best.rel)
            for other in entries:
                if other is best:
                    continue
                self.result.aliases[other.rel] = best.rel
                how = "symbolic link" if other.via_link else "hard link"
                same = self.display(best.rel)
                if module_file(other.rel):
                    self.result.linked.append((other, f"a {how} to {same}"))
                else:
                    self.result.notes.append((other.rel, f"same file as {same} ({how})"))
        self.result.files = [entry for entry in self.candidates if entry.rel in chosen]
        self.result.files.sort(key=lambda entry: entry.rel)

    def _note_file(self, rel: str, reason: str, always: bool = False) -> None:
        """Note a skipped file if its name is one a run reads (or `always`)."""
        if always or rel in self.forced or wanted(rel):
            self.result.notes.append((rel, reason))


def _inside(path: str, real_root: str) -> bool:
    return path == real_root or path.startswith(real_root.rstrip(os.sep) + os.sep)


def _reason(error: OSError) -> str:
    return error.strerror or str(error)
