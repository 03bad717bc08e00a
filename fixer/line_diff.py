"""Line diffs that stay fast on large files: common ends trimmed, lines unique to both sides
as anchors, `difflib` only on the small regions between them."""

from __future__ import annotations

import difflib
from bisect import bisect_left
from collections.abc import Iterator, Sequence

Opcode = tuple[str, int, int, int, int]  # as difflib.SequenceMatcher.get_opcodes gives them

# A region between anchors is given to difflib only if it is this small (lines x lines);
# a larger one without any anchor is shown as replaced whole, which is correct, if not minimal.
SMALL_REGION = 250_000


def opcodes(a: Sequence[str], b: Sequence[str]) -> list[Opcode]:
    """Opcodes turning a into b, in about O(n log n) for n lines."""
    blocks = _matching_blocks(a, b)
    out: list[Opcode] = []
    i = j = 0
    for ai, bj, size in blocks:
        if i < ai and j < bj:
            out.append(("replace", i, ai, j, bj))
        elif i < ai:
            out.append(("delete", i, ai, j, bj))
        elif j < bj:
            out.append(("insert", i, ai, j, bj))
        if size:
            out.append(("equal", ai, ai + size, bj, bj + size))
        i, j = ai + size, bj + size
    return out


def grouped(codes: list[Opcode], context: int = 3) -> Iterator[list[Opcode]]:
    """Hunks: the changes with `context` equal lines around them, as difflib groups them."""
    if not codes:
        codes = [("equal", 0, 1, 0, 1)]
    codes = list(codes)
    tag, i1, i2, j1, j2 = codes[0]
    if tag == "equal":
        codes[0] = (tag, max(i1, i2 - context), i2, max(j1, j2 - context), j2)
    tag, i1, i2, j1, j2 = codes[-1]
    if tag == "equal":
        codes[-1] = (tag, i1, min(i2, i1 + context), j1, min(j2, j1 + context))
    hunk: list[Opcode] = []
    for tag, i1, i2, j1, j2 in codes:
        if tag == "equal" and i2 - i1 > 2 * context:
            hunk.append((tag, i1, min(i2, i1 + context), j1, min(j2, j1 + context)))
            yield hunk
            hunk = []
            i1, j1 = max(i1, i2 - context), max(j1, j2 - context)
        hunk.append((tag, i1, i2, j1, j2))
    if hunk and not (len(hunk) == 1 and hunk[0][0] == "equal"):
        yield hunk


def _matching_blocks(a: Sequence[str], b: Sequence[str]) -> list[tuple[int, int, int]]:
    """(i, j, n) blocks with a[i:i+n] == b[j:j+n], increasing, ending with (len a, len b, 0)."""
    blocks: list[tuple[int, int, int]] = []
    regions = [(0, len(a), 0, len(b))]
    while regions:
        alo, ahi, blo, bhi = regions.pop()
        start = 0
        while alo + start < ahi and blo + start < bhi and a[alo + start] == b[blo + start]:
            start += 1
        if start:
            blocks.append((alo, blo, start))
            alo, blo = alo + start, blo + start
        end = 0
        while alo < ahi - end and blo < bhi - end and a[ahi - end - 1] == b[bhi - end - 1]:
            end += 1
        if end:
            blocks.append((ahi - end, bhi - end, end))
            ahi, bhi = ahi - end, bhi - end
        if alo == ahi or blo == bhi:
            continue
        if (ahi - alo) * (bhi - blo) <= SMALL_REGION:
            matcher = difflib.SequenceMatcher(None, a[alo:ahi], b[blo:bhi], autojunk=False)
            blocks.extend((alo + i, blo + j, n) for i, j, n in matcher.get_matching_blocks() if n)
            continue
        anchors = _anchors(a, alo, ahi, b, blo, bhi)
        if not anchors:
            continue  # no line in common that can anchor: replaced whole
        previous_a, previous_b = alo, blo
        for i, j in anchors:
            regions.append((previous_a, i, previous_b, j))
            blocks.append((i, j, 1))
            previous_a, previous_b = i + 1, j + 1
        regions.append((previous_a, ahi, previous_b, bhi))
    blocks.sort()
    merged: list[tuple[int, int, int]] = []
    for i, j, n in blocks:
        if merged and merged[-1][0] + merged[-1][2] == i and merged[-1][1] + merged[-1][2] == j:
            merged[-1] = (merged[-1][0], merged[-1][1], merged[-1][2] + n)
        else:
            merged.append((i, j, n))
    merged.append((len(a), len(b), 0))
    return merged


def _anchors(
    a: Sequence[str], alo: int, ahi: int, b: Sequence[str], blo: int, bhi: int
) -> list[tuple[int, int]]:
    """Lines that occur once in each region, the longest run of them in the same order
    on both sides (patience diff's anchors)."""
    count_a: dict[str, int] = {}
    where_a: dict[str, int] = {}
    for i in range(alo, ahi):
        line = a[i]
        count_a[line] = count_a.get(line, 0) + 1
        where_a[line] = i
    count_b: dict[str, int] = {}
    where_b: dict[str, int] = {}
    for j in range(blo, bhi):
        line = b[j]
        if count_a.get(line) == 1:
            count_b[line] = count_b.get(line, 0) + 1
            where_b[line] = j
    pairs = sorted((where_a[line], where_b[line]) for line, count in count_b.items() if count == 1)
    return _longest_increasing(pairs)


def _longest_increasing(pairs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The longest subsequence of pairs (sorted by their first item) whose second items
    increase, by patience sorting."""
    tails: list[int] = []  # second item ending the best run of each length
    ends: list[int] = []  # index in pairs of that run's last pair
    previous: list[int] = [-1] * len(pairs)
    for index, (_, j) in enumerate(pairs):
        length = bisect_left(tails, j)
        if length == len(tails):
            tails.append(j)
            ends.append(index)
        else:
            tails[length] = j
            ends[length] = index
        previous[index] = ends[length - 1] if length else -1
    out = []
    index = ends[-1] if ends else -1
    while index >= 0:
        out.append(pairs[index])
        index = previous[index]
    out.reverse()
    return out
