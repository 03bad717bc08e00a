"""Protocol robustness: every malformed request gets a JSON-RPC error, nothing pops up, and
the server keeps serving through a fuzz of random and malformed messages."""

from __future__ import annotations

import json
import os
import random
import shutil
from pathlib import Path
from typing import Any

import pytest
from conftest import REPO
from lsp_assets.raw import RawServer

# terraform_data: Terraform's built-in provider, for which FX021 asks no required_providers.
UNFORMATTED = 'resource "terraform_data" "logs" {\nbucket = "logs"\n  force_destroy=true\n}\n'
METHODS = [
    "textDocument/hover",
    "textDocument/codeAction",
    "codeAction/resolve",
    "textDocument/formatting",
    "textDocument/didOpen",
    "textDocument/didChange",
    "textDocument/didClose",
    "textDocument/didSave",
    "workspace/didChangeWatchedFiles",
    "workspace/executeCommand",
    "workspace/didChangeWorkspaceFolders",
    "$/cancelRequest",
    "$/setTrace",
    "textDocument/definition",
    "no/such/method",
]


@pytest.fixture
def server(tmp_path: Path) -> Any:
    root = tmp_path / "project"
    root.mkdir()
    (root / "main.tf").write_text(UNFORMATTED)
    raw = RawServer(root)
    raw.initialize(root)
    yield raw, root
    code = raw.close()
    assert code == 0, raw.stderr.decode()[-2000:]


def popups(raw: RawServer) -> list[dict[str, Any]]:
    return [m for m in raw.received if m.get("method") == "window/showMessage"]


def error_code(message: dict[str, Any]) -> int | None:
    return (message.get("error") or {}).get("code")


def open_main(raw: RawServer, root: Path, version: int = 1) -> str:
    uri = (root / "main.tf").as_uri()
    raw.notify(
        "textDocument/didOpen",
        {
            "textDocument": {
                "uri": uri,
                "languageId": "terraform",
                "version": version,
                "text": UNFORMATTED,
            }
        },
    )
    raw.wait_for(
        lambda m: (
            m.get("method") == "textDocument/publishDiagnostics"
            and m["params"]["uri"] == uri
            and m["params"].get("version") == version
        )
    )
    return uri


def test_malformed_requests_get_json_rpc_errors_and_no_popup(server: Any) -> None:
    raw, root = server
    uri = open_main(raw, root)
    raw.request(1, "textDocument/hover", {"textDocument": {"uri": uri}})  # no position
    raw.request(2, "textDocument/hover", [1, 2, 3])  # not an object
    raw.request(3, "textDocument/codeAction", "params")
    raw.send_bytes(b'{"jsonrpc": "2.0", "id": 4, "method": "textDocument/hover", "params": {')
    raw.send_bytes(b"\xff\xfe not json at all")
    raw.send({"jsonrpc": "1.0", "id": 6, "method": "textDocument/hover"})
    raw.send({"jsonrpc": "2.0", "id": 7, "method": 42})
    raw.send([1, 2, 3])
    raw.request(
        8,
        "textDocument/hover",
        {"textDocument": {"uri": uri}, "position": {"line": 0, "character": 1}},
    )
    assert error_code(raw.response(1)) == -32602
    assert error_code(raw.response(2)) == -32602
    assert error_code(raw.response(3)) == -32602
    assert error_code(raw.response(4)) == -32700
    assert error_code(raw.response(6)) == -32600
    assert error_code(raw.response(7)) == -32600
    assert "result" in raw.response(8), "the server keeps serving"
    nulls = [m for m in raw.received if "id" in m and m["id"] is None]
    assert [error_code(m) for m in nulls] == [-32700, -32600]
    assert popups(raw) == []


def test_notifications_for_unknown_documents_are_ignored_with_a_log_line(server: Any) -> None:
    raw, root = server
    ghost = (root / "ghost.tf").as_uri()
    raw.notify(
        "textDocument/didChange",
        {"textDocument": {"uri": ghost, "version": 2}, "contentChanges": [{"text": "x = 1\n"}]},
    )
    raw.notify("textDocument/didClose", {"textDocument": {"uri": ghost}})
    raw.notify("textDocument/didSave", {"textDocument": {"uri": ghost}})
    uri = open_main(raw, root)
    logs = [m["params"]["message"] for m in raw.received if m.get("method") == "window/logMessage"]
    for method in ("didChange", "didClose", "didSave"):
        assert any(line.startswith(f"{method} for {ghost} ignored") for line in logs), logs
    assert popups(raw) == []
    assert not [m for m in raw.received if m.get("params", {}).get("uri") == ghost]
    assert uri


def _value(rng: random.Random, depth: int = 0) -> Any:
    choice = rng.randrange(9 if depth < 4 else 6)
    if choice == 0:
        return None
    if choice == 1:
        return rng.choice([True, False])
    if choice == 2:
        return rng.choice([0, -1, 1, 2**31, -(2**63), 2**70, 3.5, float("1e308")])
    if choice == 3:
        return rng.choice(
            [
                "",
                "x",
                "file:///nope.tf",
                "\udcff".encode("utf-8", "surrogatepass").decode("utf-8", "replace"),
                "🚀" * 5,
            ]
        )
    if choice == 4:
        return rng.choice(["quickfix", "source.fixAll.fixer", "fixer.fixAll", "fixer.applyFix"])
    if choice == 5:
        return {"line": rng.choice([0, 1, -1, 10**9]), "character": rng.choice([0, 3, -5, 10**9])}
    if choice == 6:
        return [_value(rng, depth + 1) for _ in range(rng.randrange(4))]
    keys = [
        "textDocument",
        "uri",
        "position",
        "range",
        "context",
        "only",
        "version",
        "text",
        "contentChanges",
        "command",
        "arguments",
        "start",
        "end",
        "changes",
        "options",
        "id",
        "jsonrpc",
        "method",
    ]
    return {rng.choice(keys): _value(rng, depth + 1) for _ in range(rng.randrange(5))}


def _params(rng: random.Random, uri: str, method: str) -> Any:
    """Params that are right, nearly right (one field wrong) or random."""
    position = {"line": rng.randrange(6), "character": rng.randrange(40)}
    rng_ = {"start": position, "end": {"line": position["line"] + 1, "character": 0}}
    good: dict[str, Any] = {
        "textDocument/hover": {"textDocument": {"uri": uri}, "position": position},
        "textDocument/codeAction": {
            "textDocument": {"uri": uri},
            "range": rng_,
            "context": {
                "diagnostics": [],
                "only": rng.choice([None, ["quickfix"], ["source.fixAll.fixer"]]),
            },
        },
        "textDocument/formatting": {
            "textDocument": {"uri": uri},
            "options": {"tabSize": 2, "insertSpaces": True},
        },
        "textDocument/didChange": {
            "textDocument": {"uri": uri, "version": rng.randrange(2, 10**6)},
            "contentChanges": [{"text": rng.choice([UNFORMATTED, "x = {", "\0\0", ""])}],
        },
        "workspace/executeCommand": {
            "command": rng.choice(
                ["fixer.fixAll", "fixer.applyFix", "fixer.fixAllWorkspace", "nope"]
            ),
            "arguments": rng.choice([[], [{"uri": uri}], [1], None]),
        },
    }
    params = good.get(method, _value(rng))
    if method in good and rng.random() < 0.6 and isinstance(params, dict):
        params = dict(params)
        params[rng.choice(list(params))] = _value(rng)
    return params if rng.random() < 0.9 else _value(rng)


def fuzz(raw: RawServer, uri: str, count: int, seed: int) -> tuple[set[int], set[int]]:
    """Send `count` random messages; returns the ids of the requests sent whole and of
    those whose JSON was broken on purpose (whose id is in the text)."""
    rng = random.Random(seed)
    whole: set[int] = set()
    broken: set[int] = set()
    for n in range(100, 100 + count):
        method = rng.choice(METHODS)
        message: dict[str, Any] = {"jsonrpc": "2.0", "method": method}
        is_request = rng.random() < 0.6
        if is_request:
            message["id"] = n
        if rng.random() < 0.9:
            message["params"] = _params(rng, uri, method)
        body = json.dumps(message).encode()
        kind = rng.random()
        if kind < 0.08:
            body = body[: rng.randrange(1, len(body))]  # truncated JSON
            if is_request and b'"id": %d' % n in body:
                broken.add(n)
        elif kind < 0.12:
            body = bytes(rng.randrange(256) for _ in range(rng.randrange(1, 60)))
        elif kind < 0.14:
            body = b"[" * 100_000 + b"]" * 100_000
        elif is_request:
            whole.add(n)
        raw.send_bytes(body)
    return whole, broken


@pytest.mark.parametrize("seed", [1, 2])
def test_fuzz_every_request_is_answered_and_the_server_keeps_serving(
    server: Any, seed: int
) -> None:
    raw, root = server
    uri = open_main(raw, root)
    count = int(os.environ.get("FIXER_LSP_FUZZ_COUNT", "300"))
    whole, broken = fuzz(raw, uri, count, seed)
    for msg_id in sorted(whole | broken):
        raw.response(msg_id)
    if broken:
        assert {error_code(raw.response(i)) for i in broken} == {-32700}
    # Still serving: a fresh document gets its diagnostics, a hover is answered.
    other = root / "other.tf"
    other.write_text(UNFORMATTED)
    raw.notify(
        "textDocument/didOpen",
        {
            "textDocument": {
                "uri": other.as_uri(),
                "languageId": "terraform",
                "version": 1,
                "text": UNFORMATTED,
            }
        },
    )
    diagnostics = raw.wait_for(
        lambda m: (
            m.get("method") == "textDocument/publishDiagnostics"
            and m["params"]["uri"] == other.as_uri()
            and m["params"].get("version") == 1
        )
    )
    assert [d["code"] for d in diagnostics["params"]["diagnostics"]] == ["FX001"]
    raw.request(
        "last",
        "textDocument/hover",
        {"textDocument": {"uri": other.as_uri()}, "position": {"line": 1, "character": 1}},
    )
    assert "FX001" in raw.response("last")["result"]["contents"]["value"]
    assert popups(raw) == []


@pytest.mark.slow
def test_fuzz_long(tmp_path: Path) -> None:
    """A longer fuzz run (`pytest -m slow`)."""
    root = tmp_path / "multi-env"
    shutil.copytree(REPO / "examples" / "multi-env", root)
    raw = RawServer(root)
    try:
        raw.initialize(root)
        uri = (root / "lambda.tf").as_uri()
        raw.notify(
            "textDocument/didOpen",
            {
                "textDocument": {
                    "uri": uri,
                    "languageId": "terraform",
                    "version": 1,
                    "text": (root / "lambda.tf").read_text(),
                }
            },
        )
        whole, broken = fuzz(raw, uri, 5000, 7)
        for msg_id in sorted(whole | broken):
            raw.response(msg_id, timeout=120)
        assert popups(raw) == []
    finally:
        assert raw.close() == 0
