"""`textDocument/prepareRename` and `textDocument/rename`, with the engine of `fixer mv`.

A rename on a resource, data source, module call, variable, local or output (its
declaration or any reference to it) rewrites every reference in the project root, as
`fixer mv` does, and writes the moved block a resource or module call needs. The edit
uses `documentChanges` where the client supports them (new files too) and the plain
`changes` map elsewhere, where new blocks go into existing files instead.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from lsprotocol import types
from pygls.exceptions import JsonRpcException

from fixer.apply import with_newline
from fixer.discover import excluded
from fixer.lsp.edits import document_edit, file_uri
from fixer.model.files import file_kind

if TYPE_CHECKING:
    from fixer.lsp.analysis import Analysis, Document
    from fixer.refactor.engine import Refactoring

logger = logging.getLogger(__name__)

REQUEST_FAILED = -32803  # LSP's RequestFailed: the request was valid but could not be served
HCL_KINDS = ("tf", "tfvars", "tftest")


class RenameRefused(JsonRpcException):
    """A rename the user asked for that cannot be made; the client shows the message."""

    CODE = REQUEST_FAILED


def register_rename(server: Any) -> None:
    """Add the rename features to a FixerServer (and `renameProvider` with prepare)."""

    @server.feature(types.TEXT_DOCUMENT_PREPARE_RENAME)
    def prepare_rename(ls: Any, params: types.PrepareRenameParams) -> Any:
        return prepare(ls, params.text_document.uri, params.position)

    @server.feature(types.TEXT_DOCUMENT_RENAME, types.RenameOptions(prepare_provider=True))
    def rename(ls: Any, params: types.RenameParams) -> types.WorkspaceEdit:
        return rename_edit(ls, params.text_document.uri, params.position, params.new_name)


def _context(ls: Any, uri: str) -> tuple[Document, Analysis, str]:
    document = ls.documents.get(uri)
    if document is None:
        raise RenameRefused(f"{uri} is not open")
    analysis = ls.current(document)
    rel = analysis.rel(document) if analysis is not None else None
    if analysis is None or rel is None:
        raise RenameRefused("the document is not part of a project fixer can read")
    problem = analysis.problems.get(rel)
    if problem is not None:
        raise RenameRefused(f"the document does not parse: {problem.message}")
    return document, analysis, rel


def prepare(ls: Any, uri: str, position: types.Position) -> types.PrepareRenamePlaceholder | None:
    """The name under the cursor and its range, or None when nothing there renames."""
    from fixer.model.project import build_project
    from fixer.refactor.symbols import symbol_at

    _, analysis, rel = _context(ls, uri)
    positions = analysis.positions(rel, ls.encoding)
    offset = positions.offset(position)
    project = build_project(analysis.files, analysis.settings.model_config())
    symbol = symbol_at(project, rel, offset)
    if symbol is None:
        return None
    return types.PrepareRenamePlaceholder(
        range=positions.range(symbol.start, symbol.end), placeholder=symbol.name
    )


def rename_edit(ls: Any, uri: str, position: types.Position, new_name: str) -> types.WorkspaceEdit:
    """The workspace edit of a rename; raises RenameRefused with the engine's reason."""
    from fixer.links import unwritable_changes
    from fixer.refactor.engine import Refactoring, rename_at

    _, analysis, rel = _context(ls, uri)
    unreadable = _unreadable(analysis)
    if unreadable:
        raise RenameRefused(
            "every file must parse to find every reference; these do not: "
            + ", ".join(unreadable[:5])
            + (" ..." if len(unreadable) > 5 else "")
        )
    support = ls.edit_support
    offset = analysis.positions(rel, ls.encoding).offset(position)
    result = rename_at(
        analysis.files,
        rel,
        offset,
        new_name,
        analysis.settings.model_config(),
        can_create=support.create_files,
    )
    if not isinstance(result, Refactoring):
        raise RenameRefused(str(result))
    problems = unwritable_changes(result.texts, analysis.unwritable, str)
    if problems:
        raise RenameRefused(
            "the rename must change files fixer does not write: " + "; ".join(problems)
        )
    for note in result.notes:
        ls.log(f"rename: {note}", types.MessageType.Info)
    return workspace_edit(analysis, result, ls.encoding, support.document_changes)


def _unreadable(analysis: Analysis) -> list[str]:
    """HCL files of the root that the analysis could not use (open or on disk)."""
    missing = sorted(analysis.problems)
    for rel in sorted(analysis.paths):
        if (
            file_kind(rel) in HCL_KINDS
            and rel not in analysis.files
            and rel not in analysis.problems
            and not excluded(rel, analysis.settings.exclude)
        ):
            missing.append(rel)
    return missing


def workspace_edit(
    analysis: Analysis, result: Refactoring, encoding: str, document_changes: bool
) -> types.WorkspaceEdit:
    """The refactoring's new texts as line edits of the buffers (or files) the analysis
    saw: versioned `documentChanges` (creating files first) or the `changes` map."""
    from fixer.edits import line_edits

    per_uri: dict[str, list[types.TextEdit]] = {}
    creations: list[tuple[str, str]] = []
    versions: dict[str, int | None] = {}
    for rel, text in sorted(result.texts.items()):
        uri = _uri(analysis, rel)
        if rel in result.created:
            creations.append((uri, text))
            continue
        source = analysis.files[rel]
        positions = analysis.positions(rel, encoding)
        per_uri[uri] = [
            types.TextEdit(positions.range(e.start, e.end), with_newline(e.content, source.newline))
            for e in line_edits(source, text)
        ]
        document = analysis.documents.get(rel)
        versions[uri] = document.version if document is not None else None
    if not document_changes:
        return types.WorkspaceEdit(changes=per_uri)
    changes: list[Any] = []
    for uri, text in creations:
        changes.append(
            types.CreateFile(
                uri=uri, options=types.CreateFileOptions(overwrite=False, ignore_if_exists=False)
            )
        )
        start = types.Position(line=0, character=0)
        changes.append(document_edit(uri, None, [types.TextEdit(types.Range(start, start), text)]))
    for uri, edits in per_uri.items():
        changes.append(document_edit(uri, versions[uri], edits))
    return types.WorkspaceEdit(document_changes=changes)


def _uri(analysis: Analysis, rel: str) -> str:
    if analysis.documents.get(rel) is None and analysis.path(rel) is None:
        raise RenameRefused(f"{rel} is not a file on disk")
    return file_uri(analysis, rel)
