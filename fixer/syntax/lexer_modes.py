"""The mode-by-mode scanner: one main-mode token, or a whole string or heredoc with its
templates, at a time (`fixer.syntax.lexer` runs it where its fast path cannot go)."""

from __future__ import annotations

import re

from fixer.syntax import tokens as t

IDENT_PATTERN = r"[^\W\d][\w-]*"

# Order matters: Python's alternation takes the first branch that matches, so every
# token that is a prefix of a longer one comes after it.
_MAIN = re.compile(
    r"""
    (?P<SPACE>[ \t]+)
  | (?P<NEWLINE>\r?\n)
  | (?P<IDENT>[^\W\d][\w-]*)
  | (?P<NUMBER>[0-9](?:\.*(?:[0-9]|[eE][+-]?[0-9]))*)
  | (?P<COMMENT>\#(?:[^\r\n]|\r(?!\n))*|//(?:[^\r\n]|\r(?!\n))*|/\*.*?\*/)
  | (?P<OHEREDOC><<-?"""
    + IDENT_PATTERN
    + r"""\r?\n)
  | (?P<QUOTE>")
  | (?P<OBRACE>\{)
  | (?P<CBRACE>~?\})
  | (?P<OP>==|!=|>=|<=|&&|\|\||::|\.\.\.|=>|[\[\]().,*/%+\-=<>!?:])
  | (?P<INVALID>.)
    """,
    re.VERBOSE | re.DOTALL,
)

_QUOTED = re.compile(
    r"""
    (?P<LIT>(?:\\[^\r\n]|\$\$\{~?|%%\{~?|\$(?!\{)|%(?!\{)|[^$%"\\\r\n])+)
  | (?P<INTERP>\$\{~?)
  | (?P<CONTROL>%\{~?)
  | (?P<CQUOTE>")
  | (?P<QUOTED_NEWLINE>[\r\n]+)
  | (?P<INVALID>.)
    """,
    re.VERBOSE | re.DOTALL,
)

# Heredoc literal text runs up to an interpolation, a directive or the end of the line.
_HEREDOC_LIT = re.compile(r"(?:\$\$\{~?|%%\{~?|\$(?!\{)|%(?!\{)|[^$%\r\n])*(?:\r?\n)?")
_HEREDOC_SEQ = re.compile(r"\$\{~?|%\{~?")

OP_KINDS = {
    "==": t.EQUAL_OP,
    "!=": t.NOT_EQUAL,
    ">=": t.GREATER_EQ,
    "<=": t.LESS_EQ,
    "&&": t.AND,
    "||": t.OR,
    "::": t.DOUBLE_COLON,
    "...": t.ELLIPSIS,
    "=>": t.FAT_ARROW,
    "[": t.OBRACK,
    "]": t.CBRACK,
    "(": t.OPAREN,
    ")": t.CPAREN,
    ".": t.DOT,
    ",": t.COMMA,
    "*": t.STAR,
    "/": t.SLASH,
    "%": t.PERCENT,
    "+": t.PLUS,
    "-": t.MINUS,
    "=": t.EQUAL,
    "<": t.LESS,
    ">": t.GREATER,
    "!": t.BANG,
    "?": t.QUESTION,
    ":": t.COLON,
}

_MAIN_MODE, _QUOTED_MODE, _HEREDOC_MODE = 0, 1, 2


class _Heredoc:
    __slots__ = ("marker", "start_of_line")

    def __init__(self, marker: str) -> None:
        self.marker = marker
        self.start_of_line = True


def scan_unit(text: str, pos: int, kinds: list[str], texts: list[str]) -> int:
    """Scan from pos, outside any string or heredoc, up to the next place outside one.

    That is one main-mode token (or a non-ASCII name cut where it stops being valid),
    or a whole string or heredoc with its templates. Returns where it stopped.
    """
    n = len(text)
    modes = [_MAIN_MODE]
    # Brace depth counted from pos: it only matters relative to return_braces.
    braces = 0
    return_braces: list[int] = []
    heredocs: list[_Heredoc] = []
    main_match = _MAIN.match
    quoted_match = _QUOTED.match
    kind_append = kinds.append
    text_append = texts.append

    while pos < n:
        mode = modes[-1]
        if mode == _MAIN_MODE:
            m = main_match(text, pos)
            assert m is not None
            group = m.lastgroup
            value = m.group()
            if group == "IDENT" and not value.isascii() and not _is_identifier(value):
                pos = _split_identifier(value, pos, kinds, texts)
            else:
                if group == "OP":
                    kind = OP_KINDS[value]
                elif group == "OBRACE":
                    kind = t.OBRACE
                    braces += 1
                elif group == "CBRACE":
                    if return_braces and return_braces[-1] == braces:
                        kind = t.TEMPLATE_SEQ_END
                        return_braces.pop()
                        modes.pop()
                    elif value == "}":
                        kind = t.CBRACE
                    else:
                        # "~}" that closes no template sequence: the parser reports it.
                        kind = t.TEMPLATE_SEQ_END
                    braces -= 1
                elif group == "QUOTE":
                    kind = t.OQUOTE
                    modes.append(_QUOTED_MODE)
                elif group == "OHEREDOC":
                    kind = t.OHEREDOC
                    marker = value[2:].rstrip("\r\n")
                    heredocs.append(_Heredoc(marker.removeprefix("-")))
                    modes.append(_HEREDOC_MODE)
                else:
                    kind = group  # type: ignore[assignment]
                kind_append(kind)
                text_append(value)
                pos = m.end()
        elif mode == _QUOTED_MODE:
            m = quoted_match(text, pos)
            assert m is not None
            group = m.lastgroup
            value = m.group()
            if group == "LIT":
                kind = t.QUOTED_LIT
            elif group == "CQUOTE":
                kind = t.CQUOTE
                modes.pop()
            elif group == "INTERP" or group == "CONTROL":
                kind = t.TEMPLATE_INTERP if group == "INTERP" else t.TEMPLATE_CONTROL
                braces += 1
                return_braces.append(braces)
                modes.append(_MAIN_MODE)
            else:
                kind = group  # type: ignore[assignment]
            kind_append(kind)
            text_append(value)
            pos = m.end()
        else:
            before = pos
            pos = _scan_heredoc(text, pos, heredocs, kinds, texts)
            if pos < 0:
                pos = -pos
                heredocs.pop()
                modes.pop()
            elif pos < n:
                m = _HEREDOC_SEQ.match(text, pos)
                if m is not None:
                    value = m.group()
                    kind_append(t.TEMPLATE_INTERP if value[0] == "$" else t.TEMPLATE_CONTROL)
                    text_append(value)
                    heredocs[-1].start_of_line = False
                    braces += 1
                    return_braces.append(braces)
                    modes.append(_MAIN_MODE)
                    pos = m.end()
                elif pos == before:
                    # A carriage return not followed by a newline: not allowed in a heredoc.
                    kind_append(t.INVALID)
                    text_append(text[pos])
                    heredocs[-1].start_of_line = False
                    pos += 1
        if len(modes) == 1:
            break
    return pos


def _is_identifier(value: str) -> bool:
    """Unicode identifiers: ID_Start then ID_Continue (Python's rules are close) or '-'."""
    return value.replace("-", "_").isidentifier()


def _split_identifier(value: str, pos: int, kinds: list[str], texts: list[str]) -> int:
    """Emit the valid prefix of a would-be identifier and the first bad character."""
    end = 1
    while end <= len(value) and _is_identifier(value[:end]):
        end += 1
    prefix = value[: end - 1]
    if prefix:
        kinds.append(t.IDENT)
        texts.append(prefix)
    kinds.append(t.INVALID)
    texts.append(value[len(prefix)])
    return pos + len(prefix) + 1


def _scan_heredoc(
    text: str, pos: int, heredocs: list[_Heredoc], kinds: list[str], texts: list[str]
) -> int:
    """Scan heredoc literal text from pos.

    Returns the next position, or its negation when the closing marker was consumed.
    """
    doc = heredocs[-1]
    m = _HEREDOC_LIT.match(text, pos)
    assert m is not None
    value = m.group()
    if not value:
        return pos
    if value.endswith("\n"):
        if doc.start_of_line and value.strip() == doc.marker:
            newline_len = 2 if value.endswith("\r\n") else 1
            marker_text = value[:-newline_len]
            kinds += (t.CHEREDOC, t.NEWLINE)
            texts += (marker_text, value[-newline_len:])
            return -m.end()
        doc.start_of_line = True
    else:
        doc.start_of_line = False
    kinds.append(t.STRING_LIT)
    texts.append(value)
    return m.end()
