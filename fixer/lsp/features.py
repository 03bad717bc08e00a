"""The LSP methods the server answers: document sync, watched files, code actions and their
commands, formatting, hover."""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from lsprotocol import types

from fixer.lsp import commands, pull
from fixer.lsp.actions import (
    APPLY_FIX_COMMAND,
    FIX_ALL_COMMAND,
    FIX_ALL_KIND,
    FIX_WORKSPACE_COMMAND,
    FIX_WORKSPACE_KIND,
    code_actions,
    resolve_fix_all,
)
from fixer.lsp.diagnostics import finding_extent
from fixer.lsp.formatting import formatting_edits
from fixer.lsp.hover import hover_markdown
from fixer.lsp.server import FixerServer, describe

# Files whose changes on disk can change findings (when the client watches for us).
WATCHED = (
    "**/*.{tf,tfvars,hcl,md,markdown,sh,bash}",
    "**/README*",
    "**/{.fixer.toml,pyproject.toml,.gitignore}",
)
# `textDocument/rename` and `prepareRename` go here, on the rename engine (`fixer mv`).

F = TypeVar("F", bound=Callable[..., Any])


def _guarded(handler: F) -> F:
    """Log, never raise: an error in one document must not stop the server."""

    @functools.wraps(handler)
    def wrapper(server: FixerServer, params: Any) -> Any:
        try:
            return handler(server, params)
        except Exception as error:
            server.log(f"{handler.__name__} failed: {describe(error)}", types.MessageType.Error)
            return None

    return wrapper  # type: ignore[return-value]


def _command(
    server: FixerServer, name: str, run: Callable[[FixerServer, Any], Awaitable[Any]]
) -> None:
    @server.command(name)
    async def handler(ls: FixerServer, *arguments: Any) -> Any:
        return await run(ls, list(arguments))


def create_server() -> FixerServer:
    """A server with every feature registered."""
    server = FixerServer()

    @server.feature(types.INITIALIZED)
    @_guarded
    def initialized(ls: FixerServer, params: types.InitializedParams) -> None:
        ls.scan_workspace()
        workspace = ls.client_capabilities.workspace
        watched = workspace.did_change_watched_files if workspace else None
        if watched is None or not watched.dynamic_registration:
            return
        options = types.DidChangeWatchedFilesRegistrationOptions(
            watchers=[types.FileSystemWatcher(glob_pattern=g) for g in WATCHED]
        )
        registration = types.Registration(
            id="fixer-watched-files",
            method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
            register_options=options,
        )
        ls.client_register_capability(types.RegistrationParams(registrations=[registration]))

    @server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    @_guarded
    def watched_files_changed(ls: FixerServer, params: types.DidChangeWatchedFilesParams) -> None:
        ls.files_changed([change.uri for change in params.changes])

    @server.feature(types.WORKSPACE_DID_CHANGE_WORKSPACE_FOLDERS)
    @_guarded
    def folders_changed(ls: FixerServer, params: types.DidChangeWorkspaceFoldersParams) -> None:
        ls.scan_workspace()

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    @_guarded
    def did_open(ls: FixerServer, params: types.DidOpenTextDocumentParams) -> None:
        item = params.text_document
        document = ls.open(item.uri, item.text, item.version, item.language_id)
        ls.schedule(ls.key(document), immediate=True)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    @_guarded
    def did_change(ls: FixerServer, params: types.DidChangeTextDocumentParams) -> None:
        uri = params.text_document.uri
        text = ls.workspace.get_text_document(uri).source
        document = ls.open(uri, text, params.text_document.version)
        ls.schedule(ls.key(document))

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    @_guarded
    def did_save(ls: FixerServer, params: types.DidSaveTextDocumentParams) -> None:
        document = ls.documents.get(params.text_document.uri)
        if document is not None:
            ls.schedule(ls.key(document), immediate=True)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    @_guarded
    def did_close(ls: FixerServer, params: types.DidCloseTextDocumentParams) -> None:
        document = ls.documents.pop(params.text_document.uri, None)
        key = ls.key(document) if document is not None else None
        ls.clear(params.text_document.uri, key)
        if document is not None and key is not None:
            if ls.documents_of(key):
                ls.schedule(key, immediate=True)
            else:
                ls.analyses.pop(key, None)
                ls.analyse(key)  # no document left: the root goes to the background

    @server.feature(
        types.TEXT_DOCUMENT_CODE_ACTION,
        types.CodeActionOptions(
            code_action_kinds=[types.CodeActionKind.QuickFix, FIX_ALL_KIND, FIX_WORKSPACE_KIND],
            resolve_provider=True,
        ),
    )
    @_guarded
    def code_action(ls: FixerServer, params: types.CodeActionParams) -> list[types.CodeAction]:
        document = ls.documents.get(params.text_document.uri)
        analysis = ls.current(document) if document is not None else None
        if document is None or analysis is None or analysis.rel(document) is None:
            return []
        request = ls.request(document, analysis, params.range, params.context.only)
        return code_actions(analysis, request, ls.log_once)

    @server.feature(types.CODE_ACTION_RESOLVE)
    @_guarded
    def resolve(ls: FixerServer, action: types.CodeAction) -> types.CodeAction:
        data = action.data if isinstance(action.data, dict) else {}
        if action.kind != FIX_ALL_KIND or action.edit is not None:
            return action
        document = ls.documents.get(str(data.get("uri")))
        analysis = ls.current(document) if document is not None else None
        if document is None or analysis is None or analysis.rel(document) is None:
            return action
        whole = types.Range(types.Position(0, 0), types.Position(0, 0))
        return resolve_fix_all(
            action, analysis, ls.request(document, analysis, whole, None), ls.log_once
        )

    pull.register(server)
    _command(server, APPLY_FIX_COMMAND, commands.apply_fix)
    _command(server, FIX_ALL_COMMAND, commands.fix_all)
    _command(server, FIX_WORKSPACE_COMMAND, commands.fix_workspace)

    @server.feature(types.TEXT_DOCUMENT_FORMATTING)
    @_guarded
    def formatting(
        ls: FixerServer, params: types.DocumentFormattingParams
    ) -> list[types.TextEdit] | None:
        document = ls.documents.get(params.text_document.uri)
        if document is None or not document.is_hcl:
            return None
        return formatting_edits(document, ls.encoding)

    @server.feature(types.TEXT_DOCUMENT_HOVER)
    @_guarded
    def hover(ls: FixerServer, params: types.HoverParams) -> types.Hover | None:
        document = ls.documents.get(params.text_document.uri)
        analysis = ls.current(document) if document is not None else None
        rel = analysis.rel(document) if analysis is not None and document is not None else None
        if analysis is None or rel is None or rel not in analysis.findings:
            return None
        positions = analysis.positions(rel, ls.encoding)
        offset = positions.offset(params.position)
        hits = []
        for finding in analysis.findings[rel]:
            start, end = finding_extent(finding, positions)
            if start <= offset <= end:
                hits.append((finding, positions.range(start, end)))
        if not hits:
            return None
        text = "\n\n---\n\n".join(hover_markdown(f, analysis.codemod(f.code)) for f, _ in hits)
        return types.Hover(
            contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value=text),
            range=hits[0][1],
        )

    from fixer.lsp.rename import register_rename

    register_rename(server)
    return server
