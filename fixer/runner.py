"""Run codemods over a project and apply their fixes to a fixed point, in memory."""

from __future__ import annotations

import traceback
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from fixer.apply import apply_fixes, select_non_overlapping, with_newline
from fixer.codemod import Codemod, Context
from fixer.config import Settings
from fixer.findings import Applicability, Finding, Fix, TextEdit
from fixer.fixsets import requirements_met
from fixer.model.files import SourceFile
from fixer.origins import Origins, applied_fix, finding_on_original, refined
from fixer.parallel import verified_successor
from fixer.registry import CodemodClass, UnknownCodeError, selected_entries
from fixer.reports.model import AppliedFix, FileError, ResolvedFinding
from fixer.suppressions import apply_suppressions, suppression_findings, suppressions_in
from fixer.tracking import FindingTracker

if TYPE_CHECKING:
    from fixer.model.project import Project

MAX_PASSES = 10
INVALID_SUPPRESSION, UNUSED_SUPPRESSION = "FX000", "FX100"


@dataclass
class Outcome:
    """The result of running over one project.

    `findings` are what remains (after fixing, when fixing); `fixed` counts, per
    codemod code, the findings of the first pass that are gone at the end (a fix may
    resolve a finding of another codemod too); `applied` counts fix applications and
    `fixed_unsafe` the unsafe ones among them; `texts` holds the final text of every
    file that changed or was created (`created` names the latter); `applied_fixes` lists
    every fix applied, in order, located in the original texts, and `origins` maps each
    changed file's final text back to its original; `resolved` are the first-pass
    findings gone although their own fix was not applied (another codemod's fix resolved
    them), located in the original texts.
    """

    findings: list[Finding] = field(default_factory=list)
    fixed: Counter[str] = field(default_factory=Counter)
    applied: Counter[str] = field(default_factory=Counter)
    fixed_unsafe: Counter[str] = field(default_factory=Counter)
    texts: dict[str, str] = field(default_factory=dict)
    created: set[str] = field(default_factory=set)
    errors: list[FileError] = field(default_factory=list)
    applied_fixes: list[AppliedFix] = field(default_factory=list)
    origins: dict[str, Origins] = field(default_factory=dict)
    resolved: list[ResolvedFinding] = field(default_factory=list)

    @property
    def fixed_total(self) -> int:
        return sum(self.fixed.values())

    def findings_on_original(self, files: Mapping[str, SourceFile]) -> list[Finding]:
        """The remaining findings located in the original texts (the files on disk before
        a dry run), their fixes' edits too; findings in files this run creates stay as
        they are."""
        return [
            finding_on_original(finding, files, self.texts, self.origins)
            for finding in self.findings
        ]


def run_codemods(
    files: Mapping[str, SourceFile],
    codemods: Iterable[CodemodClass],
    settings: Settings,
    errors: list[FileError] | None = None,
    paths: frozenset[str] = frozenset(),
    ignored: frozenset[str] = frozenset(),
    linked: frozenset[str] = frozenset(),
    project: Project | None = None,
) -> list[Finding]:
    """Every unsuppressed finding of the given codemods on the files, sorted; `project`
    is the files' model when the caller built it (`fixer.parts` reads it afterwards).

    A codemod that raises is reported as an error on the project and skipped: one
    broken codemod never stops the run. Suppression comments that cannot be used (FX000)
    or silence nothing (FX100) are reported when the settings select those rules.
    """
    codemods = ordered(codemods)
    context = Context(
        files,
        settings.model_config(),
        paths=paths | frozenset(files),
        ignored=ignored,
        linked=linked,
    )
    if project is not None:
        context.project = project
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
    enabled = _suppression_rules(settings)
    if enabled:
        ran = {cls.code for cls in codemods}
        about = suppression_findings(
            files,
            suppressions,
            ran,
            invalid=INVALID_SUPPRESSION in enabled,
            unused=UNUSED_SUPPRESSION in enabled,
        )
        findings.extend(f for f in about if not any(s.covers(f) for s in suppressions))
    findings.sort(key=Finding.sort_key)
    return findings


def ordered(codemods: Iterable[CodemodClass]) -> tuple[CodemodClass, ...]:
    """The codemods in the order they run: as given, the `late` ones last."""
    return tuple(sorted(codemods, key=lambda cls: cls.late))


def _suppression_rules(settings: Settings) -> set[str]:
    """Which of FX000 and FX100 the settings select."""
    try:
        selected = selected_entries(settings.select, settings.ignore)  # imports no codemod
    except UnknownCodeError:
        return {INVALID_SUPPRESSION}
    return {entry.code for entry in selected} & {INVALID_SUPPRESSION, UNUSED_SUPPRESSION}


def check(
    files: Mapping[str, SourceFile],
    codemods: Iterable[CodemodClass],
    settings: Settings,
    paths: frozenset[str] = frozenset(),
    ignored: frozenset[str] = frozenset(),
    linked: frozenset[str] = frozenset(),
    project: Project | None = None,
) -> Outcome:
    outcome = Outcome()
    outcome.findings = run_codemods(
        files, codemods, settings, outcome.errors, paths, ignored, linked, project
    )
    return outcome


def fix(
    files: Mapping[str, SourceFile],
    codemods: Iterable[CodemodClass],
    settings: Settings,
    allowed: Applicability,
    paths: frozenset[str] = frozenset(),
    only: Callable[[Finding], bool] | None = None,
    ignored: frozenset[str] = frozenset(),
    linked: frozenset[str] = frozenset(),
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
    tracker: FindingTracker | None = None
    for _ in range(MAX_PASSES):
        findings = run_codemods(current, codemods, settings, outcome.errors, paths, ignored, linked)
        if tracker is None:
            tracker = FindingTracker(f for f in findings if only is None or only(f))
        else:
            tracker.observe(findings)
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
        parsed: dict[str, SourceFile] = {}  # the validated texts, parsed: reused below
        good = _validated(current, selection.chosen, rejected, outcome.errors, codes_of, parsed)
        good = requirements_met(good, provided)  # a fix whose provider waits, waits too
        if not good:
            outcome.findings = findings
            continue
        newlines = {rel: s.newline for rel, s in current.items()}
        recorded = len(outcome.applied_fixes)
        _record(outcome, good, findings, files, current)
        tracker.applied(good, outcome.applied_fixes[recorded:])
        new_texts = apply_fixes({rel: s.text for rel, s in current.items()}, good, newlines)
        for rel, text in new_texts.items():
            old = current.get(rel)
            if old is None:
                outcome.created.add(rel)
            reuse = parsed.get(rel)
            if reuse is not None and reuse.text == text:
                current[rel] = reuse  # parsed once, when validated (a large file's cost)
            else:
                current[rel] = SourceFile(rel, text, old.bom if old else False)
        for applied in good:
            provided.update(applied.provides)
            outcome.applied[codes_of[id(applied)]] += 1
            if applied.applicability == Applicability.UNSAFE:
                outcome.fixed_unsafe[codes_of[id(applied)]] += 1
        last_codes = {codes_of[id(applied)] for applied in good}
    else:
        outcome.findings = run_codemods(
            current, codemods, settings, outcome.errors, paths, ignored, linked
        )
        if tracker is not None:
            tracker.observe(outcome.findings)
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
    if tracker is not None and outcome.applied:
        outcome.fixed = tracker.fixed()
        outcome.resolved = tracker.resolved()
    for rel, source in current.items():
        original = files.get(rel)
        if original is None or original.text != source.text:
            outcome.texts[rel] = source.text
        elif rel in outcome.origins:
            del outcome.origins[rel]  # changed, then changed back: the identity maps it
    return outcome


def _record(
    outcome: Outcome,
    fixes: list[Fix],
    findings: list[Finding],
    originals: Mapping[str, SourceFile],
    current: Mapping[str, SourceFile],
) -> None:
    """Note the fixes of one pass (located in the original texts), then compose their
    edits into each file's origins."""
    finding_of = {id(f.fix): f for f in findings if f.fix is not None}
    newlines = {rel: source.newline for rel, source in current.items()}
    edits: dict[str, list[tuple[int, int, int]]] = {}
    for applied in fixes:
        finding = finding_of[id(applied)]
        outcome.applied_fixes.append(
            applied_fix(finding, applied, originals, outcome.origins, outcome.created)
        )
        for edit in applied.edits:
            if edit.path in originals:
                text = current[edit.path].text
                content = with_newline(edit.content, newlines.get(edit.path, "\n"))
                pieces = refined(text[edit.start : edit.end], content)
                edits.setdefault(edit.path, []).extend(
                    (edit.start + start, edit.start + end, length) for start, end, length in pieces
                )
    for rel, changes in edits.items():
        outcome.origins.setdefault(rel, Origins()).record(changes)


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
    parsed: dict[str, SourceFile] | None = None,
) -> list[Fix]:
    """The chosen fixes minus any whose result does not parse (those are reported).
    When all of them parse together, `parsed` receives the files they make."""
    texts = {rel: s.text for rel, s in current.items()}
    newlines = {rel: s.newline for rel, s in current.items()}
    if not _breaks_parse(texts, chosen, newlines, current, parsed):
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
    parsed: dict[str, SourceFile] | None = None,
) -> tuple[str, str] | None:
    """(file, error) for the first touched HCL file that no longer parses, else None
    (and the touched files, parsed, in `parsed` when given)."""
    made: dict[str, SourceFile] = {}
    for rel, text in apply_fixes(texts, fixes, newlines).items():
        old = current.get(rel)
        candidate = SourceFile(rel, text, old.bom if old else False)
        verified = verified_successor(old, candidate)  # a worker parsed this text
        if not verified and candidate.is_hcl and candidate.tree is None:
            assert candidate.error is not None
            return rel, str(candidate.error)
        made[rel] = candidate
    if parsed is not None:
        parsed.update(made)
    return None
