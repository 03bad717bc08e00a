"""The language server: documents, debounced analysis, diagnostics, actions, formatting, hover."""

from __future__ import annotations

import asyncio
import functools
import gc
import logging
import time
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.uris import to_fs_path

from fixer import __version__
from fixer.lsp.actions import FIX_ALL_KIND, Request, code_actions, fix_all_edit
from fixer.lsp.analysis import Analysis, Document, analyse
from fixer.lsp.diagnostics import finding_diagnostic, finding_extent, problem_diagnostic
from fixer.lsp.disk import DiskFiles
from fixer.lsp.edits import EditSupport
from fixer.lsp.formatting import formatting_edits
from fixer.lsp.hover import hover_markdown
from fixer.lsp.incremental import IncrementalParser
from fixer.lsp.roots import project_root

logger = logging.getLogger(__name__)

DEBOUNCE_SECONDS = 0.15
# Files whose changes on disk can change findings (when the client watches for us).
WATCHED = (
    "**/*.{tf,tfvars,hcl,md,markdown,sh,bash}",
    "**/README*",
    "**/{.fixer.toml,pyproject.toml}",
)
ROOT_CACHE_SECONDS = 5.0
IDLE_COLLECT_SECONDS = 2.0

Key = Path | str  # a project root, or the URI of a buffer that is not a file
F = TypeVar("F", bound=Callable[..., Any])


class FixerServer(LanguageServer):
    """Holds the open documents and the latest analysis of each project root.

    A change is checked at once when its root was quiet (no change, no check) for
    DEBOUNCE_SECONDS; changes that follow faster are coalesced and the latest is
    checked once they pause that long (latest wins). Requests that need findings
    check first if the findings are stale.
    """

    def __init__(self) -> None:
        super().__init__(
            "fixer", __version__, text_document_sync_kind=types.TextDocumentSyncKind.Full
        )
        self.documents: dict[str, Document] = {}
        self.analyses: dict[Key, Analysis] = {}
        self.disk = DiskFiles()
        self.debounce = DEBOUNCE_SECONDS
        self._pending: dict[Key, asyncio.TimerHandle] = {}
        self._last_activity: dict[Key, float] = {}  # last change or end of analysis
        self._published: dict[str, tuple[int | None, list[types.Diagnostic]]] = {}
        self._roots: dict[Path, tuple[float, Path]] = {}
        self._logged: set[str] = set()
        self._collection: asyncio.TimerHandle | None = None

    # ------------------------------------------------------------ client facts

    @property
    def encoding(self) -> str:
        encoding = self.workspace.position_encoding
        return str(getattr(encoding, "value", encoding) or "utf-16")

    @property
    def edit_support(self) -> EditSupport:
        return EditSupport.of(self.client_capabilities)

    @property
    def resolves_edits(self) -> bool:
        text = self.client_capabilities.text_document
        action = text.code_action if text else None
        support = action.resolve_support if action else None
        return support is not None and "edit" in support.properties

    def log(self, message: str, kind: types.MessageType = types.MessageType.Info) -> None:
        self.window_log_message(types.LogMessageParams(type=kind, message=message))

    def log_once(self, message: str) -> None:
        """Log a message the first time it comes (analysis repeats them every keystroke)."""
        if message not in self._logged:
            self._logged.add(message)
            self.log(message, types.MessageType.Warning)

    # ------------------------------------------------------------ documents and roots

    def open(self, uri: str, text: str, version: int | None, language_id: str = "") -> Document:
        path = to_fs_path(uri) if uri.startswith("file:") else None
        previous = self.documents.get(uri)
        document = Document(
            uri,
            text,
            version,
            Path(path) if path else None,
            language_id or (previous.language_id if previous else ""),
            previous.parser if previous else IncrementalParser(),
        )
        self.documents[uri] = document
        return document

    def key(self, document: Document) -> Key:
        if document.path is None:
            return document.uri
        directory = document.path.parent
        now = time.monotonic()
        cached = self._roots.get(directory)
        if cached is None or now - cached[0] > ROOT_CACHE_SECONDS:
            cached = (now, project_root(directory, self.folders()))
            self._roots[directory] = cached
        return cached[1]

    def folders(self) -> list[Path]:
        uris = [folder.uri for folder in self.workspace.folders.values()]
        if self.workspace.root_uri:
            uris.append(self.workspace.root_uri)
        paths = (to_fs_path(uri) for uri in uris if uri.startswith("file:"))
        return [Path(path) for path in paths if path]

    def files_changed(self, uris: list[str]) -> None:
        """Files changed on disk: re-check the roots that hold them (roots may move too)."""
        self._roots.clear()
        paths = [Path(p) for uri in uris if uri.startswith("file:") and (p := to_fs_path(uri))]
        keys = {self.key(d) for d in self.documents.values()}
        for key in keys:
            if isinstance(key, Path) and any(key in path.parents for path in paths):
                self.schedule(key, immediate=True)

    def documents_of(self, key: Key) -> list[Document]:
        return [d for d in self.documents.values() if self.key(d) == key]

    # ------------------------------------------------------------ analysis

    def schedule(self, key: Key, immediate: bool = False) -> None:
        """Analyse the root soon: at once after a quiet spell (no change and no analysis
        for DEBOUNCE_SECONDS), else once the changes pause for that long."""
        now = time.monotonic()
        quiet = now - self._last_activity.get(key, float("-inf")) >= self.debounce
        self._last_activity[key] = now
        pending = self._pending.pop(key, None)
        if pending is not None:
            pending.cancel()
        delay = 0.0 if immediate or quiet else self.debounce
        loop = asyncio.get_running_loop()
        self._pending[key] = loop.call_later(delay, self._run_scheduled, key)

    def _run_scheduled(self, key: Key) -> None:
        try:
            self.analyse(key)
        except Exception as error:  # publishing too: the server keeps serving
            self.log(f"checking {key} failed: {_describe(error)}", types.MessageType.Error)

    def analyse(self, key: Key) -> Analysis | None:
        """Run the codemods over a root now and publish the diagnostics of its documents."""
        pending = self._pending.pop(key, None)
        if pending is not None:
            pending.cancel()
        documents = self.documents_of(key)
        if not documents:
            self.analyses.pop(key, None)
            return None
        started = time.perf_counter()
        with self._collector_paused():
            try:
                analysis = analyse(key if isinstance(key, Path) else None, documents, self.disk)
            except Exception as error:  # the server keeps serving whatever one root does
                self.log(f"analysis of {key} failed: {_describe(error)}", types.MessageType.Error)
                return None
            self.analyses[key] = analysis
            self._last_activity[key] = time.monotonic()
            for message in analysis.log:
                self.log_once(message)
            for document in documents:
                self.publish(analysis, document)
        logger.info("checked %s in %.1f ms", key, (time.perf_counter() - started) * 1000)
        return analysis

    @contextmanager
    def _collector_paused(self) -> Iterator[None]:
        """No cyclic garbage collection while checking and publishing: a check allocates
        a great many objects, and each full collection would walk every tree of the
        project again. The young generations are collected right after (before the next
        message), everything once the server has been idle for IDLE_COLLECT_SECONDS."""
        if not gc.isenabled():
            yield
            return
        gc.disable()
        try:
            yield
        finally:
            gc.enable()
            loop = asyncio.get_running_loop()
            loop.call_soon(gc.collect, 1)
            if self._collection is not None:
                self._collection.cancel()
            self._collection = loop.call_later(IDLE_COLLECT_SECONDS, gc.collect)

    def current(self, document: Document) -> Analysis | None:
        """The analysis of the document's root, brought up to date first if needed."""
        key = self.key(document)
        analysis = self.analyses.get(key)
        if analysis is None or not analysis.is_current(self.documents_of(key)):
            analysis = self.analyse(key)
        return analysis

    def publish(self, analysis: Analysis, document: Document) -> None:
        rel = analysis.rel(document)
        if rel is None:
            return
        diagnostics = self.diagnostics(analysis, rel)
        published = (document.version, diagnostics)
        if self._published.get(document.uri) == published:
            return
        self._published[document.uri] = published
        self.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(
                uri=document.uri, diagnostics=diagnostics, version=document.version
            )
        )

    def diagnostics(self, analysis: Analysis, rel: str) -> list[types.Diagnostic]:
        """The diagnostics of an open document: its problem, or its findings."""
        positions = analysis.positions(rel, self.encoding)
        problem = analysis.problems.get(rel)
        if problem is not None:
            return [problem_diagnostic(problem, positions)]
        return [
            finding_diagnostic(finding, positions, analysis.codemod(finding.code))
            for finding in analysis.findings.get(rel, ())
        ]

    def clear(self, uri: str) -> None:
        self._published.pop(uri, None)
        self.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=uri, diagnostics=[])
        )

    def request(
        self, document: Document, analysis: Analysis, rng: types.Range, only: Any
    ) -> Request:
        rel = analysis.rel(document)
        assert rel is not None
        positions = analysis.positions(rel, self.encoding)
        return Request(
            document.uri,
            rel,
            positions.offset(rng.start),
            positions.offset(rng.end),
            list(only) if only else None,
            self.edit_support,
            self.encoding,
            self.resolves_edits,
        )


def _describe(error: BaseException) -> str:
    frame = traceback.extract_tb(error.__traceback__)[-1] if error.__traceback__ else None
    where = f" [{frame.filename}:{frame.lineno}]" if frame else ""
    return f"{type(error).__name__}: {error}{where}"


def _guarded(handler: F) -> F:
    """Log, never raise: an error in one document must not stop the server."""

    @functools.wraps(handler)
    def wrapper(server: FixerServer, params: Any) -> Any:
        try:
            return handler(server, params)
        except Exception as error:
            server.log(f"{handler.__name__} failed: {_describe(error)}", types.MessageType.Error)
            return None

    return wrapper  # type: ignore[return-value]


def create_server() -> FixerServer:
    """A server with every feature registered."""
    server = FixerServer()

    @server.feature(types.INITIALIZED)
    @_guarded
    def initialized(ls: FixerServer, params: types.InitializedParams) -> None:
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
        ls.clear(params.text_document.uri)
        if document is not None:
            key = ls.key(document)
            if ls.documents_of(key):
                ls.schedule(key, immediate=True)
            else:
                ls.analyses.pop(key, None)

    @server.feature(
        types.TEXT_DOCUMENT_CODE_ACTION,
        types.CodeActionOptions(
            code_action_kinds=[types.CodeActionKind.QuickFix, FIX_ALL_KIND],
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
        action.edit = fix_all_edit(
            analysis, ls.request(document, analysis, whole, None), ls.log_once
        )
        return action

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

    return server
