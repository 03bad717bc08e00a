"""Character offsets to LSP positions and back, in UTF-8, UTF-16 or UTF-32 code units."""

from __future__ import annotations

import re
from bisect import bisect_right

from lsprotocol import types

# LSP lines end at "\r\n", "\n" or a lone "\r" (and nowhere else, unlike str.splitlines).
_LINE_END = re.compile(r"\r\n|\n|\r")


class PositionMap:
    """Converts between character offsets in one text and LSP positions.

    `encoding` is the negotiated position encoding: "utf-8", "utf-16" (the LSP default)
    or "utf-32"; a position's `character` counts code units of that encoding. Offsets
    are those of the engine, which drops a leading byte-order mark (`shift` is 1 then).
    """

    def __init__(self, text: str, encoding: str = "utf-16", shift: int = 0) -> None:
        self.text = text
        self.encoding = encoding
        self.shift = shift
        self.starts = [0] + [m.end() for m in _LINE_END.finditer(text)]
        self._simple = text.isascii() or encoding == "utf-32"

    def _units(self, chunk: str) -> int:
        if self._simple:
            return len(chunk)
        if self.encoding == "utf-8":
            return len(chunk.encode("utf-8", "surrogatepass"))
        return len(chunk.encode("utf-16-le", "surrogatepass")) // 2

    def line_end(self, line: int) -> int:
        """The offset where a line's content ends (before its line terminator)."""
        if line + 1 < len(self.starts):
            end = self.starts[line + 1]
            if self.text.startswith("\r\n", end - 2) and end - 2 >= self.starts[line]:
                return end - 2
            return end - 1
        return len(self.text)

    def position(self, offset: int) -> types.Position:
        offset = max(0, min(offset + self.shift, len(self.text)))
        line = bisect_right(self.starts, offset) - 1
        start = self.starts[line]
        if offset > self.line_end(line):  # inside a "\r\n": count it as the line end
            offset = self.line_end(line)
        return types.Position(line=line, character=self._units(self.text[start:offset]))

    def range(self, start: int, end: int) -> types.Range:
        return types.Range(start=self.position(start), end=self.position(end))

    def offset(self, position: types.Position) -> int:
        """The offset of a position; positions past a line's end clamp to its end."""
        return max(0, self._text_offset(position) - self.shift)

    def _text_offset(self, position: types.Position) -> int:
        if position.line < 0:
            return 0
        if position.line >= len(self.starts):
            return len(self.text)
        start = self.starts[position.line]
        end = self.line_end(position.line)
        wanted = max(0, position.character)
        if self._simple:
            return min(start + wanted, end)
        units = 0
        for index in range(start, end):
            if units >= wanted:
                return index
            units += self._units(self.text[index])
        return end
