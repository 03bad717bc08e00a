"""JSON text with positions: where each value, array item and object member is in the text."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

MAX_DEPTH = 200

_WHITESPACE = re.compile(r"[ \t\r\n]*")
_STRING = re.compile(r'"(?:[^"\\\x00-\x1f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"')
_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?")
_LITERAL = re.compile(r"true|false|null")


class JsonSyntaxError(ValueError):
    """The text is not JSON (or nests deeper than MAX_DEPTH)."""


@dataclass
class JsonValue:
    """A value spanning text[start:end]: kind "object", "array", "string", "number" or
    "literal"; an array's `items`, an object's `members` (key, value) in text order."""

    kind: str
    start: int
    end: int
    items: list[JsonValue] = field(default_factory=list)
    members: list[tuple[JsonValue, JsonValue]] = field(default_factory=list)

    def key(self, text: str) -> str:
        """The string a string value stands for."""
        return json.loads(text[self.start : self.end])


def parse_json(text: str) -> JsonValue:
    """The root value of a JSON document, with positions; raises JsonSyntaxError."""
    value, end = _value(text, _skip(text, 0), 0)
    if _skip(text, end) != len(text):
        raise JsonSyntaxError(f"extra data at offset {end}")
    return value


def _skip(text: str, at: int) -> int:
    match = _WHITESPACE.match(text, at)
    assert match is not None
    return match.end()


def _value(text: str, at: int, depth: int) -> tuple[JsonValue, int]:
    if depth > MAX_DEPTH:
        raise JsonSyntaxError("nested too deeply")
    if at >= len(text):
        raise JsonSyntaxError("unexpected end of text")
    char = text[at]
    if char == "{":
        return _object(text, at, depth)
    if char == "[":
        return _array(text, at, depth)
    for kind, pattern in (("string", _STRING), ("number", _NUMBER), ("literal", _LITERAL)):
        match = pattern.match(text, at)
        if match is not None:
            return JsonValue(kind, at, match.end()), match.end()
    raise JsonSyntaxError(f"unexpected {char!r} at offset {at}")


def _array(text: str, at: int, depth: int) -> tuple[JsonValue, int]:
    node = JsonValue("array", at, at)
    at = _skip(text, at + 1)
    if text.startswith("]", at):
        node.end = at + 1
        return node, node.end
    while True:
        item, at = _value(text, at, depth + 1)
        node.items.append(item)
        at = _skip(text, at)
        if text.startswith(",", at):
            at = _skip(text, at + 1)
        elif text.startswith("]", at):
            node.end = at + 1
            return node, node.end
        else:
            raise JsonSyntaxError(f"expected , or ] at offset {at}")


def _object(text: str, at: int, depth: int) -> tuple[JsonValue, int]:
    node = JsonValue("object", at, at)
    at = _skip(text, at + 1)
    if text.startswith("}", at):
        node.end = at + 1
        return node, node.end
    while True:
        match = _STRING.match(text, at)
        if match is None:
            raise JsonSyntaxError(f"expected a key at offset {at}")
        key = JsonValue("string", at, match.end())
        at = _skip(text, match.end())
        if not text.startswith(":", at):
            raise JsonSyntaxError(f"expected : at offset {at}")
        value, at = _value(text, _skip(text, at + 1), depth + 1)
        node.members.append((key, value))
        at = _skip(text, at)
        if text.startswith(",", at):
            at = _skip(text, at + 1)
        elif text.startswith("}", at):
            node.end = at + 1
            return node, node.end
        else:
            raise JsonSyntaxError(f"expected , or }} at offset {at}")
