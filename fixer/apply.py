"""Applying fixes to in-memory texts: non-overlapping selection, line endings, validation."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from fixer.findings import CreateFile, Fix, TextEdit

_BARE_LF = re.compile(r"(?<!\r)\n")


def with_newline(content: str, newline: str) -> str:
    """Content whose line ends use the file's newline convention."""
    if newline == "\r\n" and "\n" in content:
        return _BARE_LF.sub("\r\n", content)
    return content


def apply_edits(text: str, edits: Iterable[TextEdit], newline: str = "\n") -> str:
    """Apply non-overlapping edits to one text (offsets refer to the original text)."""
    ordered = sorted(edits, key=lambda edit: (edit.start, edit.end))
    pieces: list[str] = []
    cursor = 0
    for edit in ordered:
        if edit.start < cursor:
            raise ValueError(f"overlapping edits at offset {edit.start}")
        pieces.append(text[cursor : edit.start])
        pieces.append(with_newline(edit.content, newline))
        cursor = edit.end
    pieces.append(text[cursor:])
    return "".join(pieces)


@dataclass
class Selection:
    """Fixes chosen for one pass, and those that must wait because they overlap."""

    chosen: list[Fix] = field(default_factory=list)
    deferred: list[Fix] = field(default_factory=list)
    invalid: list[Fix] = field(default_factory=list)  # fixes whose own edits overlap


def select_non_overlapping(fixes: Iterable[Fix], existing: Mapping[str, object]) -> Selection:
    """Take fixes in order, skipping any that overlaps one already taken.

    A fix that creates a file which exists (in `existing`) or which another fix creates
    is deferred too: the next pass sees the file and decides again.
    """
    selection = Selection()
    taken: dict[str, list[TextEdit]] = {}
    created: set[str] = set()
    for fix in sorted(fixes, key=_fix_order):
        if overlaps_itself(fix):
            selection.invalid.append(fix)
            continue
        if _conflicts(fix, taken, created, existing):
            selection.deferred.append(fix)
            continue
        selection.chosen.append(fix)
        for change in fix.changes:
            if isinstance(change, TextEdit):
                taken.setdefault(change.path, []).append(change)
            else:
                created.add(change.path)
    return selection


def overlaps_itself(fix: Fix) -> bool:
    """A fix whose own edits overlap can never be applied: that is a codemod bug."""
    edits = fix.edits
    return any(a.overlaps(b) for i, a in enumerate(edits) for b in edits[i + 1 :])


def _fix_order(fix: Fix) -> tuple[str, int, int]:
    first = min(
        (change for change in fix.changes if isinstance(change, TextEdit)),
        key=lambda edit: (edit.path, edit.start),
        default=None,
    )
    if first is None:
        return ("", 0, 0)
    return (first.path, first.start, first.end)


def _conflicts(
    fix: Fix,
    taken: Mapping[str, list[TextEdit]],
    created: set[str],
    existing: Mapping[str, object],
) -> bool:
    for edit in fix.edits:
        if edit.path in created:
            return True
        if any(edit.overlaps(other) for other in taken.get(edit.path, ())):
            return True
    for creation in fix.creations:
        if creation.path in existing or creation.path in created or creation.path in taken:
            return True
    return False


def apply_fixes(
    texts: Mapping[str, str], fixes: Iterable[Fix], newlines: Mapping[str, str]
) -> dict[str, str]:
    """New texts for every file the (non-overlapping) fixes touch or create."""
    per_file: dict[str, list[TextEdit]] = {}
    out: dict[str, str] = {}
    for fix in fixes:
        for change in fix.changes:
            if isinstance(change, CreateFile):
                out[change.path] = change.content
            else:
                per_file.setdefault(change.path, []).append(change)
    for path, edits in per_file.items():
        out[path] = apply_edits(texts[path], edits, newlines.get(path, "\n"))
    return out
