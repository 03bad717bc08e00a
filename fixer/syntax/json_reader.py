"""A lossless JSON reader: each value with its offsets in the text it was read from.

For JSON embedded in HCL (a heredoc policy): values keep where they are, so a rewrite
can splice new text in and leave every other byte alone. Ranges in `masked` (template
interpolations) read as strings whose value is unknown (None).
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass
class JNode:
    """A JSON value and its [start, end) offsets in the file."""

    start: int
    end: int


@dataclass
class JString(JNode):
    value: str | None  # None when an interpolation sits inside


@dataclass
class JScalar(JNode):
    pass


@dataclass
class JArray(JNode):
    items: list[JNode]


@dataclass
class JObject(JNode):
    members: list[tuple[JString, JNode]]

    def get(self, key: str) -> JNode | None:
        for name, value in self.members:
            if name.value == key:
                return value
        return None

    def keys(self) -> set[str | None]:
        return {name.value for name, _ in self.members}


class JsonError(ValueError):
    """The text is not JSON this reader can read."""


class JsonReader:
    """A small JSON parser that keeps each value's offsets in the file."""

    _SCALAR = re.compile(r"-?\d+(\.\d+)?([eE][+-]?\d+)?|true|false|null")

    def __init__(self, text: str, base: int, masked: Sequence[tuple[int, int]]) -> None:
        self.text = text
        self.base = base
        self.masked = masked
        self.pos = 0

    def read(self) -> JNode:
        node = self._value()
        self._space()
        if self.pos != len(self.text):
            raise JsonError("trailing text")
        return node

    def _space(self) -> None:
        while self.pos < len(self.text) and self.text[self.pos] in " \t\r\n":
            self.pos += 1

    def _value(self) -> JNode:
        self._space()
        if self.pos >= len(self.text):
            raise JsonError("unexpected end")
        char = self.text[self.pos]
        if char == "{":
            return self._object()
        if char == "[":
            return self._array()
        if char == '"':
            return self._string()
        match = self._SCALAR.match(self.text, self.pos)
        if match is None:
            raise JsonError(f"unexpected {char!r}")
        self.pos = match.end()
        return JScalar(self.base + match.start(), self.base + match.end())

    def _string(self) -> JString:
        start = self.pos
        self.pos += 1
        while self.pos < len(self.text) and self.text[self.pos] != '"':
            self.pos += 2 if self.text[self.pos] == "\\" else 1
        if self.pos >= len(self.text):
            raise JsonError("unterminated string")
        self.pos += 1
        begin, end = self.base + start, self.base + self.pos
        if any(s < end and begin < e for s, e in self.masked):
            return JString(begin, end, None)
        try:
            value = json.loads(self.text[start : self.pos])
        except ValueError as error:
            raise JsonError(str(error)) from None
        return JString(begin, end, value)

    def _expect(self, char: str) -> None:
        self._space()
        if self.pos >= len(self.text) or self.text[self.pos] != char:
            raise JsonError(f"expected {char!r}")
        self.pos += 1

    def _object(self) -> JObject:
        start = self.pos
        self.pos += 1
        members: list[tuple[JString, JNode]] = []
        self._space()
        if self.text.startswith("}", self.pos):
            self.pos += 1
            return JObject(self.base + start, self.base + self.pos, members)
        while True:
            self._space()
            if not self.text.startswith('"', self.pos):
                raise JsonError("expected a key")
            key = self._string()
            self._expect(":")
            members.append((key, self._value()))
            self._space()
            if self.text.startswith(",", self.pos):
                self.pos += 1
                continue
            self._expect("}")
            return JObject(self.base + start, self.base + self.pos, members)

    def _array(self) -> JArray:
        start = self.pos
        self.pos += 1
        items: list[JNode] = []
        self._space()
        if self.text.startswith("]", self.pos):
            self.pos += 1
            return JArray(self.base + start, self.base + self.pos, items)
        while True:
            items.append(self._value())
            self._space()
            if self.text.startswith(",", self.pos):
                self.pos += 1
                continue
            self._expect("]")
            return JArray(self.base + start, self.base + self.pos, items)
