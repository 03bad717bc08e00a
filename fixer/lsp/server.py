"""The language server's state: documents, project roots, debounced analysis, publishing."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
import time
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.uris import to_fs_path

from fixer import __version__
from fixer.lsp.actions import Request
from fixer.lsp.analysis import Analysis, Document, analyse
from fixer.lsp.diagnostics import disk_error_diagnostic, finding_diagnostic, problem_diagnostic
from fixer.lsp.disk import DiskFiles
from fixer.lsp.edits import EditSupport, file_uri
from fixer.lsp.incremental import IncrementalParser
from fixer.lsp.offers import offered_applicability
from fixer.lsp.protocol import FixerProtocol, start_io
from fixer.lsp.pull import PullDiagnostics, pulls
from fixer.lsp.roots import project_root
from fixer.lsp.workspace import Background, find_roots

logger = logging.getLogger(__name__)

DEBOUNCE_SECONDS = 0.15
ROOT_CACHE_SECONDS = 5.0
IDLE_COLLECT_SECONDS = 2.0

Key = Path | str  # a project root, or the URI of a buffer that is not a file


class FixerServer(LanguageServer):
    """Holds the open documents and the latest analysis of each project root.

    A change is checked at once when its root was quiet (no change, no check) for
    DEBOUNCE_SECONDS; changes that follow faster are coalesced and the latest is
    checked once they pause that long (latest wins). Requests that need findings
    check first if the findings are stale. Every file of a checked root gets its
    diagnostics, open or not; roots without open documents are checked in the
    background while the editor is idle (see `workspace.Background`).
    """

    def __init__(self) -> None:
        super().__init__(
            "fixer",
            __version__,
            text_document_sync_kind=types.TextDocumentSyncKind.Full,
            protocol_cls=FixerProtocol,
        )
        self.protocol.log_line = self.log_warning  # type: ignore[attr-defined]
        self.documents: dict[str, Document] = {}
        self.analyses: dict[Key, Analysis] = {}
        self.disk = DiskFiles()
        self.debounce = DEBOUNCE_SECONDS
        self.background = Background(self)
        self._pending: dict[Key, asyncio.TimerHandle] = {}
        self._last_activity: dict[Key, float] = {}  # last change or end of analysis
        self.last_change = float("-inf")  # last change to any document
        self._published: dict[str, tuple[int | None, list[types.Diagnostic]]] = {}
        self._files: dict[str, tuple[object, tuple[Any, ...]]] = {}  # what a file's were made of
        self._root_uris: dict[Key, set[str]] = {}  # URIs a root published diagnostics for
        self._roots: dict[Path, tuple[float, Path]] = {}
        self._logged: set[str] = set()
        self._collection: asyncio.TimerHandle | None = None
        self.pull = PullDiagnostics(self)
        self._pulls: bool | None = None
        self._waiters: dict[Key, list[asyncio.Future[None]]] = {}  # pulls awaiting a check

    def start_io(self, stdin: Any = None, stdout: Any = None) -> None:
        start_io(self)

    def report_server_error(self, error: Exception, source: Any) -> None:
        """Errors pygls catches go to the log, never to a pop-up."""
        self.log_warning(f"{type(error).__name__}: {error}")

    # ------------------------------------------------------------ client facts

    @property
    def encoding(self) -> str:
        encoding = self.workspace.position_encoding
        return str(getattr(encoding, "value", encoding) or "utf-16")

    @property
    def edit_support(self) -> EditSupport:
        return EditSupport.of(self.client_capabilities)

    @property
    def pulling(self) -> bool:
        """Whether the client pulls diagnostics (see `fixer.lsp.pull`) instead of being
        sent them (known once it has said what it can do)."""
        if self._pulls is None:
            capabilities = getattr(self.protocol, "client_capabilities", None)
            if capabilities is None:
                return False
            self._pulls = pulls(capabilities)
        return self._pulls

    @property
    def resolves_edits(self) -> bool:
        text = self.client_capabilities.text_document
        action = text.code_action if text else None
        support = action.resolve_support if action else None
        return support is not None and "edit" in support.properties

    def log(self, message: str, kind: types.MessageType = types.MessageType.Info) -> None:
        logger.info("%s", message)
        with contextlib.suppress(Exception):  # no client yet (or any more): the log has it
            self.window_log_message(types.LogMessageParams(type=kind, message=message))

    def log_warning(self, message: str) -> None:
        self.log(message, types.MessageType.Warning)

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
        self.last_change = time.monotonic()
        return document

    def key(self, document: Document) -> Key:
        if document.path is None:
            return document.uri
        return self.root_of(document.path.parent)

    def root_of(self, directory: Path) -> Path:
        """The project root of the files in a directory (cached for ROOT_CACHE_SECONDS)."""
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
        return sorted({Path(path) for path in paths if path})

    def scan_workspace(self) -> None:
        """Find the project roots of the workspace folders and check them in the background."""
        roots, log = find_roots(self.folders(), self.root_of)
        for message in log:
            self.log_once(message)
        self.background.add(roots)

    def files_changed(self, uris: list[str]) -> None:
        """Files changed on disk: re-check the roots that hold them (roots may move too):
        at once where documents are open, else in the background."""
        self._roots.clear()
        paths = [Path(p) for uri in uris if uri.startswith("file:") and (p := to_fs_path(uri))]
        keys: set[Key] = {self.key(d) for d in self.documents.values()}
        keys |= set(self._root_uris) | self.background.known
        keys |= {self.root_of(path.parent) for path in paths}
        for key in keys:
            if not isinstance(key, Path) or not any(key in path.parents for path in paths):
                continue
            if self.documents_of(key):
                self.schedule(key, immediate=True)
            else:
                self.background.add([key])

    def documents_of(self, key: Key) -> list[Document]:
        return [d for d in self.documents.values() if self.key(d) == key]

    def owns(self, key: Key, analysis: Analysis, rel: str) -> bool:
        """Whether a file of the analysis belongs to this root (not to one nested in it)."""
        path = analysis.path(rel)
        if path is None:
            return True
        return self.root_of(path.parent) == key

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

    @property
    def busy(self) -> bool:
        """Whether a check of an open document is waiting."""
        return bool(self._pending)

    def _run_scheduled(self, key: Key) -> None:
        try:
            self.analyse(key)
        except Exception as error:  # publishing too: the server keeps serving
            self.log(f"checking {key} failed: {_describe(error)}", types.MessageType.Error)

    def analyse(self, key: Key) -> Analysis | None:
        """Run the codemods over a root now and publish the diagnostics of its files,
        its open documents first."""
        try:
            return self._analyse(key)
        finally:
            for waiter in self._waiters.pop(key, []):
                if not waiter.done():
                    waiter.set_result(None)
            if self.pulling:
                self.pull.checked()

    async def checked(self, uri: str) -> None:
        """Return once the open document's current version has been checked (a check
        already scheduled, waiting for a pause in typing, is awaited, not run again)."""
        for _ in range(3):
            document = self.documents.get(uri)
            if document is None:
                return
            key = self.key(document)
            analysis = self.analyses.get(key)
            if analysis is not None and analysis.is_current(self.documents_of(key)):
                return
            if key not in self._pending:
                self.schedule(key, immediate=True)
            waiter: asyncio.Future[None] = asyncio.get_running_loop().create_future()
            self._waiters.setdefault(key, []).append(waiter)
            await waiter

    def _analyse(self, key: Key) -> Analysis | None:
        pending = self._pending.pop(key, None)
        if pending is not None:
            pending.cancel()
        documents = self.documents_of(key)
        if not documents:
            self.analyses.pop(key, None)
            if isinstance(key, Path):
                self.background.add([key])
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
            checked = time.perf_counter()
            self.publish_files(key, analysis)
        logger.info(
            "checked %s in %.1f ms (other files published in %.1f ms)",
            key,
            (checked - started) * 1000,
            (time.perf_counter() - checked) * 1000,
        )
        return analysis

    def check_in_background(self, key: Path) -> None:
        """Check a root that has no open document and publish its files' diagnostics."""
        if self.documents_of(key):
            self.analyse(key)
            return
        with self._collector_paused():
            analysis = analyse(key, [], self.disk)
            for message in analysis.log:
                self.log_once(message)
            self.publish_files(key, analysis)

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

    def fresh(self, key: Path) -> Analysis:
        """An up-to-date analysis of any root (for commands): the current one of a root
        with open documents, else a new one of the files on disk."""
        documents = self.documents_of(key)
        if documents:
            analysis = self.current(documents[0])
            if analysis is not None:
                return analysis
        return analyse(key, documents, self.disk)

    # ------------------------------------------------------------ publishing

    def publish(self, analysis: Analysis, document: Document) -> None:
        rel = analysis.rel(document)
        if rel is None:
            return
        diagnostics = self.diagnostics(analysis, rel)
        self._send(document.uri, document.version, diagnostics)

    def _send(self, uri: str, version: int | None, diagnostics: list[types.Diagnostic]) -> None:
        published = (version, diagnostics)
        if self._published.get(uri) == published:
            return
        self._published[uri] = published
        if self.pulling:
            self.pull.store(uri, version, diagnostics)
            return
        self.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=uri, diagnostics=diagnostics, version=version)
        )

    def publish_files(self, key: Key, analysis: Analysis) -> None:
        """Diagnostics of the root's files that are not open (README, scripts, tfvars,
        other .tf files), re-sent only when their findings or text changed; files that
        no longer have any are cleared."""
        if analysis.root is None:
            return
        open_rels = set(analysis.documents)
        rels = {*analysis.findings, *analysis.disk_errors} - open_rels
        sent: set[str] = set()
        for rel in sorted(rels):
            if not self.owns(key, analysis, rel):
                continue
            uri = file_uri(analysis, rel)
            sent.add(uri)
            findings = analysis.findings.get(rel, ())
            error = analysis.disk_errors.get(rel)
            made_of = (
                tuple(
                    (
                        f.code,
                        f.span.start,
                        f.span.end,
                        f.message,
                        offered_applicability(analysis, f),
                        f.fix and f.fix.title,
                    )
                    for f in findings
                ),
                error,
            )
            source = analysis.files.get(rel)
            if self._files.get(uri) == (source, made_of) and uri in self._published:
                continue
            self._files[uri] = (source, made_of)
            if error is not None:
                diagnostics = [disk_error_diagnostic(error)]
            else:
                diagnostics = self.diagnostics(analysis, rel)
            self._send(uri, None, diagnostics)
        open_uris = {d.uri for d in analysis.documents.values()}
        for uri in self._root_uris.get(key, set()) - sent - open_uris:
            self._files.pop(uri, None)
            self._send(uri, None, [])
        self._root_uris[key] = sent

    def diagnostics(self, analysis: Analysis, rel: str) -> list[types.Diagnostic]:
        """The diagnostics of a file: its problem, or its findings."""
        positions = analysis.positions(rel, self.encoding)
        problem = analysis.problems.get(rel)
        if problem is not None:
            return [problem_diagnostic(problem, positions)]
        return [
            finding_diagnostic(
                finding,
                positions,
                analysis.codemod(finding.code),
                offered_applicability(analysis, finding),
            )
            for finding in analysis.findings.get(rel, ())
        ]

    def clear(self, uri: str, key: Key | None) -> None:
        """A document closed: its file's diagnostics follow with the next check of its
        root (`key`); a pulling client gets them even when there are none."""
        self._published.pop(uri, None)
        self._files.pop(uri, None)
        if not self.pulling:
            self.text_document_publish_diagnostics(
                types.PublishDiagnosticsParams(uri=uri, diagnostics=[])
            )
            return
        self.pull.forget(uri)
        if key is not None:
            self._root_uris.setdefault(key, set()).add(uri)  # cleared if it has none

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


def describe(error: BaseException) -> str:
    """An error as one log line: type, message and where it was raised."""
    return _describe(error)
