"""Character offsets to 1-based lines and columns, and a text's newline convention."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Mapping


class LineMap:
    """Lines (split after each "\\n") and columns (counted in characters) of one text."""

    def __init__(self, text: str) -> None:
        self.text = text
        starts = [0]
        at = text.find("\n")
        while at >= 0:
            starts.append(at + 1)
            at = text.find("\n", at + 1)
        self.starts = starts

    def position(self, offset: int) -> tuple[int, int]:
        """The 1-based line and column of an offset (the end of the text included)."""
        if not 0 <= offset <= len(self.text):
            raise ValueError(f"offset {offset} outside a text of {len(self.text)} characters")
        index = bisect_right(self.starts, offset) - 1
        return index + 1, offset - self.starts[index] + 1

    def sarif_position(self, offset: int) -> tuple[int, int]:
        """Like `position`, except that the end of a text ending with a newline lies on its
        last line, one column past the newline (SARIF 2.1.0 §3.30.2: there is no line after it).
        """
        if offset == len(self.text) and len(self.starts) > 1 and offset == self.starts[-1]:
            last = len(self.starts) - 1
            return last, offset - self.starts[last - 1] + 1
        return self.position(offset)

    @property
    def newline(self) -> str:
        """The dominant line ending, which applied fixes give to inserted text."""
        crlf = self.text.count("\r\n")
        return "\r\n" if crlf and crlf * 2 >= self.text.count("\n") else "\n"

    def applied(self, content: str) -> str:
        """Inserted content as it lands in this text: "\\n" becomes "\\r\\n" in CRLF files."""
        if self.newline != "\r\n" or "\n" not in content:
            return content
        return content.replace("\r\n", "\n").replace("\n", "\r\n")


class LineMaps:
    """A `LineMap` per path, built on first use; `get` is None for a path without a text."""

    def __init__(self, texts: Mapping[str, str]) -> None:
        self.texts = texts
        self.maps: dict[str, LineMap] = {}

    def get(self, path: str) -> LineMap | None:
        if path not in self.maps and path in self.texts:
            self.maps[path] = LineMap(self.texts[path])
        return self.maps.get(path)

    def applied(self, path: str, content: str) -> str:
        """Content as a fix inserts it into the file at `path`."""
        lines = self.get(path)
        return lines.applied(content) if lines else content
