"""Turning file bytes into text and back: UTF-8, byte-order mark, binary detection."""

from __future__ import annotations

from dataclasses import dataclass

from fixer.syntax.errors import HCLSyntaxError

BOM = "\ufeff"


@dataclass(frozen=True, slots=True)
class DecodedSource:
    """A file's text without its byte-order mark, and whether it had one."""

    text: str
    bom: bool

    def encode(self, text: str | None = None) -> bytes:
        """Bytes for text (default: the decoded text), with the BOM put back if it had one."""
        body = self.text if text is None else text
        return ((BOM + body) if self.bom else body).encode("utf-8")


def decode(data: bytes, path: str = "<input>") -> DecodedSource:
    """Decode file bytes as UTF-8, as Terraform requires; anything else is a syntax error."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise HCLSyntaxError(
            "Invalid character encoding: the file is not valid UTF-8 (binary or encrypted?)",
            line,
            column,
            path,
        ) from None
    if text.startswith(BOM):
        return DecodedSource(text[1:], True)
    return DecodedSource(text, False)
