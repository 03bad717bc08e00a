"""The state of one parse: the tokens as parallel lists, the position, and what every
part of the parser needs (errors, Token objects for the tree, lookahead)."""

from __future__ import annotations

import re
from collections.abc import Generator, Sequence
from itertools import compress, count, repeat
from sys import intern
from typing import Any, NoReturn

from fixer.syntax import tokens as t
from fixer.syntax.errors import HCLSyntaxError
from fixer.syntax.lists import positions, without
from fixer.syntax.tokens import LineIndex, Token

# Terraform (1.11) parses about 70,000 nested brackets and crashes (Go stack overflow)
# at 100,000; nested blocks take it 38 s and 4 GB at 30,000.
MAX_NESTING = 100_000

_SIGNIFICANT = {t.SPACE: False, t.COMMENT: False}  # .get(kind, True)
_PADDING = 3  # EOF tokens after the last one, so that lookahead never runs off the end
_ESCAPE = re.compile(r"\\(?:[nrt\"\\]|u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|(.|$))", re.DOTALL)

# A generator of the parser: yields the generators of nested constructs, gets each
# one's node back, returns its own (see `fixer.syntax.parser`).
Parsing = Generator[Generator[Any, Any, Any], Any, Any]

MULTILINE_STRING = (
    "Invalid multi-line string: quoted strings may not be split over multiple lines; "
    "to produce a multi-line string, either use the \\n escape to represent a newline "
    'character or use the "heredoc" multi-line template syntax'
)
UNTERMINATED = "Unterminated template string: no closing marker was found for the string"


def significant_tokens(kinds: Sequence[str], texts: Sequence[str]) -> tuple[list[str], list[str]]:
    """The kinds and texts of the tokens the grammar reads (all but SPACE and COMMENT).

    A whole-file parse is a function of these (kind, text) pairs alone, EOF included:
    the grammar reads only them (NEWLINE among them; a line comment stops before its
    newline, and a block comment, newlines and all, is one COMMENT, skipped), an INVALID
    token is one of them, and the other tokens, the offsets and the text serve only to
    attach comments, place nodes and say where an error is. So two texts whose scans
    give equal sequences both parse, or both fail with the same message (at places
    that may differ); tests/test_parallel_tokens.py checks it on random token soup.
    """
    keep = list(map(_SIGNIFICANT.get, kinds, repeat(True)))
    return list(compress(kinds, keep)), list(compress(texts, keep))


class ParserState:
    """The tokens of one parse and where the parser is in them."""

    def __init__(
        self,
        text: str,
        kinds: list[str],
        texts: list[str],
        starts: list[int],
        path: str,
        offset: int = 0,
    ) -> None:
        self.text = text
        self.offset = offset  # of the text in the file
        self.path = path
        # Every token, for comments; the significant ones (not spaces and comments)
        # for the grammar, with their index among every token.
        self.kinds = kinds
        self.texts = texts
        self.starts = starts
        if (kinds.count(t.SPACE) + kinds.count(t.COMMENT)) * 16 < len(kinds):
            # Few spaces and comments (a long one-line list): copy the stretches between.
            trivia = sorted([*positions(kinds, t.SPACE), *positions(kinds, t.COMMENT)])
            self.sig_kinds = without(kinds, trivia)
            self.sig_texts = without(texts, trivia)
            self.sig_starts = without(starts, trivia)
            self.sig_index = without(range(len(kinds)), trivia)
        else:
            keep = list(map(_SIGNIFICANT.get, kinds, repeat(True)))
            self.sig_kinds = list(compress(kinds, keep))
            self.sig_texts = list(compress(texts, keep))
            self.sig_starts = list(compress(starts, keep))
            self.sig_index = list(compress(range(len(kinds)), keep))
        # Names repeat across files ("var", "name", "tags"): the trees keep one str each.
        sig_texts = self.sig_texts
        ident = t.IDENT
        for j in compress(count(), [kind == ident for kind in self.sig_kinds]):
            sig_texts[j] = intern(sig_texts[j])
        self.sig_count = len(self.sig_kinds)
        self.sig_kinds += [t.EOF] * _PADDING
        self.sig_texts += [""] * _PADDING
        self.sig_starts += [self.sig_starts[-1]] * _PADDING
        self.sig_index += [self.sig_index[-1]] * _PADDING
        self.held: list[Token] = []  # every Token object made, for TokenList
        self.pos = 0  # in the significant tokens
        self.newlines = [True]  # whether newlines count, innermost last
        self.depth = 0
        self.max_nesting = MAX_NESTING
        self._lines: LineIndex | None = None

    # ------------------------------------------------------------ plumbing

    def fail(self, message: str, offset: int | None = None) -> NoReturn:
        if offset is None:
            offset = self.sig_starts[min(self.pos, self.sig_count - 1)]
        if self._lines is None:
            self._lines = LineIndex(self.text)
        where = self._lines.position(offset - self.offset)
        raise HCLSyntaxError(message, where.line, where.column, self.path)

    def token(self, j: int) -> Token:
        """The Token object of significant token j, for the tree."""
        token = Token(self.sig_kinds[j], self.sig_texts[j], self.sig_starts[j])
        self.held.append(token)
        return token

    def any_token(self, i: int) -> Token:
        """The Token object of token i (among every token), for the tree."""
        token = Token(self.kinds[i], self.texts[i], self.starts[i])
        self.held.append(token)
        return token

    def peek(self) -> str:
        """The kind of the next token, past newlines where newlines do not count."""
        kind = self.sig_kinds[self.pos]
        if kind == t.NEWLINE and not self.newlines[-1]:
            kinds = self.sig_kinds
            pos = self.pos
            while kinds[pos] == t.NEWLINE:
                pos += 1
            self.pos = pos
            return kinds[pos]
        return kind

    def take(self) -> int:
        """The index of the next token (past newlines that do not count), consumed
        unless it is the end of the file."""
        kind = self.peek()
        j = self.pos
        if kind != t.EOF:
            self.pos = j + 1
        return j

    def expect(self, kind: str, message: str) -> int:
        if self.peek() != kind:
            self.fail(message, self.sig_starts[self.pos])
        j = self.pos
        self.pos = j + 1
        return j

    def end(self, j: int) -> int:
        """Where significant token j ends: the int object of the next token's start, so
        that the nodes that start and end there share it."""
        return self.starts[self.sig_index[j] + 1]

    def enter(self) -> None:
        self.depth += 1
        if self.depth > self.max_nesting:
            self.fail(f"Nesting too deep: more than {self.max_nesting} levels of nesting")

    def check_escapes(self, j: int) -> None:
        text = self.sig_texts[j]
        if "\\" in text:
            for escape in _ESCAPE.finditer(text):
                if escape.group(1) is not None or not _valid_code_point(escape.group()):
                    self.fail(
                        "Invalid escape sequence: the symbol after the backslash is not a "
                        "valid escape sequence",
                        self.sig_starts[j] + escape.start(),
                    )


def _valid_code_point(escape: str) -> bool:
    """A \\u or \\U escape must name a Unicode scalar value (no surrogate, <= U+10FFFF)."""
    if escape[1] not in "uU":
        return True
    value = int(escape[2:], 16)
    return value <= 0x10FFFF and not 0xD800 <= value <= 0xDFFF
