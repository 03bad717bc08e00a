"""Scanner for HCL native syntax: every character of the input lands in exactly one token."""

from __future__ import annotations

import re
from itertools import accumulate, compress, count, islice, repeat
from operator import itemgetter, not_

from fixer.syntax import tokens as t
from fixer.syntax.lexer_modes import IDENT_PATTERN, OP_KINDS
from fixer.syntax.lexer_modes import scan_unit as _scan_unit
from fixer.syntax.source import BOM
from fixer.syntax.tokens import Token

# The fast path. Outside strings and heredocs the scanner needs no state, so findall
# finds the main-mode tokens of the whole text at once: the alternatives of the
# mode-by-mode scanner's main mode (lexer_modes), cheapest first, those that start with
# the same character in the same order. A piece's kind is looked up by its text or else
# by its first character. A string without template sequences or newlines is one
# piece, split in its quotes and its literal text: one by one (_scan_pieces), or all at
# once by string operations where most pieces are such strings (_scan_runs). The
# mode-by-mode scanner takes over at other strings, heredocs, block comments and
# non-ASCII names. findall also scans the inside of such strings as if it were main
# mode, to no use: a block comment there would make it search far ahead for "*/",
# hence "/*" alone is a piece.
_LIT = r"""(?:[^$%"\\\r\n]++|\\[^\r\n]|\$\$\{~?|%%\{~?|\$(?!\{)|%(?!\{))"""
_BATCH = re.compile(
    r"""
    ["]"""
    + _LIT
    + r"""*+["]
  | [,\[\](){}]
  | [ \t]+
  | [^\W\d][\w-]*
  | \r?\n
  | [0-9](?:\.*(?:[0-9]|[eE][+-]?[0-9]))*
  | \#[^\r\n]*(?:\r(?!\n)[^\r\n]*)*|//[^\r\n]*(?:\r(?!\n)[^\r\n]*)*|/\*
  | <<-?"""
    + IDENT_PATTERN
    + r"""\r?\n
  | ["]
  | ~\}
  | ==|!=|>=|<=|&&|\|\||::|\.\.\.|=>|[*/%+\-=<>!?:.]
  | .
    """,
    re.VERBOSE | re.DOTALL,
)

# Kinds as code characters while the fast path works on whole runs of pieces. A simple
# string ("..." or "") stands for its three (or two) tokens until the run is split.
_SPECIAL = "~"
_STRING = "+"
_EMPTY_STRING = "-"
_CODES = {kind: chr(48 + number) for number, kind in enumerate(t.KINDS)}
_KIND_OF_CODE = tuple(
    t.KINDS[code - 48] if 48 <= code < 48 + len(t.KINDS) else None for code in range(128)
)
_STRING_CODES = _CODES[t.OQUOTE] + _CODES[t.QUOTED_LIT] + _CODES[t.CQUOTE]
_EMPTY_STRING_CODES = _CODES[t.OQUOTE] + _CODES[t.CQUOTE]
_FIXED_CODES = {
    **{text: _CODES[kind] for text, kind in OP_KINDS.items()},
    "{": _CODES[t.OBRACE],
    "}": _CODES[t.CBRACE],
    "~}": _CODES[t.TEMPLATE_SEQ_END],
    "\n": _CODES[t.NEWLINE],
    "\r\n": _CODES[t.NEWLINE],
    '"': _SPECIAL,
    '""': _EMPTY_STRING,
    "/*": _SPECIAL,
}


def _first_code(char: str) -> str:
    """The code of a piece that starts with the ASCII char and is not in _FIXED_CODES."""
    if char in " \t":
        return _CODES[t.SPACE]
    if char.isdigit():
        return _CODES[t.NUMBER]
    if char.isalpha() or char == "_":
        return _CODES[t.IDENT]
    if char in "#/":
        return _CODES[t.COMMENT]
    if char == '"':
        return _STRING
    if char == "<":
        return _SPECIAL  # a heredoc opener
    return _CODES[t.INVALID]


_FIRST_CODES = {chr(code): _first_code(chr(code)) for code in range(128)}
# The same as kinds, for the piece-by-piece path (where a simple string is special).
_FIXED_KINDS = {code: _KIND_OF_CODE[ord(value)] for code, value in _FIXED_CODES.items()}
_FIXED_KINDS.update({'"': _SPECIAL, "/*": _SPECIAL, '""': _SPECIAL})
_FIRST_KINDS = {
    char: _SPECIAL if value in (_SPECIAL, _STRING) else _KIND_OF_CODE[ord(value)]
    for char, value in _FIRST_CODES.items()
}
_first_char = itemgetter(0)
# Characters that cannot be in the text serve to split runs of pieces (see _expand).
_SEPARATORS = "\x00\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c\x0e\x0f"


def tokenize(text: str) -> list[Token]:
    """Split text into tokens; the concatenation of their texts is text itself.

    The scanner never fails: characters HCL does not allow become INVALID tokens and
    unterminated constructs simply run to the end, for the parser to report.
    """
    kinds, texts = scan(text)
    return list(map(Token, kinds, texts, accumulate(map(len, texts), initial=0)))


def scan(text: str) -> tuple[list[str], list[str]]:
    """The kinds and the texts of the tokens of text, EOF included; see `tokenize`.

    A byte-order mark at the start is whitespace, as terraform reads it: one SPACE token
    with the spaces and tabs after it (anywhere else it is an invalid character).
    """
    if text.startswith(BOM):
        lead = len(text) - len(text[1:].lstrip(" \t"))
        kinds, texts = _scan(text[lead:])
        return [t.SPACE, *kinds], [text[:lead], *texts]
    return _scan(text)


def _scan(text: str) -> tuple[list[str], list[str]]:
    pieces = _BATCH.findall(text)
    # Splitting simple strings many at once costs a little for every piece and saves a
    # Python iteration for every string: worth it where most pieces are strings (a long
    # list of them), not in usual code (a string for 5 to 30 pieces).
    if text.count('"') * 2 > len(pieces):
        return _scan_runs(text, pieces)
    return _scan_pieces(text, pieces)


def _classified(
    text: str, pieces: list[str], fixed: dict[str, str], first: dict[str, str], ident: str
) -> list[str]:
    """Each piece's kind (or code): by its text in `fixed`, else by its first character
    in `first`, else _SPECIAL; names with non-ASCII characters are _SPECIAL too, as they
    may not be valid identifiers (_scan_unit checks)."""
    found = list(map(fixed.get, pieces, map(first.get, map(_first_char, pieces), repeat(_SPECIAL))))
    if not text.isascii():
        for i in compress(count(), map(not_, map(str.isascii, pieces))):
            if found[i] == ident:
                found[i] = _SPECIAL
    return found


def _scan_pieces(text: str, pieces: list[str]) -> tuple[list[str], list[str]]:
    """`_scan` from findall's pieces, each simple string split by a Python iteration."""
    found = _classified(text, pieces, _FIXED_KINDS, _FIRST_KINDS, t.IDENT)
    if _SPECIAL not in found:
        found.append(t.EOF)
        pieces.append("")
        return found, pieces

    kinds: list[str] = []
    texts: list[str] = []
    starts: list[int] | None = None
    total = len(pieces)
    i = 0
    while True:
        try:
            j = found.index(_SPECIAL, i)
        except ValueError:
            j = total
        kinds += found[i:j]
        texts += pieces[i:j]
        if j == total:
            break
        piece = pieces[j]
        if piece[0] == '"' and len(piece) > 1:
            kinds.append(t.OQUOTE)
            texts.append('"')
            if len(piece) > 2:
                kinds.append(t.QUOTED_LIT)
                texts.append(piece[1:-1])
            kinds.append(t.CQUOTE)
            texts.append('"')
            i = j + 1
            continue
        if starts is None:
            starts = list(accumulate(map(len, pieces), initial=0))
        i = _scan_to_boundary(text, starts, j, kinds, texts)
    kinds.append(t.EOF)
    texts.append("")
    return kinds, texts


def _scan_to_boundary(
    text: str, starts: list[int], j: int, kinds: list[str], texts: list[str]
) -> int:
    """Scan unit by unit from piece j up to the first piece boundary, appending the
    tokens; from there on, the pieces are what the mode-by-mode scanner would find.
    Returns the index of the piece found there."""
    at = starts[j]
    i = j + 1
    while True:
        at = _scan_unit(text, at, kinds, texts)
        while starts[i] < at:
            i += 1
        if starts[i] == at:
            return i


def _scan_runs(text: str, pieces: list[str]) -> tuple[list[str], list[str]]:
    """`_scan` from findall's pieces, simple strings split many at once (`_expand`)."""
    codes = _classified(text, pieces, _FIXED_CODES, _FIRST_CODES, _CODES[t.IDENT])
    code = "".join(codes)
    del codes
    separators = "".join(islice((char for char in _SEPARATORS if char not in text), 2))
    if _SPECIAL not in code:
        expanded = _expand(pieces, code, separators)
        if expanded is not None:
            kinds, texts = expanded
            kinds.append(t.EOF)
            texts.append("")
            return kinds, texts
        code = _quoted_comments_special(pieces, code)
    return _scan_around_specials(text, pieces, code, separators)


def _scan_around_specials(
    text: str, pieces: list[str], code: str, separators: str
) -> tuple[list[str], list[str]]:
    """`_scan` where some pieces are special: the other pieces are expanded all at once,
    and the mode-by-mode scanner scans from each special one."""
    starts = list(accumulate(map(len, pieces), initial=0))
    expanded = _expand(_without_specials(pieces, code), code, separators)
    if expanded is None:
        code = _quoted_comments_special(pieces, code)
        expanded = _expand(_without_specials(pieces, code), code, separators)
        assert expanded is not None
    all_kinds, all_texts = expanded
    kinds: list[str] = []
    texts: list[str] = []
    i = 0  # the next piece not scanned yet
    out = 0  # where its tokens start in all_kinds and all_texts
    j = code.find(_SPECIAL)
    while j >= 0:
        out_j = out + _token_count(code, i, j)
        kinds += all_kinds[out:out_j]
        texts += all_texts[out:out_j]
        i = _scan_to_boundary(text, starts, j, kinds, texts)
        out = out_j + _token_count(code, j, i)
        j = code.find(_SPECIAL, i)
    kinds += all_kinds[out:]
    texts += all_texts[out:]
    kinds.append(t.EOF)
    texts.append("")
    return kinds, texts


def _token_count(code: str, first: int, last: int) -> int:
    """How many tokens pieces first to last (excluded) expand to, special ones as one."""
    return (
        last - first + 2 * code.count(_STRING, first, last) + code.count(_EMPTY_STRING, first, last)
    )


def _without_specials(pieces: list[str], code: str) -> list[str]:
    """The pieces with each special one replaced by a stand-in that expands to one token."""
    pieces = pieces.copy()
    j = code.find(_SPECIAL)
    while j >= 0:
        pieces[j] = _SPECIAL
        j = code.find(_SPECIAL, j + 1)
    return pieces


def _quoted_comments_special(pieces: list[str], code: str) -> str:
    """The code with every comment that ends with a quote made special (see _expand)."""
    comment = _CODES[t.COMMENT]
    codes = list(code)
    j = code.find(comment)
    while j >= 0:
        if pieces[j].endswith('"'):
            codes[j] = _SPECIAL
        j = code.find(comment, j + 1)
    return "".join(codes)


def _kinds(code: str) -> list[str]:
    """The kinds of the tokens of a run, from their codes (one character each)."""
    kind_of = _KIND_OF_CODE
    return [kind_of[char] for char in code.encode("ascii")]  # faster than map here


def _expand(pieces: list[str], code: str, separators: str) -> tuple[list[str], list[str]] | None:
    """The kinds and texts of the tokens of pieces given their codes (new lists; `pieces`
    may become the texts); None if a comment ends with a quote (see below).

    Each simple string is split in its quotes and its literal text by joining the
    pieces with a character that is not in the text, marking the places to split around
    every quote that starts or ends a piece, and splitting the whole again.
    """
    if _STRING not in code and _EMPTY_STRING not in code:
        return _kinds(code), pieces
    token_codes = code.replace(_STRING, _STRING_CODES).replace(_EMPTY_STRING, _EMPTY_STRING_CODES)
    if len(separators) < 2:  # every candidate is in the text: piece by piece
        texts: list[str] = []
        for piece, piece_code in zip(pieces, code, strict=True):
            if piece_code == _STRING:
                texts += ('"', piece[1:-1], '"')
            elif piece_code == _EMPTY_STRING:
                texts += ('"', '"')
            else:
                texts.append(piece)
        return _kinds(token_codes), texts
    sep, mark = separators
    joined = sep + sep.join(pieces) + sep
    joined = joined.replace('"' + sep, mark + '"' + sep)
    joined = joined.replace(sep + '"', sep + '"' + sep).replace(mark, sep)
    parts = joined.split(sep)
    # "" gives an empty part between its quotes; the ends of joined give two more.
    # A comment that ends with a quote gives one more.
    if len(parts) != len(token_codes) + 2 + code.count(_EMPTY_STRING):
        return None
    if _EMPTY_STRING in code:
        return _kinds(token_codes), list(filter(None, parts))
    parts.pop()
    del parts[0]
    return _kinds(token_codes), parts
