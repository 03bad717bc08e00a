"""Token kinds, the Token record, and source positions."""

from __future__ import annotations

from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import pairwise
from operator import attrgetter
from typing import overload

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


# Every kind, numbered: a token list keeps its kinds as one byte each.
KINDS: tuple[str, ...] = (
    SPACE, NEWLINE, COMMENT, IDENT, NUMBER, OBRACE, CBRACE, OBRACK, CBRACK, OPAREN, CPAREN,
    OQUOTE, CQUOTE, QUOTED_LIT, QUOTED_NEWLINE, OHEREDOC, CHEREDOC, STRING_LIT,
    TEMPLATE_INTERP, TEMPLATE_CONTROL, TEMPLATE_SEQ_END, STAR, SLASH, PLUS, MINUS, PERCENT,
    EQUAL, EQUAL_OP, NOT_EQUAL, LESS, LESS_EQ, GREATER, GREATER_EQ, AND, OR, BANG, DOT, COMMA,
    ELLIPSIS, FAT_ARROW, QUESTION, COLON, DOUBLE_COLON, INVALID, EOF,
)  # fmt: skip
KIND_CODES = {kind: code for code, kind in enumerate(KINDS)}
_START = attrgetter("start")


class TokenList(Sequence[Token]):
    """The tokens of a parsed text, EOF last, as a read-only sequence of Token objects.

    It keeps the text, each token's start offset (an array of machine integers) and its
    kind (a byte): a token's text is the text between its start and the next one's. A
    Token object is made each time a token is read, except for the tokens the syntax
    tree holds (names, operators, comments), made by the parser: they come back as the
    very same objects, so that moving them moves the tree's too.
    """

    __slots__ = ("_held", "_held_starts", "_kinds", "_offset", "_spans", "_starts", "_text")

    def __init__(
        self,
        text: str,
        offset: int,
        kinds: Sequence[str],
        starts: Sequence[int],
        held: list[Token],
        spans: Sequence[int] | None = None,
    ) -> None:
        """`kinds` are those of the tokens of text (EOF last), and `starts` where they
        start and where EOF ends, text itself starting at offset (in a larger file)."""
        self._text = text
        self._offset = offset
        self._kinds = bytes(map(KIND_CODES.__getitem__, kinds))
        typecode = "I" if offset + len(text) < 1 << 32 else "Q"
        self._starts = array(typecode, starts)
        held.sort(key=_START)
        self._held = held  # the Token objects the tree holds, in order
        self._held_starts = array(typecode, map(_START, held))  # where they were scanned
        self._spans = None if spans is None else array(typecode, spans)

    def top_level_spans(self) -> Sequence[int] | None:
        """Where the top-level items of the parsed text start and end, in order, as one
        flat list (start, end, start, end ...); None when unknown, or when a token the
        tree holds has moved since."""
        return self._spans if self._spans is not None and not self._moved() else None

    def arrays(self) -> tuple[list[str], list[str], Sequence[int]]:
        """New lists of the kinds and texts of the tokens, and their start offsets (do
        not change those)."""
        starts = self._starts
        if self._moved():
            tokens = list(self)
            return (
                [tok.kind for tok in tokens],
                [tok.text for tok in tokens],
                [tok.start for tok in tokens],
            )
        table = KINDS
        kinds = [table[code] for code in self._kinds]  # faster than map(KINDS.__getitem__)
        return kinds, self._texts(0, len(kinds)), starts[:-1]

    def _texts(self, first: int, last: int) -> list[str]:
        """The texts of tokens first to last (excluded)."""
        bounds = self._starts[first : last + 1].tolist()
        if self._offset:
            bounds = [bound - self._offset for bound in bounds]
        text = self._text
        return [text[start:end] for start, end in pairwise(bounds)]

    def _moved(self) -> bool:
        """Whether a token the tree holds is no longer where it was scanned."""
        return self._held_starts.tolist() != list(map(_START, self._held))

    def _tokens(self, first: int, last: int) -> list[Token]:
        """Tokens first to last (excluded), the tree's own where it holds them."""
        starts = self._starts
        kinds = map(KINDS.__getitem__, self._kinds[first:last])
        tokens = list(map(Token, kinds, self._texts(first, last), starts[first:last]))
        held = self._held
        if held and first < last:
            # Found by where they were scanned: they may have moved since.
            scanned = self._held_starts
            lo = bisect_left(scanned, starts[first])
            hi = bisect_left(scanned, starts[last]) if last < len(self._kinds) else len(held)
            for at in range(lo, hi):
                i = bisect_left(starts, scanned[at], first, last)
                tokens[i - first] = held[at]
        return tokens

    def __len__(self) -> int:
        return len(self._kinds)

    @overload
    def __getitem__(self, index: int) -> Token: ...

    @overload
    def __getitem__(self, index: slice) -> list[Token]: ...

    def __getitem__(self, index: int | slice) -> Token | list[Token]:
        count = len(self._kinds)
        if isinstance(index, slice):
            first, last, step = index.indices(count)
            if step != 1:
                return self._tokens(0, count)[index]
            return self._tokens(first, max(first, last))
        if index < 0:
            index += count
        if not 0 <= index < count:
            raise IndexError("token index out of range")
        return self._tokens(index, index + 1)[0]

    def __iter__(self) -> Iterator[Token]:
        count = len(self._kinds)
        step = 4096  # made a slice at a time: a loop that stops early makes few
        for first in range(0, count, step):
            yield from self._tokens(first, min(first + step, count))

    def __eq__(self, other: object) -> bool:
        if isinstance(other, TokenList | list):
            return list(self) == list(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"TokenList({list(self)!r})"


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
        self.line_starts = tuple(starts)  # a tuple: the collector stops looking at it
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


def token_arrays(tokens: Sequence[Token]) -> tuple[list[str], list[str], Sequence[int]]:
    """New lists of the kinds and texts of the tokens, and their start offsets (do not
    change those): a TokenList's from its arrays, without a Token object per token."""
    if isinstance(tokens, TokenList):
        return tokens.arrays()
    return (
        [tok.kind for tok in tokens],
        [tok.text for tok in tokens],
        [tok.start for tok in tokens],
    )
