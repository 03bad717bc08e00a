"""Finding the files of a run: walk a project root, skip what must be skipped, read safely."""

from __future__ import annotations

import os
import posixpath
import subprocess
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import NamedTuple

from fixer.filestate import FileState, FileTooLarge, NotRegularFile, read_regular
from fixer.model.files import SourceFile, file_kind
from fixer.project_root import Job, project_root
from fixer.reports.model import FileError
from fixer.syntax.errors import HCLSyntaxError
from fixer.syntax.source import decode
from fixer.walk import (
    MAX_SCRIPT_BYTES,
    SKIPPED_DIRS,
    Walk,
    excluded,
    shell_script_file,
    walk,
    wanted,
)

MAX_FILE_BYTES = 32 * 1024 * 1024
JSON_NOTICE = "JSON configuration (.tf.json) is not supported, apart from FX019's check of its root"

__all__ = [
    "MAX_FILE_BYTES",
    "MAX_SCRIPT_BYTES",
    "SKIPPED_DIRS",
    "Options",
    "Target",
    "discover",
    "discover_job",
    "excluded",
    "git_ignored",
    "shell_script_file",
    "wanted",
]


@dataclass(frozen=True)
class Options:
    """How to walk: exclude patterns (fnmatch on the path or the name), and whether the
    files git ignores are left out (their paths still count as present)."""

    exclude: tuple[str, ...] = ()
    respect_gitignore: bool = True
    read_links: bool = True  # Terraform files reached through links (`Target.linked`)


class Link(NamedTuple):
    """A file read through a link: what the link is ("a symbolic link to shared/x.tf"),
    and the path the same file was read under too, if any (its twin)."""

    what: str
    twin: str | None


@dataclass
class Target:
    """One project root and what was read from it.

    `display` is how the root is printed (the path as the user gave it); `selected`
    is set when the user named single files: only their findings are reported and only
    they are written. `states` says what each file read was (for the write's check);
    `stale` lists temporary files an interrupted run left.
    """

    root: Path
    display: str
    files: dict[str, SourceFile] = field(default_factory=dict)
    selected: set[str] | None = None
    errors: list[FileError] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    paths: set[str] = field(default_factory=set)  # every file under the root, read or not
    ignored: set[str] = field(default_factory=set)  # of those, the ones git ignores
    states: dict[str, FileState] = field(default_factory=dict)
    stale: list[str] = field(default_factory=list)
    # Files read through a link, for their module's sake, never written.
    linked: dict[str, Link] = field(default_factory=dict)

    def display_path(self, rel: str) -> str:
        """A file's path as the user sees it: under the root as given, relative to the
        working directory when the root was given relative (`../../main.tf` when the
        root is two levels up)."""
        if self.display in ("", "."):
            return rel
        if os.path.isabs(self.display) or ".." not in PurePosixPath(self.display).parts:
            return str(PurePosixPath(self.display) / rel)
        return posixpath.relpath(posixpath.join(self.display, rel))

    def selects(self, rel: str) -> bool:
        return self.selected is None or rel in self.selected


def discover(
    path: Path,
    display: str,
    exclude: tuple[str, ...] = (),
    respect_gitignore: bool = True,
) -> Target:
    """Read a directory (a project root), or a single file within its project
    (`fixer.project_root`), with only that file selected."""
    options = Options(exclude, respect_gitignore)
    if path.is_dir() or not path.exists():
        return discover_job(Job(path, display), options)
    absolute = Path(os.path.abspath(path))
    root = project_root(absolute)
    rel = PurePosixPath(*absolute.relative_to(root).parts).as_posix()
    shown = str(root) if os.path.isabs(display) else os.path.relpath(root)
    return discover_job(Job(root, shown, frozenset({rel})), options)


def discover_job(job: Job, options: Options = Options()) -> Target:
    """Walk a project root and read its files (each real file once, regular files only)."""
    target = Target(job.root, job.display)
    if job.selected is not None:
        target.selected = set(job.selected)
    if not job.root.is_dir():
        target.errors.append(FileError(job.display, 0, 0, "No such directory"))
        return target
    found = walk(job.root, options.exclude, job.selected or frozenset(), _shown(target))
    target.paths = found.present
    target.stale = found.stale
    target.ignored = git_ignored(job.root, target.paths)
    for rel, reason in found.errors:
        target.errors.append(
            FileError(target.display_path(rel) if rel else job.display, 0, 0, reason)
        )
    target.skipped.extend(found.notes)
    for entry in found.files:
        if options.respect_gitignore and entry.rel in target.ignored:
            continue
        _read(target, entry.rel, entry.real, entry.status)
    if options.read_links:
        _read_linked(target, found, options)
    else:
        target.skipped.extend((entry.rel, what) for entry, what in found.linked)
    if target.selected is not None:
        _resolve_selection(target, found, options)
    return target


def _read_linked(target: Target, found: Walk, options: Options) -> None:
    """Read the Terraform files reached through links, as terraform reads them: part of
    their directory's module. They are never written (`fixer.links`)."""
    for entry, what in found.linked:
        if options.respect_gitignore and entry.rel in target.ignored:
            continue
        _read(target, entry.rel, entry.real, entry.status)
        target.linked[entry.rel] = Link(what, found.aliases.get(entry.rel))
    settle_links(target)


def settle_links(target: Target) -> None:
    """Keep the links whose file was read, with their twins only if read too."""
    for rel, link in list(target.linked.items()):
        if rel not in target.files:
            del target.linked[rel]
        elif link.twin is not None and link.twin not in target.files:
            target.linked[rel] = Link(link.what, None)


def _shown(target: Target) -> Callable[[str], str]:
    return lambda rel: target.display_path(rel) if rel else (target.display or ".")


def _resolve_selection(target: Target, found: Walk, options: Options) -> None:
    """Map named files to the paths read (a link names its target) and say why a named
    file was not read, when it was not."""
    noted = {rel for rel, _ in target.skipped}
    selected: set[str] = set()
    assert target.selected is not None
    for rel in sorted(target.selected):
        rel = found.aliases.get(rel, rel)
        selected.add(rel)
        if (
            rel in target.files
            or rel in noted
            or any(e.path == target.display_path(rel) for e in target.errors)
        ):
            continue
        reason = _why_not_read(rel, target, options)
        if reason:
            target.skipped.append((rel, reason))
    target.selected = selected


def _why_not_read(rel: str, target: Target, options: Options) -> str:
    parts = PurePosixPath(rel).parts
    if any(part in SKIPPED_DIRS for part in parts[:-1]):
        return "inside a directory fixer never reads (.terraform, .git, node_modules ...)"
    prefixes = ["/".join(parts[: n + 1]) for n in range(len(parts))]
    if any(excluded(prefix, options.exclude) for prefix in prefixes):
        return "excluded (it matches an exclude pattern)"
    if rel in target.ignored:
        return "ignored by git (.gitignore); pass --no-respect-gitignore to read it"
    return ""  # the walk or the read said why


def git_ignored(root: Path, present: set[str] | None = None) -> set[str]:
    """Files under root that git ignores (relative POSIX paths); empty outside a work tree.

    A file git ignores (a locally built zip, say) is on this machine but not in the
    repository: codemods asking "is it committed?" must not count it; a run does not
    read it (unless told not to respect .gitignore). With `present` (the files found),
    git names wholly ignored directories once (`build/`) instead of every file in them,
    and the answer is the present files they hold.
    """
    command = ["git", "ls-files", "-z", "--others", "--ignored", "--exclude-standard"]
    if present is not None:
        command.append("--directory")
    try:
        done = subprocess.run(command, cwd=root, capture_output=True, timeout=60, check=False)
    except (OSError, subprocess.SubprocessError):
        return set()
    if done.returncode != 0:
        return set()
    names = {name for name in done.stdout.decode("utf-8", "replace").split("\0") if name}
    if present is None:
        return names
    directories = tuple(name for name in names if name.endswith("/"))
    if not directories:
        return names & present
    return {rel for rel in present if rel in names or rel.startswith(directories)}


def _read(
    target: Target,
    rel: str,
    real: str | None = None,
    expected: os.stat_result | None = None,
) -> None:
    """Read one file into the target: a SourceFile and its state, or an error, or a note."""
    shown = target.display_path(rel)
    kind = file_kind(rel)
    if kind == "tfjson":
        _read_json(target, rel, real, expected)
        return
    path = real if real is not None else os.path.realpath(target.root / rel)
    try:
        data, state = read_regular(path, expected, MAX_FILE_BYTES)
    except FileTooLarge as error:
        target.errors.append(
            FileError(shown, 1, 1, f"File too large ({error.size} bytes); skipped")
        )
        return
    except NotRegularFile as error:
        target.skipped.append((rel, f"not a regular file ({error.kind})"))
        return
    except OSError as error:
        reason = error.strerror or str(error)
        target.errors.append(FileError(shown, 1, 1, f"Cannot read file: {reason}"))
        return
    if kind == "other":
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as error:  # a README or script its codemods cannot read
            line = data.count(b"\n", 0, error.start) + 1
            target.skipped.append((rel, f"not UTF-8 (line {line})"))
            return
        target.files[rel] = SourceFile(rel, text.removeprefix("\ufeff"), text.startswith("\ufeff"))
        target.states[rel] = state
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
    target.states[rel] = state


def _walk(root: Path, target: Target, exclude: tuple[str, ...]) -> list[str]:
    """The paths to read under root, filling target.paths, target.skipped and
    target.linked (for `fixer.lsp.disk`, which reads them itself with `_read`, then
    calls `settle_links`)."""
    found = walk(root, exclude, display=_shown(target))
    target.paths |= found.present
    target.skipped.extend(found.notes)
    for rel, reason in found.errors:
        target.errors.append(
            FileError(target.display_path(rel) if rel else target.display, 0, 0, reason)
        )
    for entry, what in found.linked:
        target.linked[entry.rel] = Link(what, found.aliases.get(entry.rel))
    return sorted([entry.rel for entry in found.files] + list(target.linked))


def _read_json(target: Target, rel: str, real: str | None, expected: os.stat_result | None) -> None:
    """A `.tf.json` file is read as text for FX019 (json-syntax), which checks its root;
    nothing else reads JSON configuration, and the notice says so. A `.tfvars.json`
    file, or one that cannot be read as UTF-8 text, is only noted."""
    if not rel.endswith(".tf.json"):
        target.skipped.append((rel, "JSON configuration (.tfvars.json) is not supported"))
        return
    target.skipped.append((rel, JSON_NOTICE))
    path = real if real is not None else os.path.realpath(target.root / rel)
    try:
        data, state = read_regular(path, expected, MAX_FILE_BYTES)
        decoded = decode(data, target.display_path(rel))
    except (OSError, HCLSyntaxError):  # too large, not a regular file, unreadable, not UTF-8
        return
    if "\0" not in decoded.text:
        target.files[rel] = SourceFile(rel, decoded.text, decoded.bom)
        target.states[rel] = state
