"""Follow the first pass's findings through a fix run: fixed by their own fix, resolved by
another codemod's fix, or still there."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from fixer.findings import Finding, Fix
from fixer.reports.model import AppliedFix, FixRef, ResolvedFinding


@dataclass
class _Tracked:
    first: Finding  # as the first pass found it: located in the original text
    current: Finding | None  # its latest appearance; None once gone
    own: bool = False  # its own fix was applied
    by: tuple[FixRef, ...] = ()


class FindingTracker:
    """Matches each pass's findings to the first pass's (same code and file, the same
    message first), so that a finding gone after a pass is known, with the fixes of that
    pass that resolved it."""

    def __init__(self, findings: Iterable[Finding]) -> None:
        self._items = [_Tracked(finding, finding) for finding in findings]
        self._last_pass: list[AppliedFix] = []

    def applied(self, fixes: Sequence[Fix], records: Sequence[AppliedFix]) -> None:
        """The fixes one pass applies (`records`: the same, located in the original texts)."""
        ids = {id(fix) for fix in fixes}
        for item in self._items:
            if item.current is not None and item.current.fix is not None:
                item.own = item.own or id(item.current.fix) in ids
        self._last_pass = list(records)

    def observe(self, findings: Iterable[Finding]) -> None:
        """The findings of the next pass (or the end): the first-pass findings not among
        them were resolved by the last pass's fixes."""
        pool: dict[tuple[str, str], list[Finding]] = {}
        for finding in findings:
            pool.setdefault((finding.code, finding.path), []).append(finding)
        open_items = [item for item in self._items if item.current is not None]
        unmatched = []
        for item in open_items:  # the same message first: the likeliest the same finding
            assert item.current is not None
            candidates = pool.get((item.current.code, item.current.path), [])
            same = next((f for f in candidates if f.message == item.current.message), None)
            if same is None:
                unmatched.append(item)
                continue
            candidates.remove(same)
            item.current = same
        for item in unmatched:
            assert item.current is not None
            candidates = pool.get((item.current.code, item.current.path), [])
            if candidates:
                item.current = candidates.pop(0)
                continue
            item.current = None
            if not item.own:
                item.by = tuple(_ref(fix) for fix in _resolvers(item.first, self._last_pass))
        self._last_pass = []

    def fixed(self) -> Counter[str]:
        """Per code, the first-pass findings gone."""
        return Counter(item.first.code for item in self._items if item.current is None)

    def resolved(self) -> list[ResolvedFinding]:
        """The first-pass findings gone without their own fix applied."""
        return [
            ResolvedFinding(replace(item.first, fix=None), item.by)
            for item in self._items
            if item.current is None and not item.own
        ]


def _resolvers(finding: Finding, fixes: Sequence[AppliedFix]) -> list[AppliedFix]:
    """The fixes that edited the finding's text, else its file, else all of them."""
    span = finding.span
    touching = [
        fix
        for fix in fixes
        if any(
            path == finding.path and start <= span.end and end >= span.start
            for path, start, end in fix.edited
        )
    ]
    if touching:
        return touching
    same_file = [
        fix
        for fix in fixes
        if finding.path in fix.created or any(path == finding.path for path, _, _ in fix.edited)
    ]
    return same_file or list(fixes)


def _ref(fix: AppliedFix) -> FixRef:
    return FixRef(fix.code, fix.name, fix.title, fix.applicability, fix.path)
