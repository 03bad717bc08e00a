"""A real `fixer lsp` process driven over stdio by pygls's LanguageClient, for tests and benchmarks."""

from __future__ import annotations

import asyncio
import os
import sys
import time
from collections.abc import Awaitable, Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar, Union

from lsprotocol import types
from pygls.lsp.client import LanguageClient

T = TypeVar("T")
TIMEOUT = 30.0


def capabilities(
    encodings: Sequence[str] | None = None,
    document_changes: bool = True,
    create_files: bool = True,
    resolve_edits: bool = False,
    watch_files: bool = False,
    apply_edit: bool = True,
    pull: bool = False,
    pull_documents: bool | None = None,
) -> types.ClientCapabilities:
    """Client capabilities with the knobs the server looks at: `pull` as VS Code pulls
    diagnostics (documents and workspace, with refresh), `pull_documents` alone as
    Neovim 0.10+ pulls them (documents only)."""
    documents = pull if pull_documents is None else pull_documents
    operations = [types.ResourceOperationKind.Create] if create_files else []
    return types.ClientCapabilities(
        general=types.GeneralClientCapabilities(
            position_encodings=[types.PositionEncodingKind(e) for e in encodings]
        )
        if encodings
        else None,
        workspace=types.WorkspaceClientCapabilities(
            apply_edit=apply_edit,
            workspace_edit=types.WorkspaceEditClientCapabilities(
                document_changes=document_changes, resource_operations=operations
            ),
            did_change_watched_files=types.DidChangeWatchedFilesClientCapabilities(
                dynamic_registration=watch_files
            ),
            diagnostics=types.DiagnosticWorkspaceClientCapabilities(refresh_support=True)
            if pull
            else None,
        ),
        text_document=types.TextDocumentClientCapabilities(
            code_action=types.CodeActionClientCapabilities(
                resolve_support=types.ClientCodeActionResolveOptions(properties=["edit"])
                if resolve_edits
                else None
            ),
            publish_diagnostics=types.PublishDiagnosticsClientCapabilities(version_support=True),
            diagnostic=types.DiagnosticClientCapabilities(dynamic_registration=False)
            if documents
            else None,
        ),
    )


class Session:
    """One server process: what it published and logged, and helpers to talk to it."""

    def __init__(self, client: LanguageClient) -> None:
        self.client = client
        self.published: list[types.PublishDiagnosticsParams] = []
        self.logs: list[str] = []
        self.encoding = "utf-16"
        self.arrivals: list[tuple[float, types.PublishDiagnosticsParams]] = []
        self.registrations: list[types.Registration] = []
        self.buffers: dict[str, tuple[str, int]] = {}  # open documents: text, version
        self.shown: list[str] = []  # window/showMessage: pop-ups the user would see
        self.applied: list[types.ApplyWorkspaceEditParams] = []
        self.refreshes = 0  # workspace/diagnostic/refresh requests
        self.server_capabilities: types.ServerCapabilities | None = None

    async def wait(self, ready: Callable[[], T | None], timeout: float = TIMEOUT) -> T:
        deadline = time.monotonic() + timeout
        while True:
            value = ready()
            if value is not None:
                return value
            if time.monotonic() > deadline:
                raise TimeoutError(f"timed out; logs: {self.logs[-5:]}")
            await asyncio.sleep(0.002)

    def latest(self, uri: str) -> types.PublishDiagnosticsParams | None:
        for params in reversed(self.published):
            if params.uri == uri:
                return params
        return None

    async def diagnostics(self, uri: str, version: int | None = None) -> list[types.Diagnostic]:
        """The diagnostics published for the document (at `version`, when given)."""

        def ready() -> list[types.Diagnostic] | None:
            params = self.latest(uri)
            if params is None or (version is not None and params.version != version):
                return None
            return list(params.diagnostics)

        return await self.wait(ready)

    def open(
        self, path: Path, text: str | None = None, version: int = 1, language: str = "terraform"
    ) -> str:
        uri = path.as_uri()
        text = path.read_text() if text is None else text
        self.buffers[uri] = (text, version)
        self.client.text_document_did_open(
            types.DidOpenTextDocumentParams(
                text_document=types.TextDocumentItem(
                    uri=uri, language_id=language, version=version, text=text
                )
            )
        )
        return uri

    def close(self, uri: str) -> None:
        self.buffers.pop(uri, None)
        self.client.text_document_did_close(
            types.DidCloseTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=uri))
        )

    def apply(self, edit: types.WorkspaceEdit) -> None:
        """Apply an edit as an editor does: open buffers change (and the server is told),
        other files change on disk; created files are created empty first."""
        per_uri: list[tuple[str, list[Any]]] = []
        for change in edit.document_changes or []:
            if isinstance(change, types.CreateFile):
                path = Path(change.uri.removeprefix("file://"))
                assert not path.exists(), f"{path} exists"
                path.write_text("")
            elif isinstance(change, types.TextDocumentEdit):
                uri = change.text_document.uri
                expected = change.text_document.version
                if expected is not None and uri in self.buffers:
                    assert self.buffers[uri][1] == expected, "edit of another version"
                per_uri.append((uri, list(change.edits)))
        per_uri += [(uri, list(edits)) for uri, edits in (edit.changes or {}).items()]
        for uri, edits in per_uri:
            if uri in self.buffers:
                text, version = self.buffers[uri]
                self.change(uri, apply_text_edits(text, edits, self.encoding), version + 1)
            else:
                path = Path(uri.removeprefix("file://"))
                with path.open(newline="") as handle:
                    old = handle.read()
                with path.open("w", newline="") as handle:
                    handle.write(apply_text_edits(old, edits, self.encoding))

    def save_all(self) -> None:
        """Write every open buffer to its file (and tell the server)."""
        for uri, (text, _) in self.buffers.items():
            with Path(uri.removeprefix("file://")).open("w", newline="") as handle:
                handle.write(text)
            self.client.text_document_did_save(
                types.DidSaveTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=uri))
            )

    async def run_action(self, action: types.CodeAction) -> None:
        """Do what an editor does with a chosen action: resolve it when it has neither an
        edit nor a command, apply its edit, then execute its command."""
        if action.edit is None and action.command is None:
            action = await self.client.code_action_resolve_async(action)
        if action.edit is not None:
            self.apply(action.edit)
        if action.command is not None:
            await self.client.workspace_execute_command_async(
                types.ExecuteCommandParams(
                    command=action.command.command, arguments=action.command.arguments
                )
            )

    def change(self, uri: str, text: str, version: int) -> None:
        if uri in self.buffers:
            self.buffers[uri] = (text, version)
        self.client.text_document_did_change(
            types.DidChangeTextDocumentParams(
                text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
                content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)],
            )
        )

    async def actions(
        self, uri: str, rng: types.Range, only: Sequence[str] | None = None
    ) -> list[types.CodeAction]:
        result = await self.client.text_document_code_action_async(
            types.CodeActionParams(
                text_document=types.TextDocumentIdentifier(uri=uri),
                range=rng,
                context=types.CodeActionContext(diagnostics=[], only=list(only) if only else None),
            )
        )
        return [a for a in result or [] if isinstance(a, types.CodeAction)]


def server_command() -> list[str]:
    return [sys.executable, "-m", "fixer", "lsp"]


async def start(
    root: Path | None,
    caps: types.ClientCapabilities | None = None,
    env: dict[str, str] | None = None,
    log_file: Path | None = None,
) -> Session:
    client = LanguageClient("fixer-tests", "1")
    session = Session(client)

    @client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    def on_diagnostics(params: types.PublishDiagnosticsParams) -> None:
        session.published.append(params)
        session.arrivals.append((time.perf_counter(), params))

    @client.feature(types.WINDOW_LOG_MESSAGE)
    def on_log(params: types.LogMessageParams) -> None:
        session.logs.append(params.message)

    @client.feature(types.CLIENT_REGISTER_CAPABILITY)
    def on_register(params: types.RegistrationParams) -> None:
        session.registrations.extend(params.registrations)

    @client.feature(types.WINDOW_SHOW_MESSAGE)
    def on_show(params: types.ShowMessageParams) -> None:
        session.logs.append(params.message)
        session.shown.append(params.message)

    @client.feature(types.WORKSPACE_DIAGNOSTIC_REFRESH)
    def on_refresh(params: None) -> None:
        session.refreshes += 1

    @client.feature(types.WORKSPACE_APPLY_EDIT)
    def on_apply_edit(params: types.ApplyWorkspaceEditParams) -> types.ApplyWorkspaceEditResult:
        session.applied.append(params)
        session.apply(params.edit)
        return types.ApplyWorkspaceEditResult(applied=True)

    # lsprotocol structures any object with a "command" key as a Command, but a
    # CodeAction may carry a command object too (editors tell them by its type).
    def action_or_command(obj: Any, _: type) -> types.Command | types.CodeAction:
        kind = types.Command if isinstance(obj.get("command"), str) else types.CodeAction
        return converter.structure(obj, kind)

    converter = client.protocol._converter
    converter.register_structure_hook(
        Union[types.Command, types.CodeAction],  # noqa: UP007 - the key lsprotocol uses
        action_or_command,
    )

    command = server_command()
    if log_file is not None:
        command += ["--log-file", str(log_file)]
    await client.start_io(*command, env={**os.environ, **(env or {})})
    result = await asyncio.wait_for(
        client.initialize_async(
            types.InitializeParams(
                capabilities=caps or capabilities(),
                root_uri=root.as_uri() if root else None,
                workspace_folders=[types.WorkspaceFolder(uri=root.as_uri(), name=root.name)]
                if root
                else None,
            )
        ),
        TIMEOUT,
    )
    session.server_capabilities = result.capabilities
    encoding = result.capabilities.position_encoding
    session.encoding = str(getattr(encoding, "value", encoding) or "utf-16")
    client.initialized(types.InitializedParams())
    return session


async def stop(session: Session) -> None:
    client = session.client
    try:
        await asyncio.wait_for(client.shutdown_async(None), TIMEOUT)
        client.exit(None)
    finally:
        await asyncio.wait_for(client.stop(), TIMEOUT)


def run(
    scenario: Callable[[Session], Awaitable[T]],
    root: Path | None,
    caps: types.ClientCapabilities | None = None,
    env: dict[str, str] | None = None,
) -> T:
    """Start a server, run the scenario against it, shut it down; the scenario's result."""

    async def main() -> T:
        session = await start(root, caps, env)
        try:
            return await scenario(session)
        finally:
            await stop(session)

    return asyncio.run(main())


def whole(text: str) -> types.Range:
    """A range covering the whole text (in lines; characters past the end clamp)."""
    return types.Range(
        start=types.Position(line=0, character=0),
        end=types.Position(line=text.count("\n") + 1, character=0),
    )


def apply_text_edits(text: str, edits: Sequence[Any], encoding: str = "utf-16") -> str:
    """Apply LSP text edits to a text, the way a client does."""
    from fixer.lsp.positions import PositionMap

    positions = PositionMap(text, encoding)
    spans = sorted(
        (
            (positions.offset(e.range.start), positions.offset(e.range.end), e.new_text)
            for e in edits
        ),
        reverse=True,
    )
    for start, end, new in spans:
        text = text[:start] + new + text[end:]
    return text
