"""What the editor offers for a finding: its fix with the fixes it requires, as one action.

A fix that describes or builds on another fix's result (`Fix.requires`: the README's
backend section, which describes the partial backend FX007's fix sets up) is applied by
the engine only together with a fix providing it (`fixer.fixsets`). The editor follows the
same rule: such a fix is offered only with its providers, as one action at the safety of
the least safe of them, or not at all when nothing offered provides what it requires.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from fixer.findings import Applicability, Change, Finding, Fix
from fixer.fixsets import with_requirements
from fixer.lsp.analysis import Analysis


@dataclass(frozen=True)
class Offer:
    """A finding's fix (first) and the fixes it requires, each with its finding's code."""

    parts: tuple[tuple[str, Fix], ...]

    @property
    def fix(self) -> Fix:
        return self.parts[0][1]

    @property
    def applicability(self) -> Applicability:
        return min(fix.applicability for _, fix in self.parts)

    @property
    def changes(self) -> tuple[Change, ...]:
        return tuple(change for _, fix in self.parts for change in fix.changes)

    @property
    def title(self) -> str:
        """`FX012: <its title>`, then `, with FX007: <title>` for each fix it requires."""
        return ", with ".join(f"{code}: {fix.title}" for code, fix in self.parts)


def fixable(analysis: Analysis) -> Iterable[Finding]:
    """Every finding of the analysis whose fix can be applied (not display-only)."""
    for findings in analysis.findings.values():
        yield from (finding for finding in findings if finding.fixable)


def offer(
    analysis: Analysis, finding: Finding, log: Callable[[str], None] | None = None
) -> Offer | None:
    """The finding's fix with what it requires (None when it has no fix to apply, when
    no fix offered provides a requirement, or when the fixes' edits overlap: `log` says
    which)."""
    fix = finding.fix
    if fix is None or not finding.fixable:
        return None
    if not fix.requires:
        return Offer(((finding.code, fix),))
    key = id(finding)
    if key not in analysis.offers:  # asked again for each diagnostic and each code action
        analysis.offers[key] = _with_requirements(analysis, finding, fix)
    found, reason = analysis.offers[key]
    if found is None and log is not None:
        log(f"{finding.code} fix '{fix.title}' not offered: {reason}")
    return found


def _with_requirements(analysis: Analysis, finding: Finding, fix: Fix) -> tuple[Offer | None, str]:
    others = [f for f in fixable(analysis) if f is not finding]
    fixes = with_requirements(fix, [f.fix for f in others if f.fix is not None])
    if fixes is None:
        needs = ", ".join(sorted(fix.requires))
        return None, f"it requires {needs}, which no fix offered provides"
    edits = [edit for f in fixes for edit in f.edits]
    if any(a.overlaps(b) for i, a in enumerate(edits) for b in edits[i + 1 :]):
        return None, "its edits overlap those of the fixes it requires"
    code_of = {id(f.fix): f.code for f in others}
    return Offer(((finding.code, fix), *((code_of[id(f)], f) for f in fixes[1:]))), ""


def offered_applicability(analysis: Analysis, finding: Finding) -> Applicability | None:
    """The safety of what the editor offers for the finding (None: nothing offered)."""
    fix = finding.fix
    if fix is None or not finding.fixable:
        return None
    if not fix.requires:
        return fix.applicability
    found = offer(analysis, finding)
    return found.applicability if found is not None else None


def needed_by(
    analysis: Analysis, owned: Callable[[Finding], bool], allowed: Applicability
) -> frozenset[str]:
    """What the fixes (of at least `allowed` safety) of the findings `owned` accepts
    require, when fixes of that safety provide it: fix-all takes those providers along,
    wherever their findings are, as the quick fix of such a finding does."""
    candidates = [f for f in fixable(analysis) if f.fix and f.fix.applicability >= allowed]
    fixes = [f.fix for f in candidates if f.fix is not None]
    needed: set[str] = set()
    for finding in candidates:
        if finding.fix is None or not finding.fix.requires or not owned(finding):
            continue
        chosen = with_requirements(finding.fix, fixes)
        if chosen is not None:
            needed.update(*(f.requires for f in chosen))
    return frozenset(needed)
