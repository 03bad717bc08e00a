"""Pull diagnostics (LSP 3.17) for clients that ask for them, such as VS Code.

A client that advertises `textDocument.diagnostic` and `workspace.diagnostics.refreshSupport`
pulls: the server declares `diagnosticProvider` (inter-file dependencies, workspace
diagnostics) and publishes nothing. Other clients (Neovim, which pulls documents but
never the workspace) are not told about pull diagnostics and get them pushed.

What an analysis would publish is kept here instead, per URI, with a result id that
changes when the diagnostics do:

- `textDocument/diagnostic` answers once the document's current version is checked
  (a check already waiting for a pause in typing is awaited, not run again), `unchanged`
  when the client already has that result;
- `workspace/diagnostic` answers with the files that are not open whose diagnostics
  differ from what the client reports having, and waits (long poll) while none do;
- when an open document's diagnostics change and the client has not asked for them (it
  may pull only on open), `workspace/diagnostic/refresh` tells it to pull again.
"""

from __future__ import annotations

import asyncio
import itertools
from dataclasses import dataclass
from typing import TYPE_CHECKING

from lsprotocol import types

if TYPE_CHECKING:
    from fixer.lsp.server import FixerServer

IDENTIFIER = "fixer"
OPTIONS = types.DiagnosticOptions(
    identifier=IDENTIFIER, inter_file_dependencies=True, workspace_diagnostics=True
)
# After a check, how long an open document's new diagnostics wait for the client to pull
# them before the server asks it to (clients that pull on change need no refresh).
REFRESH_DELAY = 0.05

DocumentReport = (
    types.RelatedFullDocumentDiagnosticReport | types.RelatedUnchangedDocumentDiagnosticReport
)
WorkspaceItem = (
    types.WorkspaceFullDocumentDiagnosticReport | types.WorkspaceUnchangedDocumentDiagnosticReport
)


def pulls(capabilities: types.ClientCapabilities | None) -> bool:
    """Whether the client pulls diagnostics, documents and workspace, and can be told
    to pull again (`workspace/diagnostic/refresh`)."""
    text = capabilities.text_document if capabilities else None
    workspace = capabilities.workspace if capabilities else None
    refresh = workspace.diagnostics if workspace else None
    return bool(text and text.diagnostic is not None and refresh and refresh.refresh_support)


@dataclass(frozen=True)
class Result:
    """The diagnostics of one URI as last checked, under an id naming them."""

    id: str
    version: int | None
    diagnostics: list[types.Diagnostic]


class PullDiagnostics:
    """The diagnostics a pulling client asks for: results by URI, waiting requests."""

    def __init__(self, server: FixerServer) -> None:
        self.server = server
        self.results: dict[str, Result] = {}
        self.delivered: dict[str, str] = {}  # URI -> result id last given for the document
        self._ids = itertools.count(1)
        self._pulling: set[str] = set()  # documents whose pull waits for a check
        self._closed: set[str] = set()  # closed documents: reported once even when empty
        self._changed: asyncio.Event | None = None  # set when an unopened file's result changes
        self._refresh: asyncio.TimerHandle | None = None

    # ------------------------------------------------------------ results

    def store(self, uri: str, version: int | None, diagnostics: list[types.Diagnostic]) -> None:
        """What would have been published for the URI."""
        current = self.results.get(uri)
        if current is not None and current.diagnostics == diagnostics:
            self.results[uri] = Result(current.id, version, current.diagnostics)
            return
        self.results[uri] = Result(str(next(self._ids)), version, diagnostics)
        if uri not in self.server.documents:
            self._wake()

    def forget(self, uri: str) -> None:
        """A document closed: what it had is the buffer's, no longer the file's; the file's
        come with the next check, and go to the client even when there are none."""
        self.results.pop(uri, None)
        self.delivered.pop(uri, None)
        self._closed.add(uri)

    # ------------------------------------------------------------ textDocument/diagnostic

    async def document(self, params: types.DocumentDiagnosticParams) -> DocumentReport:
        uri = params.text_document.uri
        self._pulling.add(uri)
        try:
            await self.server.checked(uri)
        finally:
            self._pulling.discard(uri)
        result = self.results.get(uri)
        if result is None:
            return types.RelatedFullDocumentDiagnosticReport(items=[])
        if uri in self.server.documents:
            self.delivered[uri] = result.id
        if params.previous_result_id == result.id:
            return types.RelatedUnchangedDocumentDiagnosticReport(result_id=result.id)
        return types.RelatedFullDocumentDiagnosticReport(
            items=result.diagnostics, result_id=result.id
        )

    def checked(self) -> None:
        """A check stored its results: ask the client to pull the open documents whose
        diagnostics it has not pulled since, unless it does so by itself."""
        if self._refresh is not None:
            return
        loop = asyncio.get_running_loop()
        self._refresh = loop.call_later(REFRESH_DELAY, self._refresh_if_stale)

    def _refresh_if_stale(self) -> None:
        self._refresh = None
        stale = [
            uri
            for uri, given in self.delivered.items()
            if uri not in self._pulling
            and (result := self.results.get(uri)) is not None
            and result.id != given
        ]
        if stale:
            self.server.workspace_diagnostic_refresh(None)

    # ------------------------------------------------------------ workspace/diagnostic

    async def workspace(
        self, params: types.WorkspaceDiagnosticParams
    ) -> types.WorkspaceDiagnosticReport:
        """The unopened files whose diagnostics the client does not have (cleared ones
        too); while there are none, the request waits for a change."""
        if not self.server.pulling:  # not declared to this client: nothing is kept to wait for
            return types.WorkspaceDiagnosticReport(items=[])
        previous = {item.uri: item.value for item in params.previous_result_ids}
        while True:
            items = self._workspace_items(previous)
            if items:
                self._closed.difference_update(item.uri for item in items)
                return types.WorkspaceDiagnosticReport(items=items)
            if self._changed is None:
                self._changed = asyncio.Event()
            self._changed.clear()
            await self._changed.wait()

    def _workspace_items(self, previous: dict[str, str]) -> list[WorkspaceItem]:
        items: list[WorkspaceItem] = []
        for uri, result in sorted(self.results.items()):
            if uri in self.server.documents or previous.get(uri) == result.id:
                continue
            if not result.diagnostics and uri not in previous and uri not in self._closed:
                continue
            items.append(
                types.WorkspaceFullDocumentDiagnosticReport(
                    uri=uri, items=result.diagnostics, version=None, result_id=result.id
                )
            )
        return items

    def _wake(self) -> None:
        if self._changed is not None:
            self._changed.set()


def register(server: FixerServer) -> None:
    """The pull requests on the server (declared to pulling clients only: see
    `fixer.lsp.protocol`)."""

    @server.feature(types.TEXT_DOCUMENT_DIAGNOSTIC, OPTIONS)
    async def document_diagnostic(
        ls: FixerServer, params: types.DocumentDiagnosticParams
    ) -> DocumentReport:
        return await ls.pull.document(params)

    @server.feature(types.WORKSPACE_DIAGNOSTIC)
    async def workspace_diagnostic(
        ls: FixerServer, params: types.WorkspaceDiagnosticParams
    ) -> types.WorkspaceDiagnosticReport:
        return await ls.pull.workspace(params)
