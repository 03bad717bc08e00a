"""Scanner for HCL native syntax: every character of the input lands in exactly one token."""

from __future__ import annotations

import re
from collections.abc import Callable

from fixer.syntax import tokens as t
from fixer.syntax.tokens import Token

_IDENT = r"[^\W\d][\w-]*"

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
    + _IDENT
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

_OP_KINDS = {
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


def tokenize(text: str) -> list[Token]:
    """Split text into tokens; the concatenation of their texts is text itself.

    The scanner never fails: characters HCL does not allow become INVALID tokens and
    unterminated constructs simply run to the end, for the parser to report.
    """
    out: list[Token] = []
    append = out.append
    n = len(text)
    pos = 0
    modes = [_MAIN_MODE]
    braces = 0
    return_braces: list[int] = []
    heredocs: list[_Heredoc] = []
    main_match = _MAIN.match
    quoted_match = _QUOTED.match

    while pos < n:
        mode = modes[-1]
        if mode == _MAIN_MODE:
            m = main_match(text, pos)
            assert m is not None
            group = m.lastgroup
            value = m.group()
            if group == "IDENT" and not value.isascii() and not _is_identifier(value):
                pos = _split_identifier(value, pos, append)
                continue
            if group == "OP":
                append(Token(_OP_KINDS[value], value, pos))
            elif group == "OBRACE":
                append(Token(t.OBRACE, value, pos))
                braces += 1
            elif group == "CBRACE":
                if return_braces and return_braces[-1] == braces:
                    append(Token(t.TEMPLATE_SEQ_END, value, pos))
                    return_braces.pop()
                    modes.pop()
                elif value == "}":
                    append(Token(t.CBRACE, value, pos))
                else:
                    # "~}" that closes no template sequence: the parser reports it.
                    append(Token(t.TEMPLATE_SEQ_END, value, pos))
                braces -= 1
            elif group == "QUOTE":
                append(Token(t.OQUOTE, value, pos))
                modes.append(_QUOTED_MODE)
            elif group == "OHEREDOC":
                append(Token(t.OHEREDOC, value, pos))
                marker = value[2:].rstrip("\r\n")
                heredocs.append(_Heredoc(marker.removeprefix("-")))
                modes.append(_HEREDOC_MODE)
            else:
                append(Token(group, value, pos))  # type: ignore[arg-type]
            pos = m.end()
        elif mode == _QUOTED_MODE:
            m = quoted_match(text, pos)
            assert m is not None
            group = m.lastgroup
            value = m.group()
            if group == "LIT":
                append(Token(t.QUOTED_LIT, value, pos))
            elif group == "CQUOTE":
                append(Token(t.CQUOTE, value, pos))
                modes.pop()
            elif group == "INTERP" or group == "CONTROL":
                kind = t.TEMPLATE_INTERP if group == "INTERP" else t.TEMPLATE_CONTROL
                append(Token(kind, value, pos))
                braces += 1
                return_braces.append(braces)
                modes.append(_MAIN_MODE)
            else:
                append(Token(group, value, pos))  # type: ignore[arg-type]
            pos = m.end()
        else:
            before = pos
            pos = _scan_heredoc(text, pos, heredocs, out)
            if pos < 0:
                pos = -pos
                heredocs.pop()
                modes.pop()
            elif pos < n:
                m = _HEREDOC_SEQ.match(text, pos)
                if m is not None:
                    value = m.group()
                    kind = t.TEMPLATE_INTERP if value[0] == "$" else t.TEMPLATE_CONTROL
                    append(Token(kind, value, pos))
                    heredocs[-1].start_of_line = False
                    braces += 1
                    return_braces.append(braces)
                    modes.append(_MAIN_MODE)
                    pos = m.end()
                elif pos == before:
                    # A carriage return not followed by a newline: not allowed in a heredoc.
                    append(Token(t.INVALID, text[pos], pos))
                    heredocs[-1].start_of_line = False
                    pos += 1
    append(Token(t.EOF, "", n))
    return out


def _is_identifier(value: str) -> bool:
    """Unicode identifiers: ID_Start then ID_Continue (Python's rules are close) or '-'."""
    return value.replace("-", "_").isidentifier()


def _split_identifier(value: str, pos: int, append: Callable[[Token], None]) -> int:
    """Emit the valid prefix of a would-be identifier and the first bad character."""
    end = 1
    while end <= len(value) and _is_identifier(value[:end]):
        end += 1
    prefix = value[: end - 1]
    if prefix:
        append(Token(t.IDENT, prefix, pos))
    append(Token(t.INVALID, value[len(prefix)], pos + len(prefix)))
    return pos + len(prefix) + 1


def _scan_heredoc(text: str, pos: int, heredocs: list[_Heredoc], out: list[Token]) -> int:
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
            out.append(Token(t.CHEREDOC, marker_text, pos))
            out.append(Token(t.NEWLINE, value[-newline_len:], pos + len(marker_text)))
            return -m.end()
        doc.start_of_line = True
    else:
        doc.start_of_line = False
    out.append(Token(t.STRING_LIT, value, pos))
    return m.end()
