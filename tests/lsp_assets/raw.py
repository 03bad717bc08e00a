"""A raw JSON-RPC client over the server's stdio: sends any bytes, collects every message."""

from __future__ import annotations

import json
import queue
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any


class RawServer:
    """`fixer lsp` with framing done by hand, so malformed messages can be sent."""

    def __init__(self, cwd: Path) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "fixer", "lsp"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            cwd=cwd,
        )
        self.inbox: queue.Queue[dict[str, Any]] = queue.Queue()
        self.received: list[dict[str, Any]] = []
        self.stderr = bytearray()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        threading.Thread(target=self._drain, daemon=True).start()

    def _drain(self) -> None:
        """Keep reading stderr, so that the server never blocks writing its log."""
        stream = self.process.stderr
        assert stream is not None
        while chunk := stream.read1(65536):
            self.stderr += chunk

    def _read(self) -> None:
        stream = self.process.stdout
        assert stream is not None
        while True:
            length = 0
            while True:
                line = stream.readline()
                if not line:
                    return
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":")[1])
                elif line in (b"\r\n", b"\n"):
                    break
            self.inbox.put(json.loads(stream.read(length)))

    def send_bytes(self, body: bytes) -> None:
        stdin = self.process.stdin
        assert stdin is not None
        stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        stdin.flush()

    def send(self, message: Any) -> None:
        self.send_bytes(json.dumps(message).encode())

    def request(self, msg_id: int | str, method: str, params: Any = None) -> None:
        message: dict[str, Any] = {"jsonrpc": "2.0", "id": msg_id, "method": method}
        if params is not None:
            message["params"] = params
        self.send(message)

    def notify(self, method: str, params: Any = None) -> None:
        self.send({"jsonrpc": "2.0", "method": method, "params": params})

    def wait_for(self, test: Any, timeout: float = 30.0) -> dict[str, Any]:
        """The first message (already received or coming) that `test` accepts."""
        for message in self.received:
            if test(message):
                return message
        deadline = time.monotonic() + timeout
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError(f"no such message; last ones: {self.received[-3:]}")
            try:
                message = self.inbox.get(timeout=remaining)
            except queue.Empty:
                continue
            self.received.append(message)
            method = message.get("method")
            if method == "workspace/applyEdit":  # this client edits nothing
                self.send({"jsonrpc": "2.0", "id": message["id"], "result": {"applied": False}})
            elif method is not None and "id" in message:
                self.send({"jsonrpc": "2.0", "id": message["id"], "result": None})
            if test(message):
                return message

    def response(self, msg_id: Any, timeout: float = 30.0) -> dict[str, Any]:
        return self.wait_for(
            lambda m: (
                "method" not in m and m.get("id") == msg_id and ("result" in m or "error" in m)
            ),
            timeout,
        )

    def initialize(self, root: Path) -> None:
        self.request(
            0,
            "initialize",
            {"processId": None, "rootUri": root.as_uri(), "capabilities": {}},
        )
        self.response(0)
        self.notify("initialized", {})

    def close(self) -> int:
        try:
            self.request("shutdown", "shutdown")
            self.response("shutdown", 10)
            self.notify("exit")
            return self.process.wait(10)
        finally:
            if self.process.poll() is None:
                self.process.kill()
                self.process.wait()
            for stream in (self.process.stdin, self.process.stdout):
                if stream is not None:
                    stream.close()
