"""One run of fixer over the paths a user gave: discover, check or fix, collect results."""

from __future__ import annotations

import os
import posixpath
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from fixer.config import Settings
from fixer.diff import annotated_diffs
from fixer.discover import Target, discover
from fixer.findings import Applicability, Finding
from fixer.model.files import SourceFile
from fixer.model.project import build_project
from fixer.registry import CodemodClass, select_codemods
from fixer.reports.model import AppliedFix, FileError
from fixer.runner import Outcome, check, fix
from fixer.syntax.source import DecodedSource


@dataclass(frozen=True)
class Request:
    """What to do: mode "check", "fix" or "dry-run", with which codemods and settings."""

    mode: str
    settings: Settings
    codemod_codes: tuple[str, ...]


@dataclass
class TargetResult:
    """The results for one project root, with paths as the user sees them."""

    findings: list[Finding] = field(default_factory=list)
    errors: list[FileError] = field(default_factory=list)
    fixed: Counter[str] = field(default_factory=Counter)
    fixed_unsafe: Counter[str] = field(default_factory=Counter)
    writes: dict[str, tuple[bytes, bool]] = field(default_factory=dict)  # path -> (data, new)
    diffs: list[str] = field(default_factory=list)
    originals: dict[str, str] = field(default_factory=dict)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (path, reason)
    fixes: list[AppliedFix] = field(default_factory=list)  # applied, each with its diff
    new_texts: dict[str, str] = field(default_factory=dict)  # path -> text after fixing


def codemods_for(settings: Settings) -> tuple[CodemodClass, ...]:
    return select_codemods(settings.select, settings.ignore)


def process_target(target: Target, request: Request) -> TargetResult:
    """Check or fix one target; never raises for problems in the input."""
    from fixer.registry import find_codemod

    codemods = tuple(c for code in request.codemod_codes if (c := find_codemod(code)))
    result = TargetResult(errors=list(target.errors))
    for rel, source in target.files.items():
        if source.is_hcl and source.error is not None:
            error = source.error
            result.errors.append(
                FileError(target.display_path(rel), error.line, error.column, error.message)
            )
    # Files that do not parse are left out of the run, so nothing ever rewrites them.
    files = {rel: s for rel, s in target.files.items() if not (s.is_hcl and s.error)}
    if request.mode == "check":
        outcome = check(
            files, codemods, request.settings, frozenset(target.paths), frozenset(target.ignored)
        )
    else:
        allowed = Applicability.UNSAFE if request.settings.unsafe_fixes else Applicability.SAFE
        outcome = fix(
            files,
            codemods,
            request.settings,
            allowed,
            frozenset(target.paths),
            ignored=frozenset(target.ignored),
        )
        if request.mode == "dry-run":  # nothing is written: locate findings on disk
            outcome.findings = outcome.findings_on_original(files)
    _collect(target, outcome, result)
    result.skipped.extend(outside_notes(target, files))
    return result


def outside_notes(target: Target, files: dict[str, SourceFile]) -> list[tuple[str, str]]:
    """Local modules called from the path that lie outside it (`../../modules/stack`):
    their code is not read, so their findings are not reported; say so."""
    if not any(s.kind == "tf" and "../" in s.text for s in files.values()):
        return []
    notes = []
    for call, path in build_project(files).outside_calls():
        shown = posixpath.normpath(target.display_path(path))
        where = target.display_path(call.file.rel)
        line = call.file.lines.position(call.block.start).line
        notes.append(
            (
                shown,
                f"module.{call.name} ({where}:{line}) calls it, outside the path given: its "
                "code is not checked; run fixer on a directory that holds both",
            )
        )
    return notes


def _collect(target: Target, outcome: Outcome, result: TargetResult) -> None:
    selected = target.selected
    for finding in outcome.findings:
        if selected is not None and finding.path not in selected:
            continue
        result.findings.append(relocate(finding, target))
    for error in outcome.errors:
        path = error.path if error.path != "." else target.display
        result.errors.append(replace(error, path=path))
    result.fixed = outcome.fixed
    result.fixed_unsafe = outcome.fixed_unsafe
    result.skipped = [(target.display_path(rel), reason) for rel, reason in target.skipped]
    for rel, source in target.files.items():
        result.originals[target.display_path(rel)] = source.text
    olds = {rel: source.text for rel, source in target.files.items()}
    result.diffs, result.fixes = annotated_diffs(
        olds, outcome.texts, outcome.applied_fixes, target.display_path
    )
    for rel in sorted(outcome.texts):
        new_text = outcome.texts[rel]
        old = target.files.get(rel)
        shown = target.display_path(rel)
        result.new_texts[shown] = new_text
        data = DecodedSource(new_text, old is not None and old.bom).encode()
        result.writes[shown] = (data, old is None)


def relocate(finding: Finding, target: Target) -> Finding:
    """The finding with every path (its own and its fix's) as the user sees it."""
    fix_ = finding.fix
    if fix_ is not None:
        changes = tuple(
            replace(change, path=target.display_path(change.path)) for change in fix_.changes
        )
        fix_ = replace(fix_, changes=changes)  # every other field (provides, requires) kept
    return replace(finding, path=target.display_path(finding.path), fix=fix_)


def _work(item: tuple[Path, str, Request]) -> TargetResult:
    path, display, request = item
    target = discover(path, display, request.settings.exclude)
    return process_target(target, request)


def run(
    paths: list[str],
    request: Request,
    jobs: int,
    progress: Callable[[int, int], None] | None = None,
) -> list[TargetResult]:
    """Process every path (each a project root, or a file within its directory);
    `progress(done, total)` is called as paths finish."""
    items = [(Path(p), p.rstrip("/") or p, request) for p in paths]
    if jobs <= 1 or len(items) == 1:
        results = []
        for number, item in enumerate(items, 1):
            results.append(_work(item))
            if progress is not None:
                progress(number, len(items))
        return results
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(max_workers=jobs) as pool:
        results = []
        for number, result in enumerate(pool.map(_work, items), 1):
            results.append(result)
            if progress is not None:
                progress(number, len(items))
        return results


def default_jobs() -> int:
    return max(1, min(os.cpu_count() or 1, 8))
