"""Reading shell scripts enough to find commands: words, operators, redirections,
heredocs skipped, quotes and substitutions kept inside their word."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_REDIRECT = re.compile(r"\d*(?:&>>|&>|>>|>&|<&|<<<|<<-|<<|<>|>\||>|<)")
_OPERATORS = ("&&", "||", ";;", "|&", ";", "&", "|", "(", ")")
_WORD_END = frozenset(" \t\n;&|()<>")
_RESERVED = frozenset({"if", "then", "else", "elif", "do", "while", "until", "!", "{", "time"})
_ASSIGNMENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*(?:\[[^]]*\])?\+?=")
_LOOKUPS = {"command": ("-v", "-V"), "which": (), "hash": (), "type": ("-p", "-P", "-t")}


@dataclass(frozen=True, slots=True)
class Token:
    """A shell word, operator (`;`, `&&`, `|` ...), redirection or newline, with its span."""

    kind: str  # "word", "op", "redirect" or "newline"
    text: str
    start: int
    end: int


@dataclass
class Command:
    """A simple command: its tokens (words and redirections) and what separates it."""

    tokens: list[Token] = field(default_factory=list)
    before: str = "newline"
    after: str = "newline"

    @property
    def words(self) -> list[Token]:
        return [token for token in self.tokens if token.kind == "word"]


# ---------------------------------------------------------------- reading shell


def _skip_quoted(text: str, i: int) -> int:
    """The offset after the quoted string, `$(...)`, `${...}` or backquotes starting at i."""
    n = len(text)
    ch = text[i]
    if ch == "'":
        end = text.find("'", i + 1)
        return n if end < 0 else end + 1
    if ch == "`":
        j = i + 1
        while j < n and text[j] != "`":
            j += 2 if text[j] == "\\" else 1
        return min(j + 1, n)
    if ch == '"':
        j = i + 1
        while j < n and text[j] != '"':
            if text[j] == "\\":
                j += 2
            elif text.startswith(("$(", "${"), j) or text[j] == "`":
                j = _skip_quoted(text, j + (0 if text[j] == "`" else 1))
            else:
                j += 1
        return min(j + 1, n)
    # `$(` or `${`: i points at the opening bracket
    close = ")" if ch == "(" else "}"
    depth = 0
    j = i
    while j < n:
        c = text[j]
        if c in "'\"`":
            j = _skip_quoted(text, j)
            continue
        if c == "\\":
            j += 2
            continue
        if c == ch:
            depth += 1
        elif c == close:
            depth -= 1
            if depth == 0:
                return j + 1
        j += 1
    return n


def _read_word(text: str, i: int) -> int:
    n = len(text)
    j = i
    while j < n:
        c = text[j]
        if c in _WORD_END or (c == "\r" and text.startswith("\r\n", j)):
            break
        if c == "\\":
            j += 2
        elif c in "'\"`":
            j = _skip_quoted(text, j)
        elif c == "$" and j + 1 < n and text[j + 1] in "({":
            j = _skip_quoted(text, j + 1)
        else:
            j += 1
    return min(j, n)


def _skip_heredocs(text: str, i: int, pending: list[tuple[str, bool]]) -> int:
    """Skip heredoc bodies starting at i (the start of a line); returns the next line."""
    for delimiter, strip_tabs in pending:
        while i < len(text):
            end = text.find("\n", i)
            end = len(text) if end < 0 else end + 1
            line = text[i:end].rstrip("\r\n")
            i = end
            if (line.lstrip("\t") if strip_tabs else line) == delimiter:
                break
    pending.clear()
    return i


def tokenize(text: str) -> list[Token]:
    """Shell tokens of a script: comments, line continuations and heredoc bodies dropped."""
    found: list[Token] = []
    pending: list[tuple[str, bool]] = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c in " \t" or (c == "\r" and not text.startswith("\r\n", i)):
            i += 1
        elif text.startswith(("\\\n", "\\\r\n"), i):
            i += 2 if text[i + 1] == "\n" else 3
        elif c == "\n" or text.startswith("\r\n", i):
            width = 1 if c == "\n" else 2
            found.append(Token("newline", "\n", i, i + width))
            i = _skip_heredocs(text, i + width, pending) if pending else i + width
        elif c == "#":
            while i < n and text[i] != "\n" and not text.startswith("\r\n", i):
                i += 1
        elif (match := _REDIRECT.match(text, i)) is not None:
            found.append(Token("redirect", match.group(), i, match.end()))
            i = match.end()
            if match.group().lstrip("0123456789") in ("<<", "<<-"):
                while i < n and text[i] in " \t":
                    i += 1
                end = _read_word(text, i)
                pending.append((re.sub(r"[\"'\\]", "", text[i:end]), match.group().endswith("-")))
                found.append(Token("word", text[i:end], i, end))
                i = end
        elif (op := next((o for o in _OPERATORS if text.startswith(o, i)), None)) is not None:
            found.append(Token("op", op, i, i + len(op)))
            i += len(op)
        else:
            end = max(_read_word(text, i), i + 1)
            found.append(Token("word", text[i:end], i, end))
            i = end
    return found


def commands(tokens: list[Token]) -> list[Command]:
    """Simple commands, in order, split at newlines and operators."""
    found: list[Command] = []
    current = Command()
    for token in tokens:
        if token.kind in ("newline", "op"):
            separator = "newline" if token.kind == "newline" else token.text
            if current.tokens:
                current.after = separator
                found.append(current)
            current = Command(before=separator)
        else:
            current.tokens.append(token)
    if current.tokens:
        current.after = "newline"
        found.append(current)
    return found


def reserved_count(command: Command) -> int:
    words = command.words
    k = 0
    while k < len(words) and words[k].text in _RESERVED:
        k += 1
    return k


def command_start(command: Command) -> int:
    """Index in `words` of the command name, after reserved words and assignments."""
    words = command.words
    k = 0
    while k < len(words) and (words[k].text in _RESERVED or _ASSIGNMENT.match(words[k].text)):
        k += 1
    return k


def name_of(command: Command) -> str | None:
    words = command.words
    k = command_start(command)
    return words[k].text if k < len(words) else None


def looks_up_zip(command: Command) -> bool:
    """`command -v zip`, `which zip`, `hash zip`, `type -p zip` ..."""
    words = command.words
    k = command_start(command)
    if k >= len(words) or words[k].text not in _LOOKUPS:
        return False
    rest = [w.text for w in words[k + 1 :]]
    while rest and rest[0] in _LOOKUPS[words[k].text]:
        rest = rest[1:]
    return bool(rest) and rest[0] == "zip"
