"""The smallest line-based edits that turn one text into another."""

from __future__ import annotations

from difflib import SequenceMatcher

from fixer.findings import TextEdit


def line_edits(path: str, old: str, new: str) -> list[TextEdit]:
    """Edits (offsets into `old`) replacing whole lines, one per changed run of lines."""
    if old == new:
        return []
    old_lines = old.splitlines(keepends=True)
    new_lines = new.splitlines(keepends=True)
    # Common leading and trailing lines need no diffing.
    head = 0
    limit = min(len(old_lines), len(new_lines))
    while head < limit and old_lines[head] == new_lines[head]:
        head += 1
    tail = 0
    limit -= head
    while tail < limit and old_lines[-1 - tail] == new_lines[-1 - tail]:
        tail += 1
    old_mid = old_lines[head : len(old_lines) - tail]
    new_mid = new_lines[head : len(new_lines) - tail]
    offsets = [0]
    for line in old_lines:
        offsets.append(offsets[-1] + len(line))
    matcher = SequenceMatcher(None, old_mid, new_mid, autojunk=False)
    edits = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        start, end = offsets[head + i1], offsets[head + i2]
        edits.append(TextEdit(path, start, end, "".join(new_mid[j1:j2])))
    return edits
