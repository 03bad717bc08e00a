"""Unified diffs between file versions, hunks annotated with the fixes that made them."""

from __future__ import annotations

import os
import posixpath
from bisect import bisect_right
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace

from fixer.reports.model import AppliedFix

Opcode = tuple[str, int, int, int, int]

NO_NEWLINE = "\\ No newline at end of file\n"
CONTEXT = 3
SMALL_FILE_LINES = 1000


@dataclass(frozen=True, slots=True)
class DiffHunk:
    """One hunk: its `@@ -a,b +c,d @@` ranges, its lines, and the old lines it changes
    (0-based, with one line around, for attributing it to fixes)."""

    ranges: str
    body: str
    first: int
    last: int


@dataclass(frozen=True, slots=True)
class FileDiff:
    """The diff of one file: its `---`/`+++` header and hunks."""

    header: str
    hunks: tuple[DiffHunk, ...]

    def render(self, labels: Sequence[str] = ()) -> str:
        """The diff text; each hunk's header carries its label after the ranges (git's
        section heading, which `git apply` and `patch` ignore)."""
        if not self.hunks:
            return ""
        out = [self.header]
        for index, hunk in enumerate(self.hunks):
            label = labels[index] if index < len(labels) else ""
            out.append(f"{hunk.ranges} {label}\n" if label else f"{hunk.ranges}\n")
            out.append(hunk.body)
        return "".join(out)


def file_diff(old: str | None, new: str | None, path: str) -> FileDiff:
    """The git-style diff (`a/` and `b/` headers) of one file; `old` None means the file is
    created, `new` None that it is deleted."""
    if old == new:
        return FileDiff("", ())
    before = (old or "").splitlines(keepends=True)
    after = (new or "").splitlines(keepends=True)
    header = (
        f"--- {'/dev/null' if old is None else f'a/{path}'}\n"
        f"+++ {'/dev/null' if new is None else f'b/{path}'}\n"
    )
    hunks = []
    for group in _grouped_opcodes(before, after):
        first, last = group[0], group[-1]
        ranges = f"@@ -{_range(first[1], last[2])} +{_range(first[3], last[4])} @@"
        lines: list[str] = []
        changed = [(i1, i2) for tag, i1, i2, _, _ in group if tag != "equal"]
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                lines += [" " + line for line in before[i1:i2]]
                continue
            if tag in ("replace", "delete"):
                lines += ["-" + line for line in before[i1:i2]]
            if tag in ("replace", "insert"):
                lines += ["+" + line for line in after[j1:j2]]
        body = "".join(line if line.endswith("\n") else line + "\n" + NO_NEWLINE for line in lines)
        hunks.append(DiffHunk(ranges, body, changed[0][0] - 1, changed[-1][1]))
    return FileDiff(header, tuple(hunks))


def _grouped_opcodes(before: list[str], after: list[str]) -> Iterator[list[Opcode]]:
    """The hunks' opcodes: difflib's own for files up to SMALL_FILE_LINES lines (often the
    shorter diff), else `fixer.line_diff`'s, since difflib's matching is quadratic on a
    large, much changed file."""
    if len(before) <= SMALL_FILE_LINES and len(after) <= SMALL_FILE_LINES:
        from difflib import SequenceMatcher

        yield from SequenceMatcher(None, before, after).get_grouped_opcodes(CONTEXT)
        return
    from fixer.line_diff import grouped, opcodes

    yield from grouped(opcodes(before, after), CONTEXT)


def _range(start: int, stop: int) -> str:
    """A hunk range in the unified format: `3` for one line, `3,0` for none after line 3."""
    beginning, length = start + 1, stop - start
    if length == 1:
        return f"{beginning}"
    if not length:
        beginning -= 1
    return f"{beginning},{length}"


def diff_path(shown: str) -> str:
    """A file's path in a diff header (after `a/` and `b/`), so that `git apply` takes the
    diff from the working directory: relative to it for a file under it (given by an
    absolute path, `../` or not); for a file outside it, its absolute path without the
    leading "/" (the diff then applies from /, with `git -C / apply`)."""
    if not os.path.isabs(shown) and ".." not in shown.split("/"):
        return shown
    absolute = os.path.abspath(shown)
    relative = os.path.relpath(absolute)
    if relative != ".." and not relative.startswith(".." + os.sep):
        return relative.replace(os.sep, "/")
    return posixpath.normpath(absolute.replace(os.sep, "/")).lstrip("/")


def unified_diff(old: str | None, new: str | None, path: str) -> str:
    """A git-style unified diff; "" when the texts are equal."""
    return file_diff(old, new, path).render()


def annotated_diffs(
    olds: Mapping[str, str | None],
    news: Mapping[str, str],
    fixes: Sequence[AppliedFix],
    shown: Callable[[str], str],
) -> tuple[list[str], list[AppliedFix]]:
    """The diff of each changed file (sorted by path), every hunk annotated with the fixes
    that changed it, and the fixes with their paths as `shown` and each its own hunks.
    Headers name the files by `diff_path`.

    A hunk belongs to a fix when the fix edited its changed lines (or the line on either
    side) or created its file; a hunk no fix claims (the diff aligned it away from the
    edit) goes to the nearest fixes of its file, so every hunk says where it comes from.
    """
    per_fix: list[list[str]] = [[] for _ in fixes]
    diffs = []
    for rel in sorted(news):
        old = olds.get(rel)
        diff = file_diff(old, news[rel], diff_path(shown(rel)))
        if not diff.hunks:
            continue
        owners = _owners(diff, old, rel, fixes)
        labels = [
            "; ".join(dict.fromkeys(sorted(fixes[i].label for i in owner))) for owner in owners
        ]
        diffs.append(diff.render(labels))
        for index in sorted({i for owner in owners for i in owner}):
            hunks = [n for n, owner in enumerate(owners) if index in owner]
            part = FileDiff(diff.header, tuple(diff.hunks[n] for n in hunks))
            per_fix[index].append(part.render([labels[n] for n in hunks]))
    located = [
        replace(
            fix,
            path=shown(fix.path),
            edited=tuple((shown(p), start, end) for p, start, end in fix.edited),
            created=tuple(shown(p) for p in fix.created),
            diff="".join(parts),
        )
        for fix, parts in zip(fixes, per_fix, strict=True)
    ]
    return diffs, located


def _owners(
    diff: FileDiff, old: str | None, rel: str, fixes: Sequence[AppliedFix]
) -> list[set[int]]:
    """For each hunk of one file's diff, the indexes of the fixes that changed it."""
    creators = {i for i, fix in enumerate(fixes) if rel in fix.created}
    if old is None:
        return [set(creators) for _ in diff.hunks]
    starts = [0]
    at = old.find("\n")
    while at >= 0:
        starts.append(at + 1)
        at = old.find("\n", at + 1)

    def line(offset: int) -> int:
        return bisect_right(starts, offset) - 1

    def first_line(start: int, end: int) -> int:
        # An insertion at the start of a line goes between it and the line before, which
        # the diff may show it with (when it aligned that line elsewhere).
        at = line(start)
        return at - 1 if start == end and at > 0 and starts[at] == start else at

    spans = [
        (i, first_line(start, end), line(max(start, end - 1)))
        for i, fix in enumerate(fixes)
        for path, start, end in fix.edited
        if path == rel
    ]
    owners = []
    for hunk in diff.hunks:
        owner = {i for i, first, last in spans if first <= hunk.last and last >= hunk.first}
        if not owner and spans:
            distance = {i: max(first - hunk.last, hunk.first - last, 0) for i, first, last in spans}
            nearest = min(distance.values())
            owner = {i for i, d in distance.items() if d == nearest}
        owners.append(owner | creators)
    return owners


@dataclass(frozen=True, slots=True)
class DiffStats:
    """What a diff changes: files, hunks, lines added and removed."""

    files: int
    hunks: int
    added: int
    removed: int

    def __str__(self) -> str:
        plural = "" if self.files == 1 else "s"
        return (
            f"{self.files} file{plural} changed, {self.hunks} hunk"
            f"{'' if self.hunks == 1 else 's'}, +{self.added} -{self.removed}"
        )


def diff_stats(diff: str) -> DiffStats:
    """Parse a diff with unidiff (which also validates it) and count what it changes."""
    from unidiff import PatchSet

    patch = PatchSet(diff)
    return DiffStats(
        files=len(patch),
        hunks=sum(len(patched_file) for patched_file in patch),
        added=patch.added,
        removed=patch.removed,
    )
