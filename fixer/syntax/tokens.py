"""Token kinds, the Token record, and source positions."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
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


class TokenList(Sequence[Token]):
    """The tokens of a parsed text, EOF last, as a read-only sequence of Token objects.

    The parser keeps them as three parallel lists (kinds, texts, start offsets), which
    is what the formatter and the chunk finder read; a Token object is made for each
    only when the sequence is first read as Tokens. The tokens the syntax tree holds
    (names, operators, comments) are made by the parser and come back as the very same
    objects, so that moving them moves the tree's too.
    """

    __slots__ = ("_held", "_kinds", "_spans", "_starts", "_texts", "_tokens")

    def __init__(
        self,
        kinds: Sequence[str],
        texts: Sequence[str],
        starts: Sequence[int],
        held: list[Token],
        spans: Sequence[int] | None = None,
    ) -> None:
        # Tuples: holding only strings and numbers, they drop out of the garbage
        # collector's sight at its first pass, where lists would be gone through at
        # every full collection, item by item, for as long as the tree lives.
        self._kinds = tuple(kinds)
        self._texts = tuple(texts)
        self._starts = tuple(starts)
        self._held: list[Token] = held  # the Token objects the tree holds
        self._spans = None if spans is None else tuple(spans)
        self._tokens: list[Token] | None = None

    def top_level_spans(self) -> Sequence[int] | None:
        """Where the top-level items of the parsed text start and end, in order, as one
        flat list (start, end, start, end ...); None when unknown, or when the tokens may
        have moved since (they have been read as Token objects)."""
        return self._spans if self._tokens is None else None

    def arrays(self) -> tuple[Sequence[str], Sequence[str], Sequence[int]]:
        """The kinds, texts and start offsets of the tokens (do not change them)."""
        tokens = self._tokens
        if tokens is None:
            return self._kinds, self._texts, self._starts
        return (
            tuple(tok.kind for tok in tokens),
            tuple(tok.text for tok in tokens),
            tuple(tok.start for tok in tokens),
        )

    def _all(self) -> list[Token]:
        tokens = self._tokens
        if tokens is None:
            starts = self._starts
            tokens = list(map(Token, self._kinds, self._texts, starts))
            for held in self._held:
                tokens[bisect_left(starts, held.start)] = held
            self._tokens = tokens
            self._held = []
        return tokens

    def __len__(self) -> int:
        return len(self._kinds)

    @overload
    def __getitem__(self, index: int) -> Token: ...

    @overload
    def __getitem__(self, index: slice) -> list[Token]: ...

    def __getitem__(self, index: int | slice) -> Token | list[Token]:
        return self._all()[index]

    def __iter__(self) -> Iterator[Token]:
        return iter(self._all())

    def __eq__(self, other: object) -> bool:
        if isinstance(other, TokenList | list):
            return list(self) == list(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"TokenList({self._all()!r})"


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
