"""Code actions: a quick fix per fixable finding, a suppression comment, and fix-all."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from lsprotocol import types

from fixer.findings import Applicability, Change, Finding, TextEdit
from fixer.lsp.analysis import Analysis
from fixer.lsp.diagnostics import finding_diagnostic, finding_extent
from fixer.lsp.edits import EditSupport, NeedsServer, Unsupported, text_changes, workspace_edit
from fixer.lsp.offers import needed_by, offer, offered_applicability
from fixer.lsp.suppress import file_suppression_edit, suppression_edit
from fixer.runner import fix

FIX_ALL_KIND = "source.fixAll.fixer"
FIX_ALL_TITLE = "Fix all safe fixes (fixer)"
FIX_WORKSPACE_KIND = "source.fixer.fixAllWorkspace"
FIX_WORKSPACE_TITLE = "Fix all safe fixes in the workspace (fixer)"
# Commands (workspace/executeCommand): the server applies these through workspace/applyEdit.
APPLY_FIX_COMMAND = "fixer.applyFix"
FIX_ALL_COMMAND = "fixer.fixAll"
FIX_WORKSPACE_COMMAND = "fixer.fixAllWorkspace"
COMMANDS = (APPLY_FIX_COMMAND, FIX_ALL_COMMAND, FIX_WORKSPACE_COMMAND)

Log = Callable[[str], None]


@dataclass(frozen=True)
class Request:
    """What the client asked for: a range of a document, the kinds it wants, how to edit."""

    uri: str
    rel: str
    start: int
    end: int
    only: Sequence[str] | None
    support: EditSupport
    encoding: str
    resolve_edits: bool  # the client resolves `edit` lazily (codeAction/resolve)

    def wants(self, kind: str) -> bool:
        return self.only is None or any(kind == k or kind.startswith(k + ".") for k in self.only)


def code_actions(analysis: Analysis, request: Request, log: Log) -> list[types.CodeAction]:
    """Quick fixes and suppressions for the findings in the range, then fix-all (the
    file's, and the workspace's as a command)."""
    positions = analysis.positions(request.rel, request.encoding)
    findings = [
        finding
        for finding in analysis.findings.get(request.rel, ())
        if _overlaps(finding_extent(finding, positions), request.start, request.end)
    ]
    actions: list[types.CodeAction] = []
    if request.wants(types.CodeActionKind.QuickFix):
        suppressions: list[types.CodeAction] = []
        seen: set[tuple[str, int]] = set()
        for finding in findings:
            diagnostic = finding_diagnostic(
                finding,
                positions,
                analysis.codemod(finding.code),
                offered_applicability(analysis, finding),
            )
            quick = _quick_fix(analysis, finding, diagnostic, request, log)
            if quick is not None:
                actions.append(quick)
            suppressions.extend(_suppressions(analysis, finding, diagnostic, request, seen))
        actions.extend(suppressions)
    if request.wants(FIX_ALL_KIND) and any(
        offered_applicability(analysis, f) == Applicability.SAFE
        for f in analysis.findings.get(request.rel, ())
    ):
        action = types.CodeAction(title=FIX_ALL_TITLE, kind=FIX_ALL_KIND)
        if request.resolve_edits:
            action.data = {"uri": request.uri}
        else:
            resolve_fix_all(action, analysis, request, log)
        if action.data is not None or action.edit is not None or action.command is not None:
            actions.append(action)
    if request.wants(FIX_WORKSPACE_KIND) and request.support.apply_edit:
        actions.append(
            types.CodeAction(
                title=FIX_WORKSPACE_TITLE,
                kind=FIX_WORKSPACE_KIND,
                command=types.Command(
                    title=FIX_WORKSPACE_TITLE, command=FIX_WORKSPACE_COMMAND, arguments=[]
                ),
            )
        )
    return actions


def resolve_fix_all(
    action: types.CodeAction, analysis: Analysis, request: Request, log: Log
) -> types.CodeAction:
    """Fill in fix-all: its edit, or, when it creates files the client cannot create,
    the command that has the server apply it."""
    changes = fix_all_changes(analysis, lambda rel: rel == request.rel, request.support, log)
    if not changes:
        return action
    try:
        action.edit = workspace_edit(analysis, changes, request.support, request.encoding)
    except NeedsServer:
        action.command = types.Command(
            title=FIX_ALL_TITLE, command=FIX_ALL_COMMAND, arguments=[{"uri": request.uri}]
        )
    except Unsupported as reason:
        log(f"fix all left out: {reason}")
    return action


def fix_all_changes(
    analysis: Analysis, owned: Callable[[str], bool], support: EditSupport, log: Log
) -> list[Change]:
    """Every safe fix of the findings in the files `owned` accepts, with the safe fixes
    they require wherever their findings are (`Fix.requires`: as their quick fixes),
    applied to a fixed point in memory as `fixer fix` applies them, as minimal changes;
    fixes creating files are kept only when the client or the server (through
    `workspace/applyEdit`) can create them."""
    can_create = support.create_files or support.apply_edit
    needed = needed_by(analysis, lambda f: owned(f.path), Applicability.SAFE)

    def accepted(finding: Finding) -> bool:
        fix_ = finding.fix
        if not owned(finding.path) and not (fix_ is not None and fix_.provides & needed):
            return False
        if fix_ is not None and not fix_.paths.isdisjoint(analysis.unwritable):
            return False  # a file read through a link, or one other modules read so
        return fix_ is None or not fix_.creations or can_create

    outcome = fix(
        analysis.files,
        analysis.codemods,
        analysis.settings,
        Applicability.SAFE,
        analysis.paths,
        only=accepted,
        ignored=analysis.ignored,
        linked=analysis.linked,
    )
    for error in outcome.errors:
        log(f"fix all: {error.message}")
    return text_changes(analysis, outcome.texts, outcome.created)


def _quick_fix(
    analysis: Analysis,
    finding: Finding,
    diagnostic: types.Diagnostic,
    request: Request,
    log: Log,
) -> types.CodeAction | None:
    offered = offer(analysis, finding, log)
    if offered is None:
        return None
    fix_ = offered.fix
    safe = offered.applicability == Applicability.SAFE
    action = types.CodeAction(
        title=offered.title + ("" if safe else " (unsafe)"),
        kind=types.CodeActionKind.QuickFix,
        diagnostics=[diagnostic],
        is_preferred=safe,
    )
    try:
        action.edit = workspace_edit(analysis, offered.changes, request.support, request.encoding)
    except NeedsServer as reason:
        if not request.support.apply_edit:
            log(f"{finding.code} fix '{fix_.title}' not offered: {reason}, or workspace.applyEdit")
            return None
        action.command = types.Command(
            title=action.title,
            command=APPLY_FIX_COMMAND,
            arguments=[fix_reference(finding, request.uri)],
        )
    except Unsupported as reason:
        log(f"{finding.code} fix '{fix_.title}' not offered: {reason}")
        return None
    return action


def fix_reference(finding: Finding, uri: str) -> dict[str, object]:
    """What names a finding's fix in a command's arguments (`find_finding` finds it again):
    the document it was offered in, the finding's file, code, place and fix title."""
    assert finding.fix is not None
    return {
        "uri": uri,
        "path": finding.path,
        "code": finding.code,
        "title": finding.fix.title,
        "start": finding.span.start,
        "end": finding.span.end,
    }


def find_finding(analysis: Analysis, reference: dict[str, object]) -> Finding | None:
    """The finding whose fix a `fix_reference` names, in a (possibly newer) analysis: same
    file, code and fix title, at the same place if it is still there, else the only one."""
    candidates = [
        f
        for f in analysis.findings.get(str(reference.get("path")), ())
        if f.fix is not None
        and f.code == reference.get("code")
        and f.fix.title == reference.get("title")
    ]
    for finding in candidates:
        if (finding.span.start, finding.span.end) == (reference.get("start"), reference.get("end")):
            return finding
    return candidates[0] if len(candidates) == 1 else None


def _suppressions(
    analysis: Analysis,
    finding: Finding,
    diagnostic: types.Diagnostic,
    request: Request,
    seen: set[tuple[str, int]],
) -> list[types.CodeAction]:
    """ "Ignore CODE for this block/attribute" and "Ignore CODE in this file"."""
    source = analysis.files.get(request.rel)
    if source is None:
        return []
    made: list[tuple[TextEdit, str]] = []
    item = suppression_edit(source, finding)
    if item is not None:
        made.append((item[0], f"Ignore {finding.code} for this {item[1]}"))
    whole = file_suppression_edit(source, finding.code)
    if whole is not None:
        made.append((whole, f"Ignore {finding.code} in this file"))
    actions = []
    for edit, title in made:
        if (title, edit.start) in seen:
            continue
        seen.add((title, edit.start))
        actions.append(
            types.CodeAction(
                title=title,
                kind=types.CodeActionKind.QuickFix,
                diagnostics=[diagnostic],
                edit=workspace_edit(analysis, [edit], request.support, request.encoding),
            )
        )
    return actions


def _overlaps(extent: tuple[int, int], start: int, end: int) -> bool:
    return extent[0] <= end and start <= extent[1]
