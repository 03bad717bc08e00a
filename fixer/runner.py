"""Run codemods over a project and apply their fixes to a fixed point, in memory."""

from __future__ import annotations

import traceback
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from fixer.apply import apply_fixes, select_non_overlapping
from fixer.codemod import Codemod, Context
from fixer.config import Settings
from fixer.findings import Applicability, Finding, Fix, Severity, Span, TextEdit
from fixer.fixsets import requirements_met
from fixer.model.files import SourceFile
from fixer.registry import CodemodClass, known_codes
from fixer.reports.model import FileError
from fixer.suppressions import Suppression, apply_suppressions, suppressions_in

MAX_PASSES = 10
SUPPRESSION_CODE = "FX000"
SUPPRESSION_NAME = "unknown-suppression-code"


@dataclass
class Outcome:
    """The result of running over one project.

    `findings` are what remains (after fixing, when fixing); `fixed` counts, per
    codemod code, the findings of the first pass that are gone at the end (a fix may
    resolve a finding of another codemod too); `applied` counts fix applications and
    `fixed_unsafe` the unsafe ones among them; `texts` holds the final text of every
    file that changed or was created (`created` names the latter).
    """

    findings: list[Finding] = field(default_factory=list)
    fixed: Counter[str] = field(default_factory=Counter)
    applied: Counter[str] = field(default_factory=Counter)
    fixed_unsafe: Counter[str] = field(default_factory=Counter)
    texts: dict[str, str] = field(default_factory=dict)
    created: set[str] = field(default_factory=set)
    errors: list[FileError] = field(default_factory=list)

    @property
    def fixed_total(self) -> int:
        return sum(self.fixed.values())


def run_codemods(
    files: Mapping[str, SourceFile],
    codemods: Iterable[CodemodClass],
    settings: Settings,
    errors: list[FileError] | None = None,
    paths: frozenset[str] = frozenset(),
    ignored: frozenset[str] = frozenset(),
) -> list[Finding]:
    """Every unsuppressed finding of the given codemods on the files, sorted.

    A codemod that raises is reported as an error on the project and skipped: one
    broken codemod never stops the run.
    """
    context = Context(
        files, settings.model_config(), paths=paths | frozenset(files), ignored=ignored
    )
    findings: list[Finding] = []
    for cls in codemods:
        codemod: Codemod = cls()
        context.codemod = codemod
        try:
            findings.extend(codemod.check(context))
        except Exception as error:  # a bug in a codemod must not stop the run
            if errors is not None:
                frame = traceback.extract_tb(error.__traceback__)[-1]
                errors.append(
                    FileError(
                        ".",
                        1,
                        1,
                        f"internal error in {cls.code} ({cls.name}): "
                        f"{type(error).__name__}: {error} "
                        f"[{frame.filename}:{frame.lineno}]",
                    )
                )
    suppressions = [s for source in files.values() for s in suppressions_in(source)]
    findings = apply_suppressions(findings, suppressions)
    findings.extend(_unknown_suppression_codes(files, suppressions))
    findings.sort(key=Finding.sort_key)
    return findings


def _unknown_suppression_codes(
    files: Mapping[str, SourceFile], suppressions: list[Suppression]
) -> list[Finding]:
    known = known_codes() | {SUPPRESSION_CODE}
    out = []
    for suppression in suppressions:
        unknown = sorted(suppression.codes - known)
        if not unknown:
            continue
        source = files[suppression.path]
        out.append(
            Finding(
                code=SUPPRESSION_CODE,
                name=SUPPRESSION_NAME,
                message=f"Suppression names unknown code(s): {', '.join(unknown)}",
                path=suppression.path,
                span=Span.of(source.lines, suppression.comment_start, suppression.comment_end),
                severity=Severity.WARNING,
            )
        )
    return out


def check(
    files: Mapping[str, SourceFile],
    codemods: Iterable[CodemodClass],
    settings: Settings,
    paths: frozenset[str] = frozenset(),
    ignored: frozenset[str] = frozenset(),
) -> Outcome:
    outcome = Outcome()
    outcome.findings = run_codemods(files, codemods, settings, outcome.errors, paths, ignored)
    return outcome


def fix(
    files: Mapping[str, SourceFile],
    codemods: Iterable[CodemodClass],
    settings: Settings,
    allowed: Applicability,
    paths: frozenset[str] = frozenset(),
    only: Callable[[Finding], bool] | None = None,
    ignored: frozenset[str] = frozenset(),
) -> Outcome:
    """Apply fixes of at least `allowed` applicability until nothing changes.

    Each pass applies the fixes that do not overlap (the others wait for the next
    pass), re-parses every touched file and drops, with an error, any fix whose result
    does not parse. More than MAX_PASSES passes is an error naming the codemods.
    `only`, when given, limits fixing to the findings it accepts (the editor's
    "fix all in this file").
    """
    codemods = tuple(codemods)
    outcome = Outcome()
    current: dict[str, SourceFile] = dict(files)
    rejected: set[Fix] = set()
    provided: set[str] = set()  # what the fixes applied so far provide (Fix.provides)
    last_codes: set[str] = set()
    first: Counter[str] | None = None
    for _ in range(MAX_PASSES):
        findings = run_codemods(current, codemods, settings, outcome.errors, paths, ignored)
        if first is None:
            first = Counter(f.code for f in findings if only is None or only(f))
        candidates = [
            finding.fix
            for finding in findings
            if finding.fix is not None
            and finding.fix.applicability >= allowed
            and finding.fix.applicability > Applicability.DISPLAY_ONLY
            and finding.fix not in rejected
            and (only is None or only(finding))
            and _changes_something(finding.fix, current)
        ]
        candidates = requirements_met(candidates, provided)
        if not candidates:
            outcome.findings = findings
            break
        codes_of = {id(f.fix): f.code for f in findings if f.fix is not None}
        selection = select_non_overlapping(candidates, current)
        for broken in selection.invalid:
            rejected.add(broken)
            outcome.errors.append(
                FileError(
                    ".",
                    1,
                    1,
                    f"Fix '{broken.title}' of {codes_of.get(id(broken), '?')} dropped: "
                    "its edits overlap each other",
                )
            )
        good = _validated(current, selection.chosen, rejected, outcome.errors, codes_of)
        good = requirements_met(good, provided)  # a fix whose provider waits, waits too
        if not good:
            outcome.findings = findings
            continue
        new_texts = apply_fixes(
            {rel: s.text for rel, s in current.items()},
            good,
            {rel: s.newline for rel, s in current.items()},
        )
        for rel, text in new_texts.items():
            old = current.get(rel)
            if old is None:
                outcome.created.add(rel)
            current[rel] = SourceFile(rel, text, old.bom if old else False)
        for applied in good:
            provided.update(applied.provides)
            outcome.applied[codes_of[id(applied)]] += 1
            if applied.applicability == Applicability.UNSAFE:
                outcome.fixed_unsafe[codes_of[id(applied)]] += 1
        last_codes = {codes_of[id(applied)] for applied in good}
    else:
        outcome.findings = run_codemods(current, codemods, settings, outcome.errors, paths, ignored)
        if any(
            f.fix is not None
            and f.fix.applicability >= allowed
            and f.fix not in rejected
            and (only is None or only(f))
            for f in outcome.findings
        ):
            outcome.errors.append(
                FileError(
                    ".",
                    1,
                    1,
                    f"Fixes did not converge after {MAX_PASSES} passes; codemods still "
                    f"changing the code: {', '.join(sorted(last_codes))}",
                )
            )
    if first is not None:
        remaining = Counter(f.code for f in outcome.findings if only is None or only(f))
        outcome.fixed = first - remaining if outcome.applied else Counter()
    for rel, source in current.items():
        original = files.get(rel)
        if original is None or original.text != source.text:
            outcome.texts[rel] = source.text
    return outcome


def _changes_something(candidate: Fix, files: Mapping[str, SourceFile]) -> bool:
    """False for a fix whose every edit puts back the text it replaces."""
    for change in candidate.changes:
        if not isinstance(change, TextEdit):
            return True
        source = files.get(change.path)
        if source is None or source.text[change.start : change.end] != change.content:
            return True
    return False


def _validated(
    current: Mapping[str, SourceFile],
    chosen: list[Fix],
    rejected: set[Fix],
    errors: list[FileError],
    codes_of: Mapping[int, str],
) -> list[Fix]:
    """The chosen fixes minus any whose result does not parse (those are reported)."""
    texts = {rel: s.text for rel, s in current.items()}
    newlines = {rel: s.newline for rel, s in current.items()}
    if not _breaks_parse(texts, chosen, newlines, current):
        return chosen
    good = []
    for candidate in chosen:
        broken = _breaks_parse(texts, [candidate], newlines, current)
        if broken is None:
            good.append(candidate)
            continue
        rejected.add(candidate)
        rel, problem = broken
        errors.append(
            FileError(
                rel,
                1,
                1,
                f"Fix '{candidate.title}' of {codes_of.get(id(candidate), '?')} dropped: "
                f"its result does not parse ({problem})",
            )
        )
    if good and _breaks_parse(texts, good, newlines, current):
        return good[:1]  # fixes that parse alone but not together: one per pass
    return good


def _breaks_parse(
    texts: Mapping[str, str],
    fixes: list[Fix],
    newlines: Mapping[str, str],
    current: Mapping[str, SourceFile],
) -> tuple[str, str] | None:
    """(file, error) for the first touched HCL file that no longer parses, else None."""
    for rel, text in apply_fixes(texts, fixes, newlines).items():
        candidate = SourceFile(rel, text)
        if candidate.is_hcl and candidate.tree is None:
            assert candidate.error is not None
            return rel, str(candidate.error)
    return None
