"""Edits inside lines (an expression, a comment), with the chunk around them kept canonical.

A codemod that rewrites `aws_subnet.a.*.id` as `aws_subnet.a[*].id` changes a span
inside a line; most of the time that is the whole edit. But a line whose length
changes can move what `terraform fmt` aligns (the comments after a run of
attributes), and a rewritten multi-line expression may need its lines indented
again. So the closed chunks (see `fixer.syntax.chunks`) holding the replacements
are formatted again after the edit, but only the chunks that were canonical before:
a chunk that was not is left as it was apart from the replacement (FX001 reports it),
so that a fix never reformats lines it does not mean to change.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from functools import lru_cache

from fixer.apply import with_newline
from fixer.edits import minimal_edit
from fixer.expression_walk import token_arrays
from fixer.findings import TextEdit
from fixer.model.files import SourceFile
from fixer.syntax.errors import HCLSyntaxError
from fixer.syntax.format import format_source

Replacement = tuple[int, int, str]  # text[start:end] -> content


def inline_edits(source: SourceFile, replacements: Sequence[Replacement]) -> list[TextEdit]:
    """The edits making the replacements (non-overlapping character spans of the file),
    with each closed chunk that holds one formatted again when it was canonical.

    Where formatting changes nothing beyond the replacements, the edits are exactly
    the replacements (so fixes on one line do not overlap); otherwise one edit per
    chunk, trimmed to the lines that change.
    """
    ordered = sorted((s, e, with_newline(c, source.newline)) for s, e, c in replacements)
    text = source.text
    bounds = _chunk_bounds(source)
    edits: list[TextEdit] = []
    for start, end, group in _by_chunk(ordered, bounds, len(text)):
        old = text[start:end]
        new = _apply(old, [(s - start, e - start, c) for s, e, c in group])
        formatted = _canonical(new) if _canonical(old) == old else None
        if formatted is None or formatted == new:
            edits.extend(TextEdit(source.rel, s, e, c) for s, e, c in group)
        else:
            edits.append(minimal_edit(source, start, end, formatted))
    return edits


# Where a blank line starts: the cuts between closed chunks are among these.
_CUT = re.compile(r"\n(?=[ \t]*\r?\n)")
_BOUNDS: dict[int, tuple[SourceFile, tuple[int, ...]]] = {}


def _chunk_bounds(source: SourceFile) -> tuple[int, ...]:
    """The offsets where the file's closed chunks start (0 first): after each newline
    that a blank line follows, outside every top-level item and every token (a blank
    line inside a block, a string or a comment does not cut). Remembered per file."""
    known = _BOUNDS.get(id(source))
    if known is not None and known[0] is source:
        return known[1]
    tree = source.tree
    assert tree is not None
    starts = token_arrays(tree)[2]  # not one Token object per token: they would stay
    items = tree.body.items
    item_starts = [item.start for item in items]
    bounds = [0]
    for match in _CUT.finditer(source.text):
        cut = match.end()
        at = bisect_left(starts, cut)
        if at == len(starts) or starts[at] != cut:
            continue  # inside a token
        inside = bisect_right(item_starts, cut) - 1
        if inside >= 0 and items[inside].start < cut < items[inside].end:
            continue  # inside a top-level block or attribute
        bounds.append(cut)
    if len(_BOUNDS) > 64:
        _BOUNDS.clear()
    _BOUNDS[id(source)] = (source, tuple(bounds))
    return tuple(bounds)


def _by_chunk(
    ordered: list[Replacement], bounds: tuple[int, ...], length: int
) -> list[tuple[int, int, list[Replacement]]]:
    """The replacements grouped by the run of chunks they touch: (start, end, group)."""
    groups: list[tuple[int, int, list[Replacement]]] = []
    for replacement in ordered:
        start_index = bisect_right(bounds, replacement[0]) - 1
        end_index = bisect_right(bounds, max(replacement[1] - 1, replacement[0]))
        start = bounds[start_index]
        end = bounds[end_index] if end_index < len(bounds) else length
        if groups and start < groups[-1][1]:
            first, _, members = groups[-1]
            groups[-1] = (first, max(end, groups[-1][1]), [*members, replacement])
        else:
            groups.append((start, end, [replacement]))
    return groups


def _apply(text: str, replacements: list[Replacement]) -> str:
    pieces: list[str] = []
    cursor = 0
    for start, end, content in replacements:
        pieces.append(text[cursor:start])
        pieces.append(content)
        cursor = end
    pieces.append(text[cursor:])
    return "".join(pieces)


@lru_cache(maxsize=256)
def _canonical(text: str) -> str | None:
    """The text formatted, line endings kept, or None when it does not format alone."""
    try:
        if "\r\n" not in text:
            return format_source(text)
        return format_source(text.replace("\r\n", "\n")).replace("\n", "\r\n")
    except HCLSyntaxError:
        return None
