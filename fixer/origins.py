"""Where the text of a fixed file came from: its offsets mapped back to the original text."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, replace
from itertools import accumulate
from typing import TYPE_CHECKING

from fixer.apply import apply_edits
from fixer.findings import Change, CreateFile, Finding, Fix, Span, TextEdit
from fixer.reports.model import AppliedFix

if TYPE_CHECKING:
    from fixer.model.files import SourceFile


@dataclass(frozen=True, slots=True)
class Hunk:
    """original[old_start:old_end] became current[new_start:new_end]."""

    old_start: int
    old_end: int
    new_start: int
    new_end: int

    @property
    def growth(self) -> int:
        return (self.new_end - self.new_start) - (self.old_end - self.old_start)


class Origins:
    """The changes from a file's original text to its current one, as sorted disjoint hunks.

    Text between hunks is unchanged. Each pass of edits on the current text is composed into
    the hunks, so an offset of the final text maps back to the original in one step.
    """

    def __init__(self) -> None:
        self.hunks: list[Hunk] = []
        self._starts: list[int] = []
        self._ends: list[int] = []
        self._growth: list[int] = [0]  # growth of the first i hunks

    def record(self, edits: Iterable[tuple[int, int, int]]) -> None:
        """Compose one pass of non-overlapping edits (start, end, new length) on the current
        text; hunks and edits that overlap or touch merge into one hunk."""
        changes = sorted(edits)
        if not changes:
            return
        intervals = sorted(
            [(h.new_start, h.new_end) for h in self.hunks] + [(s, e) for s, e, _ in changes]
        )
        merged: list[list[int]] = []
        for start, end in intervals:
            if merged and start <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], end)
            else:
                merged.append([start, end])
        pass_ends = [end for _, end, _ in changes]
        pass_growth = [0, *accumulate(n - (e - s) for s, e, n in changes)]

        def forward(offset: int, is_end: bool) -> int:
            # Edits ending before a merged interval's start (at or before its end) precede it.
            count = (bisect_right if is_end else bisect_left)(pass_ends, offset)
            return offset + pass_growth[count]

        hunks = [
            Hunk(self._back(s, False), self._back(e, True), forward(s, False), forward(e, True))
            for s, e in merged
        ]
        self._set(hunks)

    def _set(self, hunks: list[Hunk]) -> None:
        self.hunks = hunks
        self._starts = [h.new_start for h in hunks]
        self._ends = [h.new_end for h in hunks]
        self._growth = [0, *accumulate(h.growth for h in hunks)]

    def _back(self, offset: int, is_end: bool) -> int:
        """The original offset of a merged interval's start or end (never inside a hunk)."""
        count = (bisect_right if is_end else bisect_left)(self._ends, offset)
        return offset - self._growth[count]

    def to_original(self, offset: int, right: bool = False) -> int:
        """The original offset of a current one; inside changed text, the start of what it
        replaced (the end when `right`)."""
        index = bisect_right(self._starts, offset) - 1
        if index < 0:
            return offset
        hunk = self.hunks[index]
        if offset >= hunk.new_end:
            return offset - self._growth[index + 1]
        if offset == hunk.new_start:
            return hunk.old_start
        return hunk.old_end if right else hunk.old_start

    def widen(self, start: int, end: int) -> tuple[int, int, int, int]:
        """(old_start, old_end, new_start, new_end): the smallest range around current
        text[start:end] whose ends lie outside changed text, so that
        original[old_start:old_end] became current[new_start:new_end] exactly."""
        new_start, new_end = start, end
        index = bisect_right(self._starts, start) - 1
        if index >= 0 and self.hunks[index].new_start < start < self.hunks[index].new_end:
            new_start = self.hunks[index].new_start
        index = bisect_right(self._starts, end) - 1
        if index >= 0 and self.hunks[index].new_start < end < self.hunks[index].new_end:
            new_end = self.hunks[index].new_end
        return (
            self.to_original(new_start),
            self.to_original(new_end, right=True),
            new_start,
            new_end,
        )

    def changed(self) -> bool:
        return bool(self.hunks)


LINE_PAIRS_LIMIT = 4_000_000  # lines x lines beyond which an edit is not refined
CHAR_PAIRS_LIMIT = 250_000  # characters x characters within changed lines


def refined(old: str, new: str) -> list[tuple[int, int, int]]:
    """An edit replacing `old` with `new`, as smaller edits (start, end, new length) relative
    to `old` that leave unchanged text alone: a reformatted block then maps its tokens back
    where they were instead of to the start of the block."""
    prefix = 0
    limit = min(len(old), len(new))
    while prefix < limit and old[prefix] == new[prefix]:
        prefix += 1
    suffix = 0
    while suffix < limit - prefix and old[-1 - suffix] == new[-1 - suffix]:
        suffix += 1
    a, b = old[prefix : len(old) - suffix], new[prefix : len(new) - suffix]
    if not a and not b:
        return []
    a_lines, b_lines = a.splitlines(keepends=True), b.splitlines(keepends=True)
    if len(a_lines) * len(b_lines) > LINE_PAIRS_LIMIT:
        return [(prefix, prefix + len(a), len(b))]
    from difflib import SequenceMatcher

    from fixer.line_diff import SMALL_REGION, opcodes

    a_starts = [0, *accumulate(len(line) for line in a_lines)]
    b_starts = [0, *accumulate(len(line) for line in b_lines)]
    edits = []
    if len(a_lines) * len(b_lines) > SMALL_REGION:  # difflib is quadratic here: anchor first
        line_codes = opcodes(a_lines, b_lines)
    else:
        line_codes = SequenceMatcher(None, a_lines, b_lines, autojunk=False).get_opcodes()
    for tag, i1, i2, j1, j2 in line_codes:
        if tag == "equal":
            continue
        start, end = a_starts[i1], a_starts[i2]
        segment_a, segment_b = a[start:end], b[b_starts[j1] : b_starts[j2]]
        if not segment_a or not segment_b or len(segment_a) * len(segment_b) > CHAR_PAIRS_LIMIT:
            edits.append((prefix + start, prefix + end, len(segment_b)))
            continue
        chars = SequenceMatcher(None, segment_a, segment_b, autojunk=False)
        for ctag, c1, c2, d1, d2 in chars.get_opcodes():
            if ctag != "equal":
                edits.append((prefix + start + c1, prefix + start + c2, d2 - d1))
    return edits


def applied_fix(
    finding: Finding,
    fix: Fix,
    originals: Mapping[str, SourceFile],
    origins: Mapping[str, Origins],
    created: Collection[str],
) -> AppliedFix:
    """The record of a fix applied in a pass whose input is mapped back by `origins`."""
    edited = []
    made = []
    for change in fix.changes:
        if isinstance(change, CreateFile) or change.path in created:
            made.append(change.path)
        elif change.path in originals:
            mapped = origins.get(change.path)
            start, end = (change.start, change.end)
            if mapped is not None:
                start, end = mapped.widen(start, end)[:2]
            edited.append((change.path, start, end))
    return AppliedFix(
        code=finding.code,
        name=finding.name,
        title=fix.title,
        applicability=fix.applicability,
        path=finding.path,
        message=finding.message,
        span=_span_on_original(finding, originals, origins),
        edited=tuple(edited),
        created=tuple(dict.fromkeys(made)),
    )


def _span_on_original(
    finding: Finding, originals: Mapping[str, SourceFile], origins: Mapping[str, Origins]
) -> Span | None:
    source = originals.get(finding.path)
    if source is None:
        return None
    mapped = origins.get(finding.path)
    if mapped is None or not mapped.changed():
        return finding.span
    start = mapped.to_original(finding.span.start)
    end = max(start, mapped.to_original(finding.span.end, right=True))
    return Span.of(source.lines, start, end)


def finding_on_original(
    finding: Finding,
    originals: Mapping[str, SourceFile],
    texts: Mapping[str, str],
    origins: Mapping[str, Origins],
) -> Finding:
    """A finding of the final texts (`texts`: those that changed) located in the originals.

    Its fix's edits are mapped too: an edit whose ends fall inside text the run changed is
    widened to the whole changed range, its content then carrying that change as well, so
    that applying the fix to the original gives what applying it after the run would.
    """
    span = _span_on_original(finding, originals, origins)
    fix = finding.fix
    if fix is not None:
        fix = replace(fix, changes=_changes_on_original(fix, texts, origins))
    if span is None:
        return replace(finding, fix=fix)
    return replace(finding, span=span, fix=fix)


def _changes_on_original(
    fix: Fix, texts: Mapping[str, str], origins: Mapping[str, Origins]
) -> tuple[Change, ...]:
    out: list[Change] = []
    by_path: dict[str, list[TextEdit]] = {}
    for change in fix.changes:
        mapped = origins.get(change.path)
        if isinstance(change, CreateFile) or mapped is None or not mapped.changed():
            out.append(change)
        else:
            by_path.setdefault(change.path, []).append(change)
    for path, edits in by_path.items():
        mapped, text = origins[path], texts[path]
        groups: list[tuple[list[int], list[TextEdit]]] = []
        for edit in sorted(edits, key=lambda e: (e.start, e.end)):
            old_start, old_end, new_start, new_end = mapped.widen(edit.start, edit.end)
            if groups and new_start < groups[-1][0][3]:
                bounds = groups[-1][0]
                bounds[1], bounds[3] = max(bounds[1], old_end), max(bounds[3], new_end)
                groups[-1][1].append(edit)
            else:
                groups.append(([old_start, old_end, new_start, new_end], [edit]))
        for (old_start, old_end, new_start, new_end), members in groups:
            local = [
                TextEdit(path, e.start - new_start, e.end - new_start, e.content) for e in members
            ]
            content = apply_edits(text[new_start:new_end], local)
            out.append(TextEdit(path, old_start, old_end, content))
    return tuple(out)
