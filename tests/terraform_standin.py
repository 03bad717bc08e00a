"""Stand-in Terraform providers for providers the local plugin directory lacks.

Run as a plugin by Terraform (`python terraform_standin.py random|archive`, through the
small launcher `terraform_oracle.py` writes): it serves Terraform's plugin protocol 5
over gRPC (go-plugin's handshake on stdout, a Unix socket, no TLS: the oracle sets
TF_DISABLE_PLUGIN_TLS) with the real schemas of hashicorp/random 3.6 and
hashicorp/archive 2.x, so `terraform validate` checks every argument as the real
provider would. For `terraform plan` it behaves as those providers do before apply:
computed attributes of a new resource are unknown, and `data "archive_file"` really
zips its sources (missing sources are errors) and returns the archive's size and
hashes. Nothing is ever applied.

Protocol buffers and msgpack are encoded here by hand (a few message types), so the
only dependency is grpcio.
"""

from __future__ import annotations

import base64
import hashlib
import os
import struct
import sys
import tempfile
import zipfile
from collections.abc import Callable, Iterator
from concurrent import futures
from pathlib import Path

STRING, NUMBER, BOOL = '"string"', '"number"', '"bool"'
MAP_STRING, LIST_STRING, SET_STRING = '["map","string"]', '["list","string"]', '["set","string"]'

# name -> (type, required, optional, computed, sensitive)
Attr = tuple[str, bool, bool, bool, bool]


def _req(kind: str) -> Attr:
    return (kind, True, False, False, False)


def _opt(kind: str) -> Attr:
    return (kind, False, True, False, False)


def _optc(kind: str) -> Attr:
    return (kind, False, True, True, False)


def _comp(kind: str, sensitive: bool = False) -> Attr:
    return (kind, False, False, True, sensitive)


_PASSWORD = {
    "id": _comp(STRING),
    "keepers": _opt(MAP_STRING),
    "length": _req(NUMBER),
    "lower": _optc(BOOL),
    "min_lower": _optc(NUMBER),
    "min_numeric": _optc(NUMBER),
    "min_special": _optc(NUMBER),
    "min_upper": _optc(NUMBER),
    "number": _optc(BOOL),
    "numeric": _optc(BOOL),
    "override_special": _opt(STRING),
    "special": _optc(BOOL),
    "upper": _optc(BOOL),
}
SCHEMAS: dict[str, dict[str, dict[str, dict[str, Attr]]]] = {
    "random": {
        "resources": {
            "random_password": {
                **_PASSWORD,
                "result": _comp(STRING, True),
                "bcrypt_hash": _comp(STRING, True),
            },
            "random_string": {**_PASSWORD, "result": _comp(STRING)},
            "random_id": {
                "id": _comp(STRING),
                "keepers": _opt(MAP_STRING),
                "byte_length": _req(NUMBER),
                "prefix": _opt(STRING),
                "b64_url": _comp(STRING),
                "b64_std": _comp(STRING),
                "hex": _comp(STRING),
                "dec": _comp(STRING),
            },
            "random_integer": {
                "id": _comp(STRING),
                "keepers": _opt(MAP_STRING),
                "min": _req(NUMBER),
                "max": _req(NUMBER),
                "seed": _opt(STRING),
                "result": _comp(NUMBER),
            },
            "random_pet": {
                "id": _comp(STRING),
                "keepers": _opt(MAP_STRING),
                "length": _optc(NUMBER),
                "prefix": _opt(STRING),
                "separator": _optc(STRING),
            },
            "random_shuffle": {
                "id": _comp(STRING),
                "keepers": _opt(MAP_STRING),
                "input": _req(LIST_STRING),
                "result_count": _opt(NUMBER),
                "seed": _opt(STRING),
                "result": _comp(LIST_STRING),
            },
            "random_uuid": {
                "id": _comp(STRING),
                "keepers": _opt(MAP_STRING),
                "result": _comp(STRING),
            },
        },
        "data": {},
    },
    "archive": {
        "resources": {},
        "data": {
            "archive_file": {
                "id": _comp(STRING),
                "type": _req(STRING),
                "source_content": _opt(STRING),
                "source_content_filename": _opt(STRING),
                "source_file": _opt(STRING),
                "source_dir": _opt(STRING),
                "excludes": _opt(SET_STRING),
                "exclude_symlink_directories": _opt(BOOL),
                "output_path": _req(STRING),
                "output_file_mode": _opt(STRING),
                "output_size": _comp(NUMBER),
                "output_sha": _comp(STRING),
                "output_sha256": _comp(STRING),
                "output_base64sha256": _comp(STRING),
                "output_sha512": _comp(STRING),
                "output_base64sha512": _comp(STRING),
                "output_md5": _comp(STRING),
            }
        },
    },
}
# archive_file's `source { content, filename }` blocks (nesting mode SET).
ARCHIVE_SOURCE_BLOCK = {"content": _req(STRING), "filename": _req(STRING)}
VERSIONS = {"random": "3.6.3", "archive": "2.7.1"}

# ---------------------------------------------------------------- protocol buffers


def _varint(value: int) -> bytes:
    value &= (1 << 64) - 1
    out = bytearray()
    while True:
        low = value & 0x7F
        value >>= 7
        if value:
            out.append(low | 0x80)
        else:
            out.append(low)
            return bytes(out)


def field(number: int, value: bytes | str | int | bool) -> bytes:
    """One protobuf field: a varint for int/bool, length-delimited for bytes/str."""
    if isinstance(value, bool | int):
        return _varint(number << 3) + _varint(int(value))
    data = value.encode() if isinstance(value, str) else value
    return _varint(number << 3 | 2) + _varint(len(data)) + data


def fields(data: bytes) -> dict[int, list[bytes | int]]:
    """A message's fields: number -> values (bytes for length-delimited, int for varint)."""
    found: dict[int, list[bytes | int]] = {}
    i = 0

    def varint() -> int:
        nonlocal i
        shift = result = 0
        while True:
            byte = data[i]
            i += 1
            result |= (byte & 0x7F) << shift
            shift += 7
            if not byte & 0x80:
                return result

    while i < len(data):
        key = varint()
        number, wire = key >> 3, key & 7
        if wire == 0:
            found.setdefault(number, []).append(varint())
        elif wire == 2:
            size = varint()
            found.setdefault(number, []).append(data[i : i + size])
            i += size
        elif wire == 1:
            i += 8
        elif wire == 5:
            i += 4
        else:
            raise ValueError(f"wire type {wire}")
    return found


def _first(message: dict[int, list[bytes | int]], number: int) -> bytes:
    value = message.get(number, [b""])[0]
    return value if isinstance(value, bytes) else b""


def _block(attributes: dict[str, Attr], blocks: dict[str, bytes] | None = None) -> bytes:
    out = b""
    for name, (kind, required, optional, computed, sensitive) in sorted(attributes.items()):
        attr = field(1, name) + field(2, kind)
        for number, flag in ((4, required), (5, optional), (6, computed), (7, sensitive)):
            if flag:
                attr += field(number, True)
        out += field(2, attr)
    for nested in (blocks or {}).values():
        out += field(3, nested)
    return out


def _schema(attributes: dict[str, Attr], blocks: dict[str, bytes] | None = None) -> bytes:
    return field(2, _block(attributes, blocks))


def provider_schema(provider: str) -> bytes:
    """GetProviderSchema.Response for a stand-in provider."""
    spec = SCHEMAS[provider]
    out = field(1, _schema({}))
    for key, number in (("resources", 2), ("data", 3)):
        for name, attributes in sorted(spec[key].items()):
            blocks = None
            if name == "archive_file":
                source = _block(ARCHIVE_SOURCE_BLOCK)
                blocks = {"source": field(1, "source") + field(2, source) + field(3, 3)}
            out += field(number, field(1, name) + field(2, _schema(attributes, blocks)))
    return out


def diagnostic(summary: str, detail: str = "") -> bytes:
    return field(1, 1) + field(2, summary) + field(3, detail)


# ---------------------------------------------------------------- msgpack (cty values)


class Unknown:
    """An unknown cty value (msgpack extension type 0, or a refined one)."""

    def __repr__(self) -> str:
        return "Unknown"


UNKNOWN = Unknown()


def unpack(data: bytes) -> object:
    value, _ = _unpack(data, 0)
    return value


def _unpack(data: bytes, i: int) -> tuple[object, int]:
    byte = data[i]
    i += 1
    if byte <= 0x7F:
        return byte, i
    if byte >= 0xE0:
        return byte - 0x100, i
    if 0x80 <= byte <= 0x8F:
        return _map(data, i, byte & 0x0F)
    if 0x90 <= byte <= 0x9F:
        return _array(data, i, byte & 0x0F)
    if 0xA0 <= byte <= 0xBF:
        size = byte & 0x1F
        return data[i : i + size].decode(), i + size
    if byte == 0xC0:
        return None, i
    if byte in (0xC2, 0xC3):
        return byte == 0xC3, i
    sizes = {0xCC: ">B", 0xCD: ">H", 0xCE: ">I", 0xCF: ">Q", 0xD0: ">b", 0xD1: ">h"}
    sizes |= {0xD2: ">i", 0xD3: ">q", 0xCA: ">f", 0xCB: ">d"}
    if byte in sizes:
        fmt = sizes[byte]
        width = struct.calcsize(fmt)
        return struct.unpack(fmt, data[i : i + width])[0], i + width
    lengths = {0xD9: ">B", 0xDA: ">H", 0xDB: ">I", 0xC4: ">B", 0xC5: ">H", 0xC6: ">I"}
    if byte in lengths:
        fmt = lengths[byte]
        width = struct.calcsize(fmt)
        size = struct.unpack(fmt, data[i : i + width])[0]
        raw = data[i + width : i + width + size]
        return (raw.decode() if byte >= 0xD9 else raw), i + width + size
    if byte in (0xDC, 0xDD):
        width = 2 if byte == 0xDC else 4
        return _array(data, i + width, int.from_bytes(data[i : i + width], "big"))
    if byte in (0xDE, 0xDF):
        width = 2 if byte == 0xDE else 4
        return _map(data, i + width, int.from_bytes(data[i : i + width], "big"))
    fixed = {0xD4: 1, 0xD5: 2, 0xD6: 4, 0xD7: 8, 0xD8: 16}
    if byte in fixed:
        return UNKNOWN, i + 1 + fixed[byte]
    if byte in (0xC7, 0xC8, 0xC9):
        width = {0xC7: 1, 0xC8: 2, 0xC9: 4}[byte]
        size = int.from_bytes(data[i : i + width], "big")
        return UNKNOWN, i + width + 1 + size
    raise ValueError(f"msgpack byte {byte:#x}")


def _array(data: bytes, i: int, count: int) -> tuple[list[object], int]:
    items = []
    for _ in range(count):
        item, i = _unpack(data, i)
        items.append(item)
    return items, i


def _map(data: bytes, i: int, count: int) -> tuple[dict[object, object], int]:
    found = {}
    for _ in range(count):
        key, i = _unpack(data, i)
        found[key], i = _unpack(data, i)
    return found, i


def pack(value: object) -> bytes:
    if value is None:
        return b"\xc0"
    if value is UNKNOWN:
        return b"\xd4\x00\x00"
    if isinstance(value, bool):
        return b"\xc3" if value else b"\xc2"
    if isinstance(value, int):
        return b"\xd3" + struct.pack(">q", value)
    if isinstance(value, float):
        return b"\xcb" + struct.pack(">d", value)
    if isinstance(value, str):
        data = value.encode()
        return b"\xdb" + struct.pack(">I", len(data)) + data
    if isinstance(value, list):
        return b"\xdd" + struct.pack(">I", len(value)) + b"".join(pack(v) for v in value)
    if isinstance(value, dict):
        out = b"\xdf" + struct.pack(">I", len(value))
        return out + b"".join(pack(k) + pack(v) for k, v in value.items())
    raise TypeError(type(value))


# ---------------------------------------------------------------- the provider


def plan_resource(provider: str, request: bytes) -> bytes:
    """PlanResourceChange.Response: the proposed state, computed nulls made unknown."""
    message = fields(request)
    type_name = _first(message, 1).decode()
    proposed = unpack(_first(fields(_first(message, 3)), 1) or b"\xc0")
    prior = unpack(_first(fields(_first(message, 2)), 1) or b"\xc0")
    if isinstance(proposed, dict) and prior is None:
        attributes = SCHEMAS[provider]["resources"].get(type_name, {})
        for name, (_, _, _, computed, _) in attributes.items():
            if computed and proposed.get(name) is None:
                proposed[name] = UNKNOWN
    return field(1, field(1, pack(proposed)))


def read_archive(request: bytes) -> bytes:
    """ReadDataSource.Response for archive_file: zip the sources, report size and hashes."""
    message = fields(request)
    config = unpack(_first(fields(_first(message, 2)), 1) or b"\xc0")
    assert isinstance(config, dict)
    try:
        data = _zip(config)
    except (OSError, ValueError) as error:
        return field(2, diagnostic("Archive creation error", str(error)))
    output = Path(str(config["output_path"]))
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_bytes(data)
    sha256 = hashlib.sha256(data).digest()
    sha512 = hashlib.sha512(data).digest()
    state = dict(config)
    state.update(
        id=hashlib.sha1(data).hexdigest(),
        output_size=len(data),
        output_sha=hashlib.sha1(data).hexdigest(),
        output_sha256=sha256.hex(),
        output_base64sha256=base64.b64encode(sha256).decode(),
        output_sha512=sha512.hex(),
        output_base64sha512=base64.b64encode(sha512).decode(),
        output_md5=hashlib.md5(data).hexdigest(),
    )
    return field(1, field(1, pack(state)))


def _zip(config: dict[object, object]) -> bytes:
    if config.get("type") != "zip":
        raise ValueError(f"archive type {config.get('type')!r} is not supported")
    entries: list[tuple[str, bytes]] = []
    if isinstance(config.get("source_file"), str):
        path = Path(str(config["source_file"]))
        entries.append((path.name, path.read_bytes()))
    elif isinstance(config.get("source_dir"), str):
        root = Path(str(config["source_dir"]))
        if not root.is_dir():
            raise ValueError(f"source_dir {root} is not a directory")
        excluded = {str(e) for e in config.get("excludes") or []}
        for path in sorted(root.rglob("*")):
            rel = path.relative_to(root).as_posix()
            if path.is_file() and rel not in excluded:
                entries.append((rel, path.read_bytes()))
    elif isinstance(config.get("source_content"), str):
        name = str(config.get("source_content_filename") or "")
        if not name:
            raise ValueError("source_content_filename is required with source_content")
        entries.append((name, str(config["source_content"]).encode()))
    else:
        raise ValueError("one of source_file, source_dir, source_content or source is needed")
    with tempfile.SpooledTemporaryFile() as buffer:
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, content in entries:
                info = zipfile.ZipInfo(name, (2049, 1, 1, 0, 0, 0))
                info.external_attr = 0o644 << 16
                archive.writestr(info, content)
        buffer.seek(0)
        return buffer.read()


def handlers(provider: str) -> dict[str, Callable[[bytes], bytes]]:
    """tfplugin5.Provider methods; any other answers an empty message (no diagnostics)."""

    def echo_config(request: bytes) -> bytes:
        return field(1, _first(fields(request), 1))

    def read_data(request: bytes) -> bytes:
        type_name = _first(fields(request), 1).decode()
        if provider == "archive" and type_name == "archive_file":
            return read_archive(request)
        return field(2, diagnostic(f"{type_name} cannot be read by the stand-in"))

    return {
        "GetSchema": lambda _: provider_schema(provider),
        "PrepareProviderConfig": echo_config,
        "PlanResourceChange": lambda request: plan_resource(provider, request),
        "ReadDataSource": read_data,
        "ApplyResourceChange": lambda _: field(
            3, diagnostic("the stand-in provider never applies")
        ),
    }


def serve(provider: str) -> None:  # pragma: no cover - runs as Terraform's plugin
    import grpc

    methods = handlers(provider)

    class Handler(grpc.GenericRpcHandler):
        def service(self, details: grpc.HandlerCallDetails) -> grpc.RpcMethodHandler | None:
            service, _, method = details.method.lstrip("/").partition("/")
            if service == "grpc.health.v1.Health":
                return grpc.unary_unary_rpc_method_handler(lambda request, context: b"\x08\x01")
            if service != "tfplugin5.Provider":
                return None
            answer = methods.get(method, lambda _: b"")
            return grpc.unary_unary_rpc_method_handler(lambda request, context: answer(request))

    socket = Path(tempfile.mkdtemp(prefix="tf-standin-")) / "plugin.sock"
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=4), handlers=[Handler()])
    server.add_insecure_port(f"unix:{socket}")
    server.start()
    sys.stdout.write(f"1|5|unix|{socket}|grpc\n")
    sys.stdout.flush()
    server.wait_for_termination()


def main(argv: Iterator[str] | list[str]) -> None:  # pragma: no cover
    args = list(argv)
    if os.environ.get("TF_PLUGIN_MAGIC_COOKIE") is None:
        sys.exit("This is a Terraform plugin stand-in: Terraform runs it.")
    serve(args[0])


if __name__ == "__main__":  # pragma: no cover
    main(sys.argv[1:])
