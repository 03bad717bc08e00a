"""A fix's part of a diff as replacements of whole lines in the original texts."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

_HUNK = re.compile(r"^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@")


@dataclass(frozen=True, slots=True)
class Replacement:
    """original[start:end] of `path` becomes `content`; a created file has all its content."""

    path: str
    start: int
    end: int
    content: str
    created: bool = False


def hunk_replacements(
    diff: str, before: Mapping[str, str], after: Mapping[str, str]
) -> Iterator[Replacement]:
    """One replacement per hunk of a diff made by fixer.diff (git-style `a/` and `b/` paths),
    from the texts before and after it: the hunk's old lines (context included) become its
    new lines (the path of the texts' key whose `diff_path` the header names). Hunks of
    files whose texts are missing are skipped."""
    from fixer.diff import diff_path

    keys = {diff_path(key): key for key in (*before, *after)}
    path: str | None = None
    created = False
    for line in diff.splitlines():
        if line.startswith("--- "):
            created = line == "--- /dev/null"
            continue
        if line.startswith("+++ "):
            name = line[4:]
            path = keys.get(name[2:], name[2:]) if name.startswith("b/") else None
            if path is not None and created and path in after:
                yield Replacement(path, 0, 0, after[path], created=True)
            continue
        match = _HUNK.match(line)
        if match is None or path is None or created:
            continue
        old, new = before.get(path), after.get(path)
        if old is None or new is None:
            continue
        old_start, old_length = int(match[1]), int(match[2] or 1)
        new_start, new_length = int(match[3]), int(match[4] or 1)
        start, end = _line_range(old, old_start, old_length)
        new_from, new_to = _line_range(new, new_start, new_length)
        yield Replacement(path, start, end, new[new_from:new_to])


def _line_range(text: str, start: int, length: int) -> tuple[int, int]:
    """Offsets of lines start..start+length-1 (1-based); no lines: the point after line
    `start`."""
    starts = [0] + [m.end() for m in re.finditer("\n", text)]
    first = start - 1 if length else start
    first = min(max(first, 0), len(starts))
    begin = starts[first] if first < len(starts) else len(text)
    last = first + length
    end = starts[last] if last < len(starts) else len(text)
    return begin, end
