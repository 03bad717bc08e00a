"""Closed chunks: stretches of a file between blank lines that lex, parse and format alone.

A file is cut after every newline that a blank line follows; neighbouring pieces are
joined until each one is *closed*: read alone, it opens no bracket, string, heredoc,
template or comment that it does not close, and closes none it did not open. The
scanner then reads every closed chunk exactly as it reads that stretch of the whole
file, and the formatter lays it out the same way (its indentation, `=` alignment and
comment alignment all restart at a blank line outside brackets). So formatting, and
parsing, can work chunk by chunk and remember the chunks that did not change: an edit
in a long file costs what its chunk costs.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import OrderedDict
from collections.abc import Sequence
from functools import lru_cache
from itertools import accumulate, repeat

from fixer.syntax import tokens as t
from fixer.syntax.errors import HCLSyntaxError
from fixer.syntax.format import format_scanned, format_source
from fixer.syntax.lexer import scan
from fixer.syntax.tokens import Token, TokenList, token_arrays

CACHE_SIZE = 4096
# After this many blank lines inside one open stretch (a long block with blank lines in
# it), windows of text that double in size are scanned instead (see `_long_chunk`).
MAX_TRIES = 8
LONG_CACHE_SIZE = 256

_CUT = re.compile(r"\n(?=[ \t]*\r?\n)")
_OPENERS = frozenset({t.OBRACE, t.OBRACK, t.OPAREN, t.TEMPLATE_INTERP, t.TEMPLATE_CONTROL})
_CLOSERS = frozenset({t.CBRACE, t.CBRACK, t.CPAREN, t.TEMPLATE_SEQ_END})


def closed_chunks(text: str) -> list[str]:
    """The text as consecutive closed chunks (only the last one may be open)."""
    cuts = [match.end() for match in _CUT.finditer(text)]
    chunks: list[str] = []
    start = index = tries = 0
    while index < len(cuts):
        if is_closed(text[start : cuts[index]]):
            chunks.append(text[start : cuts[index]])
            start, tries = cuts[index], 0
        elif (tries := tries + 1) == MAX_TRIES:
            chunk = _long_chunk(text, start, cuts, index)
            if chunk is None:
                break
            chunks.append(chunk)
            start, tries = start + len(chunk), 0
            index = bisect_right(cuts, start)
            continue
        index += 1
    if start < len(text) or not chunks:
        chunks.append(text[start:])
    return chunks


# Closed chunks found by `_long_chunk`, by the open piece their search started from.
_long_chunks: OrderedDict[str, str] = OrderedDict()


def _long_chunk(text: str, start: int, cuts: list[int], index: int) -> str | None:
    """The closed chunk at `start` when the text from there is still open at `cuts[index]`
    (a long block with blank lines in it), or None when it never closes.

    Rather than scanning the stretch again from its start at each further blank line, it
    scans windows from `start` that double in size (in blank lines) until one holds a
    closed end. The chunk found is remembered: when the same open piece starts the same
    chunk again (an edit elsewhere in the file), nothing is scanned, and when it starts a
    changed chunk (an edit inside it), the first window is about the chunk's size.
    """
    piece = text[start : cuts[index]]
    known = _long_chunks.get(piece)
    width = MAX_TRIES
    if known is not None:
        end = start + len(known)
        if text.startswith(known, start) and _is_cut(cuts, end):
            _long_chunks.move_to_end(piece)
            return known
        # An edit inside the chunk: its end has moved by about the edit's size, so the
        # first window reaches the first blank line after its old end.
        width = max(width, bisect_left(cuts, end) - index)
    while True:
        last = index + width
        stop = cuts[last] if last < len(cuts) else len(text)
        window = text[start:stop]
        wanted = [cut - start for cut in cuts[index + 1 : last]] + [len(window)]
        ends = _closed_ends(*_arrays_of(window), wanted)
        if ends:
            chunk = _long_chunks[piece] = window[: ends[0]]
            if len(_long_chunks) > LONG_CACHE_SIZE:
                _long_chunks.popitem(last=False)
            return chunk
        if stop == len(text):
            return None
        width *= 2


def _is_cut(cuts: list[int], offset: int) -> bool:
    index = bisect_left(cuts, offset)
    return index < len(cuts) and cuts[index] == offset


@lru_cache(maxsize=CACHE_SIZE)
def is_closed(chunk: str) -> bool:
    """Whether the chunk, scanned alone, ends where it began: outside every construct."""
    return _closed_ends(*_arrays_of(chunk), [len(chunk)]) == [len(chunk)]


def _arrays_of(text: str) -> tuple[Sequence[str], Sequence[str], Sequence[int]]:
    """The kinds, texts and start offsets of the tokens of a text."""
    kinds, texts = scan(text)
    starts = list(accumulate(map(len, texts), initial=0))
    starts.pop()
    return kinds, texts, starts


def _closed_ends(
    kinds: Sequence[str], texts: Sequence[str], starts: Sequence[int], ends: list[int]
) -> list[int]:
    """The offsets among `ends` (ascending) where the text scanned since the previous
    one found (or the start) is closed: no bracket, string or heredoc open, no closer
    without its opener, no invalid character, no unterminated block comment. The
    tokens are given as parallel lists of kinds, texts and start offsets."""
    if t.INVALID in kinds or (t.SLASH in kinds and t.STAR in kinds):
        return _closed_ends_token_by_token(kinds, texts, starts, ends)
    # Counts of what is open before each token, found at C speed; "/*" and invalid
    # characters cannot occur here (the slow path above handles them).
    depth = list(accumulate(map(_DEPTH.get, kinds, repeat(0)), initial=0))
    lowest = list(accumulate(depth, min))
    quotes = list(accumulate(map(_QUOTES.get, kinds, repeat(0)), initial=0))
    heredocs = list(accumulate(map(_HEREDOCS.get, kinds, repeat(0)), initial=0))
    found = []
    count = len(starts)
    for end in ends:
        i = bisect_left(starts, end)
        if (
            i < count
            and starts[i] == end
            and depth[i] == quotes[i] == heredocs[i] == 0
            and lowest[i] >= 0
        ):
            found.append(end)
    return found


def _ends_between_items(starts: Sequence[int], spans: Sequence[int], ends: list[int]) -> list[int]:
    """_closed_ends for the tokens of a text that parsed, whose top-level items start
    and end at `spans` (flat, in order): a token boundary is closed exactly when it is
    not inside an item (within one, a bracket, string or heredoc is open)."""
    found = []
    count = len(starts)
    for end in ends:
        i = bisect_left(starts, end)
        if i < count and starts[i] == end:
            item = bisect_right(spans, end)
            if item % 2 == 0 or spans[item - 1] == end:
                found.append(end)
    return found


_DEPTH = {**dict.fromkeys(_OPENERS, 1), **dict.fromkeys(_CLOSERS, -1)}
_QUOTES = {t.OQUOTE: 1, t.CQUOTE: -1}
_HEREDOCS = {t.OHEREDOC: 1, t.CHEREDOC: -1}


def _closed_ends_token_by_token(
    kinds: Sequence[str], texts: Sequence[str], starts: Sequence[int], ends: list[int]
) -> list[int]:
    """_closed_ends, one token at a time."""
    found: list[int] = []
    depth = quotes = heredocs = 0
    broken = False
    waiting = iter(ends)
    end = next(waiting, None)
    last = len(kinds) - 1
    for i, kind in enumerate(kinds):
        start = starts[i]
        while end is not None and end < start:  # inside a token: not a boundary
            end = next(waiting, None)
        if end is not None and end == start:
            if not broken and depth == quotes == heredocs == 0:
                found.append(end)
            end = next(waiting, None)
        if kind in _OPENERS:
            depth += 1
        elif kind in _CLOSERS:
            depth -= 1
            broken = broken or depth < 0
        elif kind == t.OQUOTE:
            quotes += 1
        elif kind == t.CQUOTE:
            quotes -= 1
        elif kind == t.OHEREDOC:
            heredocs += 1
        elif kind == t.CHEREDOC:
            heredocs -= 1
        elif kind == t.INVALID:
            broken = True
        elif (
            kind == t.SLASH
            and i < last
            and kinds[i + 1] == t.STAR
            and starts[i + 1] == start + len(texts[i])
        ):
            broken = True  # "/*" that no "*/" closes
    return found


# Formatted chunks by their text, least recently used first.
_formatted: OrderedDict[str, str] = OrderedDict()


# A chunk's tokens without EOF, when known: their kinds and texts.
Scanned = tuple[Sequence[str], Sequence[str]]


def _format_chunk(chunk: str, scanned: Scanned | None = None) -> str:
    """format_source(chunk, settle=True), remembered."""
    formatted = _formatted.get(chunk)
    if formatted is not None:
        _formatted.move_to_end(chunk)
        return formatted
    if scanned is None:
        formatted = format_source(chunk, settle=True)
    else:
        kinds, texts = scanned
        formatted = format_scanned(chunk, [*kinds, t.EOF], [*texts, ""], settle=True)
    _formatted[chunk] = formatted
    if len(_formatted) > CACHE_SIZE:
        _formatted.popitem(last=False)
    return formatted


def format_by_chunks(text: str, tokens: Sequence[Token] | None = None) -> str:
    """`format_source(text, settle=True)`, formatting closed chunks one by one and
    remembering them.

    `tokens`, if given, are the tokens of text (EOF last), such as a parsed file's
    `File.tokens`: the text is then cut into chunks, and formatted, without scanning
    it again. Raises HCLSyntaxError as format_source does (it formats the whole text
    when a chunk fails or the last one is open, so errors carry whole-file positions).
    """
    if tokens is None:
        return format_chunks(text, [(chunk, None) for chunk in closed_chunks(text)])
    kinds, texts, starts = token_arrays(tokens)
    cuts = [match.end() for match in _CUT.finditer(text)]
    spans = tokens.top_level_spans() if isinstance(tokens, TokenList) else None
    if spans is not None:
        ends = _ends_between_items(starts, spans, [*cuts, len(text)])
    else:
        ends = _closed_ends(kinds, texts, starts, [*cuts, len(text)])
    if len(ends) < 2 or ends[-1] != len(text):
        return format_scanned(text, kinds, texts, settle=True)  # new lists: it may change them
    chunks: list[tuple[str, Scanned | None]] = []
    begin = first = 0
    for end in ends:
        last = bisect_left(starts, end)
        chunks.append((text[begin:end], (kinds[first:last], texts[first:last])))
        begin, first = end, last
    return _join_formatted(text, chunks, tokens)


def format_chunks(text: str, chunks: Sequence[tuple[str, Sequence[Token] | None]]) -> str:
    """`format_source(text, settle=True)` for the text cut into its closed chunks
    (`closed_chunks`), each with its tokens (without EOF) when they are known; formatted
    chunks are remembered. Raises HCLSyntaxError as format_by_chunks does."""
    if len(chunks) < 2 or not is_closed(chunks[-1][0]):
        return format_source(text, settle=True)
    scanned = [
        (chunk, None if tokens is None else token_arrays(tokens)[:2]) for chunk, tokens in chunks
    ]
    return _join_formatted(text, scanned)  # type: ignore[arg-type]


def _join_formatted(
    text: str,
    chunks: Sequence[tuple[str, Scanned | None]],
    tokens: Sequence[Token] | None = None,
) -> str:
    """The closed chunks formatted and joined; when one fails, the whole text formatted
    (with its tokens, if given), so that errors carry whole-file positions."""
    try:
        return "".join(_format_chunk(chunk, chunk_tokens) for chunk, chunk_tokens in chunks)
    except HCLSyntaxError:
        return format_source(text, tokens, settle=True)
