"""Token kinds, the Token record, and source positions."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass

# Token kinds. Values are short strings so that tokens print readably in tests.
SPACE = "SPACE"  # spaces and tabs between tokens
NEWLINE = "NEWLINE"  # "\n" or "\r\n"
COMMENT = "COMMENT"  # "# ...", "// ..." (without the newline) or "/* ... */"
IDENT = "IDENT"
NUMBER = "NUMBER"
OBRACE = "{"
CBRACE = "}"
OBRACK = "["
CBRACK = "]"
OPAREN = "("
CPAREN = ")"
OQUOTE = "OQUOTE"  # opening '"'
CQUOTE = "CQUOTE"  # closing '"'
QUOTED_LIT = "QUOTED_LIT"  # literal text inside a quoted template, escapes unresolved
QUOTED_NEWLINE = "QUOTED_NEWLINE"  # a newline inside a quoted string (a syntax error)
OHEREDOC = "OHEREDOC"  # "<<EOT\n" or "<<-EOT\n", newline included
CHEREDOC = "CHEREDOC"  # the closing marker line, leading spaces included, newline excluded
STRING_LIT = "STRING_LIT"  # literal text inside a heredoc, newline included
TEMPLATE_INTERP = "${"  # "${" or "${~"
TEMPLATE_CONTROL = "%{"  # "%{" or "%{~"
TEMPLATE_SEQ_END = "SEQ_END"  # "}" or "~}" closing an interpolation or directive
STAR = "*"
SLASH = "/"
PLUS = "+"
MINUS = "-"
PERCENT = "%"
EQUAL = "="
EQUAL_OP = "=="
NOT_EQUAL = "!="
LESS = "<"
LESS_EQ = "<="
GREATER = ">"
GREATER_EQ = ">="
AND = "&&"
OR = "||"
BANG = "!"
DOT = "."
COMMA = ","
ELLIPSIS = "..."
FAT_ARROW = "=>"
QUESTION = "?"
COLON = ":"
DOUBLE_COLON = "::"
INVALID = "INVALID"  # a character HCL does not allow here
EOF = "EOF"  # zero-width, always last

TRIVIA = frozenset({SPACE, NEWLINE, COMMENT})


class Token:
    """One lexeme: its kind, its exact text and where it starts (a character offset)."""

    __slots__ = ("kind", "start", "text")

    def __init__(self, kind: str, text: str, start: int) -> None:
        self.kind = kind
        self.text = text
        self.start = start

    @property
    def end(self) -> int:
        return self.start + len(self.text)

    def __repr__(self) -> str:
        return f"Token({self.kind}, {self.text!r}, {self.start})"

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, Token)
            and self.kind == other.kind
            and self.text == other.text
            and self.start == other.start
        )

    def __hash__(self) -> int:
        return hash((self.kind, self.text, self.start))


@dataclass(frozen=True, slots=True)
class Position:
    """A 1-based line and column (columns count characters) and a 0-based offset."""

    line: int
    column: int
    offset: int


class LineIndex:
    """Maps character offsets in a text to lines, columns and UTF-8 byte offsets."""

    def __init__(self, text: str) -> None:
        self.text = text
        starts = [0]
        find = text.find
        i = find("\n")
        while i >= 0:
            starts.append(i + 1)
            i = find("\n", i + 1)
        self.line_starts = starts
        self._ascii = text.isascii()

    def position(self, offset: int) -> Position:
        line = bisect_right(self.line_starts, offset) - 1
        return Position(line + 1, offset - self.line_starts[line] + 1, offset)

    def offset(self, line: int, column: int) -> int:
        """The character offset of a 1-based line and column."""
        return self.line_starts[line - 1] + column - 1

    def byte_offset(self, offset: int) -> int:
        """The UTF-8 byte offset of a character offset."""
        if self._ascii:
            return offset
        return len(self.text[:offset].encode("utf-8"))
