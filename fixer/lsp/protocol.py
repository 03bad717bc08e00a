"""JSON-RPC that answers every request: bad JSON, bad params and unknown documents included.

pygls drops a message it cannot decode (the client's request then waits for ever) and
shows the error to the user; this protocol answers such a request with a JSON-RPC error
(-32700 parse error, -32600 invalid request, -32602 invalid params), logs the rest, and
ignores notifications about documents that are not open (with a log line).
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
import sys
import threading
from collections.abc import Callable, Generator
from dataclasses import dataclass
from typing import Any

from lsprotocol import types
from pygls.io_ import StdinAsyncReader, StdoutWriter
from pygls.protocol import LanguageServerProtocol, lsp_method

logger = logging.getLogger(__name__)

PARSE_ERROR = -32700
INVALID_REQUEST = -32600
INVALID_PARAMS = -32602
MAX_CONTENT_LENGTH = 256 * 1024 * 1024
_HEADER = re.compile(rb"Content-Length:[ \t]*(\d+)[ \t]*\r?\n$", re.IGNORECASE)
_ID = re.compile(rb'"id"\s*:\s*(-?\d{1,15}|"(?:[^"\\]|\\.){0,200}")')

Log = Callable[[str], None]


@dataclass(frozen=True)
class BadMessage:
    """A message whose params or shape do not fit the method: answered or logged."""

    id: int | str | None
    method: str
    code: int
    reason: str
    is_request: bool


class FixerProtocol(LanguageServerProtocol):
    """pygls's protocol, made to answer or log every message it cannot handle."""

    log_line: Log = staticmethod(lambda message: logger.warning("%s", message))

    def structure_message(self, data: dict[str, Any]) -> Any:
        if "jsonrpc" not in data or ("method" not in data and "id" not in data):
            return data
        if data["jsonrpc"] != self.VERSION:
            raw_id = data.get("id")
            valid_id = isinstance(raw_id, int | str) and not isinstance(raw_id, bool)
            reason = f"jsonrpc must be {self.VERSION!r}"
            return BadMessage(
                raw_id if valid_id else None, str(data.get("method")), INVALID_REQUEST, reason, True
            )
        try:
            message = super().structure_message(data)
        except Exception as error:
            method = data.get("method")
            raw_id = data.get("id")
            valid_id = isinstance(raw_id, int | str) and not isinstance(raw_id, bool)
            is_request = "id" in data and "result" not in data and "error" not in data
            code = INVALID_PARAMS if isinstance(method, str) else INVALID_REQUEST
            cause = error.__cause__ or error
            reason = f"{type(cause).__name__}: {cause}".splitlines()[0][:300]
            return BadMessage(raw_id if valid_id else None, str(method), code, reason, is_request)
        if "id" in data and "method" in data and getattr(message, "id", None) is None:
            raw_id = data["id"]  # a notification's method sent as a request
            valid_id = isinstance(raw_id, int | str) and not isinstance(raw_id, bool)
            reason = f"{data['method']} is a notification, not a request"
            return BadMessage(
                raw_id if valid_id else None, str(data["method"]), INVALID_REQUEST, reason, True
            )
        return message

    def handle_message(self, message: Any) -> None:
        if isinstance(message, BadMessage):
            what = "request" if message.is_request else "notification"
            self.log_line(f"invalid {what} {message.method!r} ignored: {message.reason}")
            if message.is_request:
                kind = "Invalid params" if message.code == INVALID_PARAMS else "Invalid Request"
                self.reply_error(message.id, message.code, f"{kind}: {message.reason}")
            return
        jsonrpc = getattr(message, "jsonrpc", None)
        if jsonrpc is None or jsonrpc != self.VERSION:
            msg_id = (
                message.get("id") if isinstance(message, dict) else getattr(message, "id", None)
            )
            self.log_line(f"invalid JSON-RPC message ignored: {str(message)[:200]}")
            if msg_id is None or isinstance(msg_id, int | str):
                self.reply_error(msg_id, INVALID_REQUEST, "Invalid Request")
            return
        if self._shutdown and getattr(message, "method", "") != types.EXIT:
            if (
                getattr(message, "method", None) is not None
                and getattr(message, "id", None) is not None
            ):
                self.reply_error(message.id, INVALID_REQUEST, "The server is shutting down")
            return
        super().handle_message(message)

    def reply_error(self, msg_id: int | str | None, code: int, message: str) -> None:
        """An error response; `id` is null when the message's id could not be read."""
        error = {"code": code, "message": message}
        self._send_data({"jsonrpc": self.VERSION, "id": msg_id, "error": error})

    @lsp_method(types.INITIALIZE)
    def lsp_initialize(
        self, params: types.InitializeParams
    ) -> Generator[Any, Any, types.InitializeResult]:
        """pygls's, with pull diagnostics declared only to clients that pull both
        documents and workspace (the others are sent diagnostics: see `fixer.lsp.pull`)."""
        from fixer.lsp.pull import pulls

        result: types.InitializeResult = yield from super().lsp_initialize(params)
        if not pulls(params.capabilities):
            result.capabilities.diagnostic_provider = None
        return result

    # ------------------------------------------------------------ unknown documents

    def _open(self, uri: str) -> bool:
        from urllib.parse import unquote

        return unquote(uri) in self.workspace.text_documents

    @lsp_method(types.TEXT_DOCUMENT_DID_CHANGE)
    def lsp_text_document__did_change(
        self, params: types.DidChangeTextDocumentParams
    ) -> Generator[Any, Any, None]:
        uri = params.text_document.uri
        if not self._open(uri):
            self.log_line(f"didChange for {uri} ignored: the document is not open")
            return
        try:
            for change in params.content_changes:
                self.workspace.update_text_document(params.text_document, change)
        except Exception as error:  # a change that does not fit the text
            self.log_line(f"didChange for {uri} ignored: {type(error).__name__}: {error}")
            return
        if (handler := self.fm.features.get(types.TEXT_DOCUMENT_DID_CHANGE)) is not None:
            yield handler, (params,), None

    @lsp_method(types.TEXT_DOCUMENT_DID_CLOSE)
    def lsp_text_document__did_close(
        self, params: types.DidCloseTextDocumentParams
    ) -> Generator[Any, Any, None]:
        uri = params.text_document.uri
        if not self._open(uri):
            self.log_line(f"didClose for {uri} ignored: the document is not open")
            return
        self.workspace.remove_text_document(uri)
        if (handler := self.fm.features.get(types.TEXT_DOCUMENT_DID_CLOSE)) is not None:
            yield handler, (params,), None

    @lsp_method(types.TEXT_DOCUMENT_DID_SAVE)
    def lsp_text_document__did_save(
        self, params: types.DidSaveTextDocumentParams
    ) -> Generator[Any, Any, None]:
        uri = params.text_document.uri
        if not self._open(uri):
            self.log_line(f"didSave for {uri} ignored: the document is not open")
            return
        if (handler := self.fm.features.get(types.TEXT_DOCUMENT_DID_SAVE)) is not None:
            yield handler, (params,), None


async def serve_messages(
    stop: threading.Event, reader: StdinAsyncReader, protocol: FixerProtocol
) -> None:
    """Read framed messages until EOF; a message that does not decode gets an error
    response (with its id when one can be read from it). A header line that ends in a
    `Content-Length` header after junk still counts, so the stream resynchronises."""
    length = 0
    while not stop.is_set():
        header = await reader.readline()
        if not header:
            break
        match = _HEADER.search(header)
        if match:
            length = int(match.group(1))
            if length > MAX_CONTENT_LENGTH:
                protocol.log_line(f"message of {length} bytes refused (over {MAX_CONTENT_LENGTH})")
                length = 0
            continue
        if not length or header.strip():
            continue
        body = await reader.readexactly(length)
        length = 0
        if not body:
            break
        try:
            message = json.loads(body, object_hook=protocol.structure_message)
        except (ValueError, RecursionError) as error:
            found = _ID.search(body)
            msg_id = json.loads(found.group(1)) if found else None
            protocol.log_line(f"message that is not JSON ignored: {type(error).__name__}: {error}")
            protocol.reply_error(msg_id, PARSE_ERROR, f"Parse error: {error}")
            continue
        try:
            protocol.handle_message(message)
        except Exception as error:
            protocol.log_line(f"message ignored: {type(error).__name__}: {error}")
            msg_id = (
                message.get("id") if isinstance(message, dict) else getattr(message, "id", None)
            )
            if isinstance(msg_id, int | str):
                protocol.reply_error(msg_id, INVALID_REQUEST, f"Invalid Request: {error}")


def start_io(server: Any) -> None:
    """Serve on stdin/stdout with `serve_messages` (pygls's start_io, robust)."""
    server._stop_event = stop = threading.Event()
    reader = StdinAsyncReader(sys.stdin.buffer, server.thread_pool)
    server.protocol.set_writer(StdoutWriter(sys.stdout.buffer))
    try:
        asyncio.run(serve_messages(stop, reader, server.protocol))
    except BrokenPipeError:
        logger.error("Connection to the client is lost! Shutting down the server.")
    except (KeyboardInterrupt, SystemExit):
        pass
    finally:
        server.shutdown()


__all__ = ["BadMessage", "FixerProtocol", "start_io"]
