"""Code actions: a quick fix per fixable finding, a suppression comment, and fix-all."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from lsprotocol import types

from fixer.findings import Applicability, Change, Finding, TextEdit
from fixer.lsp.analysis import Analysis
from fixer.lsp.diagnostics import finding_diagnostic, finding_extent
from fixer.lsp.edits import EditSupport, Unsupported, text_changes, workspace_edit
from fixer.lsp.suppress import file_suppression_edit, suppression_edit
from fixer.runner import fix

FIX_ALL_KIND = "source.fixAll.fixer"
FIX_ALL_TITLE = "Fix all safe fixes (fixer)"

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
    """Quick fixes and suppressions for the findings in the range, then fix-all."""
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
            diagnostic = finding_diagnostic(finding, positions, analysis.codemod(finding.code))
            quick = _quick_fix(analysis, finding, diagnostic, request, log)
            if quick is not None:
                actions.append(quick)
            suppressions.extend(_suppressions(analysis, finding, diagnostic, request, seen))
        actions.extend(suppressions)
    if request.wants(FIX_ALL_KIND) and any(
        _safe(f) for f in analysis.findings.get(request.rel, ())
    ):
        action = types.CodeAction(title=FIX_ALL_TITLE, kind=FIX_ALL_KIND)
        if request.resolve_edits:
            action.data = {"uri": request.uri}
        else:
            action.edit = fix_all_edit(analysis, request, log)
        if action.data is not None or action.edit is not None:
            actions.append(action)
    return actions


def fix_all_edit(analysis: Analysis, request: Request, log: Log) -> types.WorkspaceEdit | None:
    """Every safe fix of the document's findings, applied to a fixed point in memory and
    turned into minimal edits; fixes the client cannot apply are left out."""
    rel, support = request.rel, request.support

    def accepted(finding: Finding) -> bool:
        """Findings of this file, whose fix (if any) the client can apply."""
        fix_ = finding.fix
        if finding.path != rel or fix_ is None:
            return finding.path == rel
        if fix_.creations and not support.create_files:
            return False
        return support.document_changes or fix_.paths <= {rel}

    outcome = fix(
        analysis.files,
        analysis.codemods,
        analysis.settings,
        Applicability.SAFE,
        analysis.paths,
        only=accepted,
        ignored=analysis.ignored,
    )
    for error in outcome.errors:
        log(f"fix all: {error.message}")
    changes: list[Change] = text_changes(analysis, outcome.texts, outcome.created)
    if not changes:
        return None
    try:
        return workspace_edit(analysis, changes, support, request.encoding)
    except Unsupported as reason:  # pragma: no cover - `accepted` keeps these out
        log(f"fix all left out: {reason}")
        return None


def _quick_fix(
    analysis: Analysis,
    finding: Finding,
    diagnostic: types.Diagnostic,
    request: Request,
    log: Log,
) -> types.CodeAction | None:
    fix_ = finding.fix
    if fix_ is None or not finding.fixable:
        return None
    try:
        edit = workspace_edit(analysis, fix_.changes, request.support, request.encoding)
    except Unsupported as reason:
        log(f"{finding.code} fix '{fix_.title}' not offered: {reason}")
        return None
    safe = fix_.applicability == Applicability.SAFE
    return types.CodeAction(
        title=f"{finding.code}: {fix_.title}" + ("" if safe else " (unsafe)"),
        kind=types.CodeActionKind.QuickFix,
        diagnostics=[diagnostic],
        is_preferred=safe,
        edit=edit,
    )


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


def _safe(finding: Finding) -> bool:
    return finding.fix is not None and finding.fix.applicability == Applicability.SAFE
