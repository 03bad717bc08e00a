"""Unified diffs between file versions, and their statistics through unidiff."""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from unidiff import PatchSet

NO_NEWLINE = "\\ No newline at end of file\n"


def unified_diff(old: str | None, new: str | None, path: str) -> str:
    """A git-style unified diff (`a/` and `b/` headers); "" when the texts are equal.

    `old` None means the file is created, `new` None that it is deleted.
    """
    if old == new:
        return ""
    before = (old or "").splitlines(keepends=True)
    after = (new or "").splitlines(keepends=True)
    lines = difflib.unified_diff(
        before,
        after,
        fromfile="/dev/null" if old is None else f"a/{path}",
        tofile="/dev/null" if new is None else f"b/{path}",
        lineterm="\n",
        n=3,
    )
    out: list[str] = []
    for line in lines:
        if line.startswith(("---", "+++")):
            out.append(line.rstrip("\n") + "\n")
            continue
        if line.endswith("\n"):
            out.append(line)
        else:
            out.append(line + "\n" + NO_NEWLINE)
    return "".join(out)


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
    patch = PatchSet(diff)
    return DiffStats(
        files=len(patch),
        hunks=sum(len(patched_file) for patched_file in patch),
        added=patch.added,
        removed=patch.removed,
    )
