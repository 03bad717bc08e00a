"""One run of fixer over the paths a user gave: discover, check or fix, collect results."""

from __future__ import annotations

import functools
import os
import posixpath
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import TYPE_CHECKING

from fixer.config import Settings
from fixer.findings import Applicability, Finding
from fixer.links import as_reported, unformatted, unwritable
from fixer.links import notes as link_notes
from fixer.project_root import Job, plan
from fixer.reports.model import AppliedFix, FileError, ResolvedFinding

if TYPE_CHECKING:  # imported where used: a cached run (fixer.cache) needs none of them
    from fixer.cache.project import ProjectCache
    from fixer.discover import Options, Target
    from fixer.filestate import FileState
    from fixer.model.files import SourceFile
    from fixer.parts import Piece, Prepare
    from fixer.registry import CodemodClass
    from fixer.runner import Outcome
    from fixer.selection import FixScope


@dataclass(frozen=True)
class Request:
    """What to do: mode "check", "fix" or "dry-run", with which codemods and settings;
    `respect_gitignore` leaves out the files git ignores."""

    mode: str
    settings: Settings
    codemod_codes: tuple[str, ...]
    respect_gitignore: bool = True
    cache_dir: str | None = None  # None: no cache (fixer.cache)

    @property
    def options(self) -> Options:
        from fixer.discover import Options

        # Formatting reads each file on its own: files reached through links are
        # formatted under their own paths, or not at all.
        return Options(self.settings.exclude, self.respect_gitignore, not self.format_only)

    @property
    def format_only(self) -> bool:
        """Whether FX001 alone runs (`fixer fmt`): it reads each file on its own."""
        return self.codemod_codes == ("FX001",)


@dataclass(frozen=True)
class FileChange:
    """A file a run changes or creates: its texts, the bytes to write, and what was read."""

    shown: str  # the path as the user sees it
    rel: str  # the path under the project root
    real: str  # where to write (no symbolic link in it)
    old: str | None  # None: the file is created
    new: str
    data: bytes
    state: FileState | None  # None: the file is created


@dataclass
class TargetResult:
    """The results for one project root, with paths as the user sees them.

    `changes` are what a fix would write (written only by `fixer.write_back`, which
    fills `written`); `groups` are sets of paths changed by one fix, to write all or
    none; `notes` are lines for stderr; `stale` are (shown, real path) of temporary
    files an interrupted run left; `new_texts` the text of each changed file after
    fixing; `applied` the fixes applied, located in the original texts; `resolved` the
    findings other codemods' fixes resolved, located there too. The diffs, and
    the fixes with their paths shown and their hunks (`fixes`), are made only when asked
    for: a run that prints no diff never pays for one.
    """

    findings: list[Finding] = field(default_factory=list)
    errors: list[FileError] = field(default_factory=list)
    fixed: Counter[str] = field(default_factory=Counter)
    fixed_unsafe: Counter[str] = field(default_factory=Counter)
    changes: list[FileChange] = field(default_factory=list)
    groups: list[frozenset[str]] = field(default_factory=list)
    originals: dict[str, str] = field(default_factory=dict)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (path, reason)
    notes: list[str] = field(default_factory=list)
    stale: list[tuple[str, str]] = field(default_factory=list)
    written: list[str] = field(default_factory=list)
    new_texts: dict[str, str] = field(default_factory=dict)  # path -> text after fixing
    applied: list[AppliedFix] = field(default_factory=list)
    resolved: list[ResolvedFinding] = field(default_factory=list)
    shown: dict[str, str] = field(default_factory=dict)  # rel -> path as the user sees it
    job: Job | None = None
    request: Request | None = None

    @property
    def writes(self) -> dict[str, tuple[bytes, bool]]:
        """path -> (bytes, created) for every change."""
        return {change.shown: (change.data, change.old is None) for change in self.changes}

    @cached_property
    def _annotated(self) -> tuple[list[str], list[AppliedFix]]:
        if not self.changes and not self.applied:  # a check: no diff (nor fixer.diff)
            return [], []
        olds = {c.rel: c.old for c in self.changes}
        news = {c.rel: c.new for c in self.changes}
        from fixer.diff import annotated_diffs

        return annotated_diffs(olds, news, self.applied, self._show)

    def _show(self, rel: str) -> str:
        return self.shown.get(rel, rel)

    @property
    def diffs(self) -> list[str]:
        """The diff of each changed file, hunks annotated with the fixes that made them."""
        return self._annotated[0]

    @property
    def fixes(self) -> list[AppliedFix]:
        """The fixes applied, paths as shown, each with its own hunks."""
        return self._annotated[1]


def codemods_for(settings: Settings) -> tuple[CodemodClass, ...]:
    from fixer.registry import select_codemods

    return select_codemods(settings.select, settings.ignore)


def process_target(
    target: Target,
    request: Request,
    cache: ProjectCache | None = None,
    prepare: Prepare | None = None,
) -> TargetResult:
    """Check or fix one target; never raises for problems in the input. A check runs
    part by part (`fixer.parts`), with the parts `cache` holds read from it; `prepare`
    readies the files each of its runs reads (`fixer.parallel.prepare`)."""
    if request.mode == "check":
        from fixer.parts import check_pieces

        return assemble_check(target, request, check_pieces(target, request, cache, prepare))
    from fixer.registry import find_codemod
    from fixer.runner import fix
    from fixer.selection import FixScope

    result = _new_result(target, request)
    shown_selected = _shown_selected(target)
    for error in target.errors:
        _add_error(result, error, shown_selected)
    for rel, source in target.files.items():
        link = target.linked.get(rel)
        if link is not None and link.twin is not None:
            continue  # the twin's error says it, under the file's own path
        if source.is_hcl and source.error is not None:
            error = source.error
            shown = target.display_path(rel)
            _add_error(
                result, FileError(shown, error.line, error.column, error.message), shown_selected
            )
    # Files that do not parse are left out of the run, so nothing ever rewrites them.
    files = {rel: s for rel, s in target.files.items() if not (s.is_hcl and s.error)}
    linked = unformatted(target.linked)
    protected = unwritable(target.linked, target.display_path)
    scope = FixScope(target.selected, protected)
    # Fixes change the texts from pass to pass: every codemod runs.
    codemods = tuple(c for code in request.codemod_codes if (c := find_codemod(code)))
    allowed = Applicability.UNSAFE if request.settings.unsafe_fixes else Applicability.SAFE
    outcome = fix(
        files,
        codemods,
        request.settings,
        allowed,
        frozenset(target.paths),
        only=scope.accepts,
        ignored=frozenset(target.ignored),
        linked=linked,
    )
    if request.mode == "dry-run":  # nothing is written: locate findings on disk
        outcome.findings = outcome.findings_on_original(files)
    outcome.findings = as_reported(outcome.findings, target.linked, protected)
    _collect(target, outcome, result, scope)
    result.notes.extend(link_notes(target.linked, target.display_path, target.selects))
    if not request.format_only:  # formatting reads no module, outside or not
        result.skipped.extend(outside_notes(target, files))
    from fixer.stdin import StdinTarget

    reason = "which {verb} not named on the command line"
    if isinstance(target, StdinTarget):
        reason = "and `fixer fix -` outputs only the buffer read from stdin"
    result.notes.extend(scope.held_back_notes(target.display_path, allowed, reason))
    kept = {(f.code, f.path, f.span, f.message) for f in outcome.findings}
    result.notes.extend(
        scope.link_notes(
            target.display_path, allowed, lambda f: (f.code, f.path, f.span, f.message) in kept
        )
    )
    _stale_temporaries(target, result, request.mode)
    return result


def assemble_check(target: Target, request: Request, pieces: list[Piece]) -> TargetResult:
    """The result of a check from its pieces (`fixer.parts`), as one run over the whole
    project gives it: findings in the run's order, errors, notes and skipped files."""
    from fixer.runner import Outcome
    from fixer.selection import FixScope

    result = _new_result(target, request)
    shown_selected = _shown_selected(target)
    for error in target.errors:
        _add_error(result, error, shown_selected)
    parse_errors = {rel: error for piece in pieces for rel, error in piece.parse_errors.items()}
    for rel, source in target.files.items():
        link = target.linked.get(rel)
        if link is not None and link.twin is not None:
            continue  # the twin's error says it, under the file's own path
        if source.is_hcl and rel in parse_errors:
            line, column, message = parse_errors[rel]
            shown = target.display_path(rel)
            _add_error(result, FileError(shown, line, column, message), shown_selected)
    findings = [finding for piece in pieces for finding in piece.findings]
    findings.sort(key=Finding.sort_key)  # each file's findings are in one piece, in order
    protected = unwritable(target.linked, target.display_path)
    findings = as_reported(findings, target.linked, protected)
    outcome = Outcome(findings=findings, errors=[e for piece in pieces for e in piece.errors])
    _collect(target, outcome, result, FixScope(target.selected, protected))
    result.notes.extend(link_notes(target.linked, target.display_path, target.selects))
    if not request.format_only:  # formatting reads no module, outside or not
        outside = [note for piece in pieces for note in piece.outside]
        outside.sort(key=lambda note: note[0])  # by module, as the model orders them
        result.skipped.extend((shown, note) for _, shown, note in outside)
    _stale_temporaries(target, result, request.mode)
    return result


def _new_result(target: Target, request: Request) -> TargetResult:
    selected = target.selected
    return TargetResult(
        job=Job(target.root, target.display, None if selected is None else frozenset(selected)),
        request=request,
    )


def _shown_selected(target: Target) -> set[str] | None:
    if target.selected is None:
        return None
    return {target.display_path(rel) for rel in target.selected}


def outside_notes(target: Target, files: dict[str, SourceFile]) -> list[tuple[str, str]]:
    """Local modules called from the path that lie outside it (`../../modules/stack`):
    their code is not read, so their findings are not reported; say so."""
    return [(shown, note) for _, shown, note in outside_calls(target, files)]


def outside_calls(target: Target, files: Mapping[str, SourceFile]) -> list[tuple[str, str, str]]:
    """`outside_notes` with the file of each call: (caller file, path shown, note)."""
    callers = {
        rel: s
        for rel, s in files.items()
        if s.kind == "tf" and ("../" in s.text or "..\\" in s.text)
    }
    if not callers:
        return []
    from fixer.model.project import build_project

    notes = []
    # Only files naming a parent directory can call a module outside: their model is enough.
    for call, path in build_project(callers).outside_calls():
        if not target.selects(call.file.rel):  # with files named, only their calls
            continue
        shown = posixpath.normpath(target.display_path(path))
        where = target.display_path(call.file.rel)
        line = call.file.lines.position(call.block.start).line
        notes.append(
            (
                call.file.rel,
                shown,
                f"module.{call.name} ({where}:{line}) calls it, outside the path given: its "
                "code is not checked; run fixer on a directory that holds both",
            )
        )
    return notes


def _add_error(result: TargetResult, error: FileError, selected: set[str] | None) -> None:
    """An input error; about a file not named, it is a note (the named files were still
    checked, with what could be read)."""
    if selected is None or error.path in selected:
        result.errors.append(error)
        return
    where = f"{error.path}:{error.line}:{error.column}" if error.has_position else error.path
    result.notes.append(f"{where}: not analysed: {error.message}")


def _collect(target: Target, outcome: Outcome, result: TargetResult, scope: FixScope) -> None:
    from fixer.syntax.source import DecodedSource

    show = functools.cache(target.display_path)  # a path once, not once per finding
    for finding in outcome.findings:
        if target.selects(finding.path):
            result.findings.append(relocate(finding, target, show))
    for error in outcome.errors:
        path = error.path if error.path != "." else target.display
        result.errors.append(replace(error, path=path))
    result.fixed = outcome.fixed
    result.resolved = [
        ResolvedFinding(
            relocate(item.finding, target, show),
            tuple(replace(ref, path=target.display_path(ref.path)) for ref in item.by),
        )
        for item in outcome.resolved
        if target.selects(item.finding.path)
    ]
    result.fixed_unsafe = outcome.fixed_unsafe
    result.skipped = [
        (target.display_path(rel), reason)
        for rel, reason in target.skipped
        if target.selects(rel)  # with files named, notes about other files are noise
    ]
    # The original texts the reports need: files with findings, the files their fixes
    # change, and the files this run changed (to locate the applied fixes' hunks).
    mentioned = {finding.path for finding in outcome.findings if target.selects(finding.path)}
    for finding in outcome.findings:
        if finding.fix is not None and finding.path in mentioned:
            mentioned |= finding.fix.paths
    mentioned |= set(outcome.texts)
    mentioned |= {
        item.finding.path for item in outcome.resolved if target.selects(item.finding.path)
    }
    real_root = os.path.realpath(target.root)
    for rel in sorted(outcome.texts):
        old = target.files.get(rel)
        shown = target.display_path(rel)
        if not target.selects(rel):  # never happens: the fix scope holds such fixes back
            result.errors.append(
                FileError(shown, 0, 0, "Not written: a fix changed this file, which was not named")
            )
            continue
        new_text = outcome.texts[rel]
        data = DecodedSource(new_text, old is not None and old.bom).encode()
        state = target.states.get(rel)
        real = state.path if state is not None else os.path.join(real_root, *rel.split("/"))
        old_text = None if old is None else old.text
        result.changes.append(FileChange(shown, rel, real, old_text, new_text, data, state))
        result.new_texts[shown] = new_text
    result.applied = outcome.applied_fixes
    for applied in outcome.applied_fixes:
        for path in (applied.path, *(p for p, _, _ in applied.edited), *applied.created):
            result.shown.setdefault(path, target.display_path(path))
    for change in result.changes:
        result.shown[change.rel] = change.shown
    result.groups = [
        frozenset(target.display_path(rel) for rel in group) for group in scope.groups()
    ]
    for rel in mentioned:
        source = target.files.get(rel)
        if source is not None:
            result.originals[target.display_path(rel)] = source.text


def _stale_temporaries(target: Target, result: TargetResult, mode: str) -> None:
    """Temporary files of interrupted runs beside selected files: noted when checking,
    removed by the writes (`fixer.write_back`)."""
    from fixer.tempfiles import parse_temp_name

    real_root = os.path.realpath(target.root)
    for rel in target.stale:
        parsed = parse_temp_name(posixpath.basename(rel))
        owner = posixpath.join(posixpath.dirname(rel), parsed.target) if parsed else rel
        if not target.selects(owner):
            continue
        shown = target.display_path(rel)
        result.stale.append((shown, os.path.join(real_root, *rel.split("/"))))
        if mode in ("check", "dry-run"):
            result.notes.append(
                f"{shown}: temporary file of an interrupted fixer run "
                "(`fixer fix` or `fixer fmt` removes it)"
            )


def relocate(finding: Finding, target: Target, show: Callable[[str], str] | None = None) -> Finding:
    """The finding with every path (its own and its fix's) as the user sees it (`show`:
    `target.display_path`, memoized by the caller)."""
    show = show or target.display_path
    fix_ = finding.fix
    if fix_ is not None:
        changes = tuple(replace(change, path=show(change.path)) for change in fix_.changes)
        fix_ = replace(fix_, changes=changes)  # every other field (provides, requires) kept
    return replace(finding, path=show(finding.path), fix=fix_)


def _work(item: tuple[Job, Request, int]) -> TargetResult:
    from fixer.pipeline import run_project

    return run_project(*item)


def run(
    paths: list[str],
    request: Request,
    jobs: int,
    progress: Callable[[int, int], None] | None = None,
) -> list[TargetResult]:
    """Process every path: each directory is a project root; files are analysed within
    their project (`fixer.project_root`), each project once; `progress(done, total)` is
    called as projects finish. A path that does not exist raises
    `fixer.project_root.UsageError`."""
    jobs_of = plan(paths)
    inner = jobs if len(jobs_of) == 1 else 1  # one project: its files over the processes
    items = [(job, request, inner) for job in jobs_of]
    if jobs <= 1 or len(items) <= 1:
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
