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


def line_ending_at(text: str, offset: int) -> str | None:
    """The line ending of the line holding offset (for a last line without one, the
    ending of the line before it); None when the text has no line ending at all."""
    end = text.find("\n", offset)
    if end < 0:
        end = text.rfind("\n", 0, offset)
        if end < 0:
            return None
    return "\r\n" if end and text[end - 1] == "\r" else "\n"


def is_mixed(text: str) -> bool:
    """Whether a text has both CRLF and bare LF line endings."""
    return "\r\n" in text and _BARE_LF.search(text) is not None


def edit_content(text: str, edit: TextEdit, newline: str, mixed: bool | None = None) -> str:
    """The text an edit puts in, with line endings that fit where it goes.

    In a file with one convention, bare LFs become the file's newline. A file that
    mixes LF and CRLF keeps each line's ending, as `terraform fmt` does: new text
    written with bare LFs takes the ending of the line it goes into, and text that
    already holds a CRLF (lines carried over from the file) goes in as it is.
    """
    if mixed is None:
        mixed = is_mixed(text)
    if not mixed:
        return with_newline(edit.content, newline)
    if "\r\n" in edit.content or "\n" not in edit.content:
        return edit.content
    return with_newline(edit.content, line_ending_at(text, edit.start) or newline)


def apply_edits(text: str, edits: Iterable[TextEdit], newline: str = "\n") -> str:
    """Apply non-overlapping edits to one text (offsets refer to the original text)."""
    ordered = sorted(edits, key=lambda edit: (edit.start, edit.end))
    mixed = is_mixed(text)
    pieces: list[str] = []
    cursor = 0
    for edit in ordered:
        if edit.start < cursor:
            raise ValueError(f"overlapping edits at offset {edit.start}")
        pieces.append(text[cursor : edit.start])
        pieces.append(edit_content(text, edit, newline, mixed))
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
