"""Canonical formatting of HCL native syntax, byte for byte what `terraform fmt` produces."""

from __future__ import annotations

from collections.abc import Sequence
from itertools import accumulate, compress
from operator import attrgetter

from fixer.syntax import tokens as t
from fixer.syntax.errors import HCLSyntaxError
from fixer.syntax.format_rewrites import COMMENT_NL, MalformedInput, rewrite_for_terraform
from fixer.syntax.format_width import grapheme_count
from fixer.syntax.lexer import scan
from fixer.syntax.lists import positions, without
from fixer.syntax.source import BOM
from fixer.syntax.tokens import LineIndex, Token, TokenList

__all__ = ["format_fragment", "format_scanned", "format_source"]

# Stands for "no token" at either end of a cell, as the spacing rules need one.
_NIL = "NIL"

_OPENERS = frozenset({t.OBRACE, t.OBRACK, t.OPAREN, t.TEMPLATE_INTERP, t.TEMPLATE_CONTROL})
_CLOSERS = frozenset({t.CBRACE, t.CBRACK, t.CPAREN, t.TEMPLATE_SEQ_END})
_COMMENTS = frozenset({t.COMMENT, COMMENT_NL})
_LINE_ENDS = frozenset({t.NEWLINE, COMMENT_NL})

# Tokens after which a minus sign is taken to be a negation (no space after it).
_NEGATION_CONTEXT = frozenset(
    {
        _NIL,
        *(t.OPAREN, t.OBRACE, t.OBRACK, t.EQUAL, t.COLON, t.COMMA, t.QUESTION),
        *(t.PLUS, t.STAR, t.SLASH, t.PERCENT, t.MINUS),
        *(t.EQUAL_OP, t.NOT_EQUAL, t.GREATER, t.GREATER_EQ, t.LESS, t.LESS_EQ),
        *(t.AND, t.OR, t.BANG),
    }
)

_ALL_KINDS = (
    *(t.NEWLINE, t.COMMENT, COMMENT_NL, t.IDENT, t.NUMBER),
    *(t.OBRACE, t.CBRACE, t.OBRACK, t.CBRACK, t.OPAREN, t.CPAREN),
    *(t.OQUOTE, t.CQUOTE, t.QUOTED_LIT, t.QUOTED_NEWLINE, t.OHEREDOC, t.CHEREDOC, t.STRING_LIT),
    *(t.TEMPLATE_INTERP, t.TEMPLATE_CONTROL, t.TEMPLATE_SEQ_END),
    *(t.STAR, t.SLASH, t.PLUS, t.MINUS, t.PERCENT, t.EQUAL, t.EQUAL_OP, t.NOT_EQUAL),
    *(t.LESS, t.LESS_EQ, t.GREATER, t.GREATER_EQ, t.AND, t.OR, t.BANG, t.DOT, t.COMMA),
    *(t.ELLIPSIS, t.FAT_ARROW, t.QUESTION, t.COLON, t.DOUBLE_COLON, t.INVALID),
)


def _bracket_change(kind: str) -> int:
    if kind in _OPENERS:
        return 1
    if kind in _CLOSERS:
        return -1
    return 0


_BRACKET_CHANGE = {kind: _bracket_change(kind) for kind in _ALL_KINDS}


def _space_after(subject: str, before: str, after: str, subject_is_in: bool) -> bool:
    """Whether a space separates subject from the next token in the same cell.

    The rules, and their order, are those of hclwrite's formatter.
    """
    if after in (t.NEWLINE, _NIL):
        return False
    if subject == t.IDENT and after == t.OPAREN:
        return False
    if (subject, after) in ((t.IDENT, t.DOUBLE_COLON), (t.DOUBLE_COLON, t.IDENT)):
        return False
    if t.DOT in (subject, after):
        return False
    if after in (t.COMMA, t.ELLIPSIS):
        return False
    if subject == t.COMMA:
        return True
    if subject in (t.QUOTED_LIT, t.STRING_LIT, t.OQUOTE, t.OHEREDOC) or after in (
        t.QUOTED_LIT,
        t.STRING_LIT,
        t.CQUOTE,
        t.CHEREDOC,
    ):
        return False
    if subject_is_in and before == t.IDENT:
        # "for x in [a, b]": "in" is a keyword here, not a reference being indexed.
        return True
    if after == t.OBRACK and (
        subject in (t.IDENT, t.NUMBER) or _BRACKET_CHANGE.get(subject, 0) < 0
    ):
        return False
    if subject == t.BANG:
        return False
    if subject == t.MINUS:
        return before not in _NEGATION_CONTEXT
    if subject == t.OBRACE or after == t.CBRACE:
        return not (subject == t.OBRACE and after == t.CBRACE)
    if subject in (t.TEMPLATE_INTERP, t.TEMPLATE_CONTROL) and after == t.OBRACE:
        return True
    if subject == t.CBRACE and after == t.TEMPLATE_SEQ_END:
        return True
    if subject == t.TEMPLATE_SEQ_END and after in (t.TEMPLATE_INTERP, t.TEMPLATE_CONTROL):
        return False
    if _BRACKET_CHANGE.get(subject, 0) > 0:
        return False
    return _BRACKET_CHANGE.get(after, 0) >= 0


# The separator before a token, keyed by (previous kind, kind). Pairs whose answer
# depends on the token before the subject (a minus, the keyword "in") are fixed up
# separately.
_SEPARATOR = {
    (subject, after): " " if _space_after(subject, _NIL, after, False) else ""
    for subject in _ALL_KINDS
    for after in _ALL_KINDS
}
# The same, as one dict per previous kind: no tuple to make and hash per token.
_SEPARATOR_AFTER: dict[str, dict[str, str]] = {}
for (_subject, _after), _separator in _SEPARATOR.items():
    _SEPARATOR_AFTER.setdefault(_subject, {})[_after] = _separator
_KIND = attrgetter("kind")
_TEXT = attrgetter("text")


def format_source(text: str, tokens: Sequence[Token] | None = None, settle: bool = False) -> str:
    """The whole file formatted exactly as `terraform fmt` would.

    `tokens`, if given, are the tokens of text (EOF last), such as a parsed file's
    `File.tokens`: the text is then not scanned again. With `settle`, the text that
    running terraform fmt again and again would end with: it differs from one run's
    only where a lone interpolation wraps another (`"${"${x}"}"`), which terraform fmt
    unwraps one level per run.
    """
    if tokens is None:
        kinds, texts = scan(text)
    elif isinstance(tokens, TokenList):
        kinds, texts, _ = tokens.arrays()  # new lists
    else:
        kinds = list(map(_KIND, tokens))
        texts = list(map(_TEXT, tokens))
    return format_scanned(text, kinds, texts, settle)


def format_scanned(text: str, kinds: list[str], texts: list[str], settle: bool = False) -> str:
    """`format_source` for text scanned already: the kinds and texts of its tokens, EOF
    last, which it changes (pass copies)."""
    kinds, texts, eof_spaces = _prepare(kinds, texts)
    try:
        kinds, texts = rewrite_for_terraform(kinds, texts, settle)
    except MalformedInput as exc:
        raise _syntax_error(text, exc) from None
    # terraform fmt keeps the whitespace before the end of the input, as spaces.
    return _layout(kinds, texts) + " " * eof_spaces


def format_fragment(text: str, indent: int) -> str:
    """Format body items meant for a body nested indent levels deep, every line indented.

    The result is what terraform fmt writes for text placed inside indent nested
    blocks (of no particular type); a final newline is kept only if text has one.
    """
    if indent <= 0:
        return format_source(text)
    body = text if text.endswith("\n") else text + "\n"
    formatted = format_source("x {\n" * indent + body + "}\n" * indent)
    start = 0
    for _ in range(indent):
        start = formatted.index("\n", start) + 1
    stop = len(formatted) - 1
    for _ in range(indent):
        stop = formatted.rindex("\n", 0, stop)
    inner = formatted[start : stop + 1]
    return inner if text.endswith("\n") else inner[:-1]


def _prepare(kinds: list[str], texts: list[str]) -> tuple[list[str], list[str], int]:
    """Drop spaces and the EOF token, and fold each line comment with its newline.

    Changes kinds and texts. Returns the remaining kinds and texts, and the number of
    space characters just before the end of the input.
    """
    eof_spaces = len(texts[-2]) if len(kinds) > 1 and kinds[-2] == t.SPACE else 0
    if eof_spaces and texts[-2].startswith(BOM):
        eof_spaces += 2  # hclwrite counts the spaces in bytes: a byte-order mark is three
    kinds.pop()
    texts.pop()
    _fold_line_comments(kinds, texts)
    if t.SPACE in kinds:
        if kinds.count(t.SPACE) * 16 < len(kinds):  # few: copy the stretches between them
            spaces = list(positions(kinds, t.SPACE))
            kinds = without(kinds, spaces)
            texts = without(texts, spaces)
        else:
            space = t.SPACE
            keep = [kind != space for kind in kinds]  # faster than map(space.__ne__)
            kinds = list(compress(kinds, keep))
            texts = list(compress(texts, keep))
    return kinds, texts, eof_spaces


def _fold_line_comments(kinds: list[str], texts: list[str]) -> None:
    """hclsyntax includes a line comment's newline in the comment token; so do we.

    The comment becomes a COMMENT_NL token and its newline a space, to be dropped.
    """
    n = len(kinds)
    for i in positions(kinds, t.COMMENT):
        if i + 1 < n and kinds[i + 1] == t.NEWLINE and not texts[i].startswith("/*"):
            kinds[i] = COMMENT_NL
            texts[i] += texts[i + 1]
            kinds[i + 1] = t.SPACE


def _syntax_error(text: str, exc: MalformedInput) -> HCLSyntaxError:
    """The error for malformed input, at the start of the token it names."""
    kinds, texts = scan(text)
    starts = list(accumulate(map(len, texts), initial=0))
    kinds.pop()  # EOF
    texts.pop()
    _fold_line_comments(kinds, texts)
    kept = list(compress(starts, map(t.SPACE.__ne__, kinds)))  # what _prepare keeps
    offset = kept[exc.index] if exc.index < len(kept) else len(text)
    position = LineIndex(text).position(offset)
    return HCLSyntaxError(exc.message, position.line, position.column)


def _layout(kinds: list[str], texts: list[str]) -> str:
    """Re-space the tokens: indentation, spaces between tokens, aligned `=` and comments."""
    n = len(kinds)
    if n == 0:
        return ""
    # out[i] is token i's text with the whitespace that goes before it.
    separator = _SEPARATOR_AFTER
    out = [
        separator[before][kind] + text
        for before, kind, text in zip(kinds, kinds[1:], texts[1:], strict=False)
    ]
    out.insert(0, texts[0])
    _fix_context_sensitive_spaces(kinds, texts, out)

    depth = [0, *accumulate(map(_BRACKET_CHANGE.__getitem__, kinds))]
    line_ends = [i + 1 for i in _merged_positions(kinds, t.NEWLINE, COMMENT_NL)]
    if not line_ends or line_ends[-1] != n:
        line_ends.append(n)
    equals = [*positions(kinds, t.EQUAL), n]
    heredocs = [*positions(kinds, t.OHEREDOC), n]

    stack: list[int] = []  # hclwrite's indent stack: brackets opened per indent level
    assign_chain: list[tuple[int, int]] = []  # (index of "=", columns before it)
    # Lines with a trailing comment: (line number, line start, "=" index or -1, comment index)
    commented: list[tuple[int, int, int, int]] = []
    eq_i = 0
    hd_i = 0
    start = 0
    for line, end in enumerate(line_ends):
        if kinds[start] == t.NEWLINE:  # a blank line
            out[start] = texts[start]
            if assign_chain:
                _align(assign_chain, texts, out)
            start = end
            continue
        lead_end = end
        if end - start > 1 and kinds[end - 1] in _COMMENTS:
            lead_end = end - 1
            commented.append((line, start, -1, lead_end))
        while equals[eq_i] <= start:
            eq_i += 1
        assign = equals[eq_i]
        if assign >= lead_end or depth[lead_end] != depth[assign]:
            assign = -1
            lead_stop = lead_end
        else:
            lead_stop = assign
            if lead_end != end:
                commented[-1] = (line, start, assign, lead_end)

        while heredocs[hd_i] < start:
            hd_i += 1
        # The bracket count stops at a heredoc: its content is not ours to indent.
        if heredocs[hd_i] < lead_stop:
            net = depth[heredocs[hd_i] + 1] - depth[start]
        else:
            net = depth[lead_stop] - depth[start]
        indent = 2 * len(stack) if net == 0 else _indent_for(net, stack)
        out[start] = " " * indent + texts[start] if indent else texts[start]

        if assign >= 0:
            lead = out[start]
            if assign != start + 1 or not lead.isascii():
                lead_width = _width(out, texts, start, assign)
            else:
                lead_width = len(lead)
            assign_chain.append((assign, lead_width))
        elif assign_chain:
            _align(assign_chain, texts, out)
        start = end
    if assign_chain:
        _align(assign_chain, texts, out)
    if commented:
        _align_comments(commented, texts, out)
    return "".join(out)


def _merged_positions(kinds: list[str], first: str, second: str) -> list[int]:
    """Indices of either kind, in order."""
    found = [*positions(kinds, first), *positions(kinds, second)]
    found.sort()
    return found


def _indent_for(net: int, stack: list[int]) -> int:
    """The indentation of a line with net bracket change net, updating the indent stack."""
    if net > 0:
        indent = 2 * len(stack)
        stack.append(net)
        return indent
    if net < 0:
        closed = -net
        while closed > 0 and stack:
            top = stack[-1]
            if closed >= top:
                closed -= top
                stack.pop()
            else:
                stack[-1] = top - closed
                closed = 0
    return 2 * len(stack)


def _fix_context_sensitive_spaces(kinds: list[str], texts: list[str], out: list[str]) -> None:
    """Spaces after a minus or the keyword "in" depend on the token before them."""
    last = len(kinds) - 1
    for subject, text in ((t.MINUS, "-"), (t.IDENT, "in")):
        for i in positions(texts, text):
            if i == last or kinds[i] != subject:
                continue
            before = _NIL if i == 0 or kinds[i - 1] in _LINE_ENDS else kinds[i - 1]
            space = _space_after(subject, before, kinds[i + 1], subject == t.IDENT)
            out[i + 1] = (" " if space else "") + texts[i + 1]


def _align(chain: list[tuple[int, int]], texts: list[str], out: list[str]) -> None:
    """Pad the first token of cells on consecutive lines so that they line up; empty chain."""
    widest = max(width for _, width in chain)
    for at, width in chain:
        out[at] = " " * (widest - width + 1) + texts[at]
    chain.clear()


def _align_comments(
    commented: list[tuple[int, int, int, int]], texts: list[str], out: list[str]
) -> None:
    """Line up trailing comments on consecutive lines, after `=` has been aligned."""
    chain: list[tuple[int, int]] = []
    previous_line = -2
    for line, start, assign, comment in commented:
        if line != previous_line + 1 and chain:
            _align(chain, texts, out)
        if assign < 0:
            width = _width(out, texts, start, comment)
        else:
            width = _width(out, texts, start, assign) + _width(out, texts, assign, comment)
        chain.append((comment, width))
        previous_line = line
    _align(chain, texts, out)


def _width(out: list[str], texts: list[str], start: int, stop: int) -> int:
    """Columns taken by out[start:stop]: spaces plus each token's grapheme clusters."""
    text = out[start] if stop == start + 1 else "".join(out[start:stop])
    if text.isascii():
        return len(text) - text.count("\r\n") if "\r" in text else len(text)
    return sum(len(out[i]) - len(texts[i]) + grapheme_count(texts[i]) for i in range(start, stop))
