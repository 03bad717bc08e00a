"""The token rewrites terraform fmt makes on top of hclwrite's layout: labels, "${x}", types."""

from __future__ import annotations

import re
import unicodedata

from fixer.syntax import tokens as t
from fixer.syntax.format_unwrap import COMMENT_NL, Unwrapper, unwrapped, value_extent
from fixer.syntax.lists import positions

_OPENERS = frozenset({t.OBRACE, t.OBRACK, t.OPAREN, t.TEMPLATE_INTERP, t.TEMPLATE_CONTROL})
_CLOSERS = frozenset({t.CBRACE, t.CBRACK, t.CPAREN, t.TEMPLATE_SEQ_END})
__all__ = ["COMMENT_NL", "MalformedInput", "positions", "rewrite_for_terraform"]
_LABEL_KINDS = frozenset({t.IDENT, t.OQUOTE, t.QUOTED_LIT, t.CQUOTE, t.COMMENT})
_VALUE_ENDS = frozenset({t.NEWLINE, COMMENT_NL, t.CBRACE})
_TYPE_WORDS = frozenset({"list", "map", "set", "string"})

# How hclsyntax splits the literal text of a quoted string into tokens: each `$` or
# `%` stands alone (or with a following escaped `${` / `%{`), other text runs together.
_GO_QUOTED_PIECES = re.compile(r"\$\$\{~?|%%\{~?|[$%]|(?:\\.|[^$%\\])+", re.DOTALL)
_ESCAPE = re.compile(r"\\(u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|.)", re.DOTALL)
# Printable ASCII without quote, backslash, "$" or "%": such a label reads back as itself.
_PLAIN_LABEL = re.compile(r"[ !#&-\[\]-~]*")
_SIMPLE_ESCAPES = {"n": "\n", "r": "\r", "t": "\t", '"': '"', "\\": "\\"}
_ENCODE_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t", '"': '\\"', "\\": "\\\\"}

Tokens = tuple[list[str], list[str]]


class MalformedInput(Exception):
    """The token stream does not have the shape of an HCL body (not valid HCL)."""

    def __init__(self, message: str, index: int) -> None:
        super().__init__(message)
        self.message = message
        self.index = index


def rewrite_for_terraform(kinds: list[str], texts: list[str], settle: bool = False) -> Tokens:
    """Apply terraform fmt's rewrites to tokens without spaces (line comments folded).

    Block labels become quoted strings, a lone `"${expr}"` attribute value becomes
    `expr`, and legacy type constraints in `variable` blocks get their modern form.
    terraform fmt unwraps one lone interpolation per run, so `"${"${x}"}"` takes it
    two runs to become `x`; `settle` unwraps them all at once: the text one run gives
    when further runs would change nothing.
    """
    if not _may_need_rewrites(kinds, texts):
        return kinds, texts
    walker = _BodyWalker(kinds, texts, settle)
    walker.walk()
    if not walker.edits:
        return kinds, texts
    new_kinds = list(kinds)
    new_texts = list(texts)
    for start, stop, edit_kinds, edit_texts in reversed(walker.edits):
        new_kinds[start:stop] = edit_kinds
        new_texts[start:stop] = edit_texts
    return new_kinds, new_texts


def _may_need_rewrites(kinds: list[str], texts: list[str]) -> bool:
    """A quick, conservative check that spares the body walk for most files."""
    for i in positions(kinds, t.TEMPLATE_INTERP):
        # The scan to the string's end comes last: it is as long as the string, and
        # strings nest 10,000 deep inside one another, each one after an `${`, not `=`.
        if i >= 2 and kinds[i - 1] == t.OQUOTE:
            before = _previous_significant(kinds, i - 2)
            if before >= 0 and kinds[before] == t.EQUAL and _is_lone_interpolation(kinds, i):
                return True
    if "variable" in texts:
        for word in _TYPE_WORDS:
            if any(_looks_like_legacy_type(kinds, texts, i) for i in positions(texts, word)):
                return True
    return any(
        kinds[i - 1] in _LABEL_KINDS and _odd_header(kinds, texts, i)
        for i in positions(kinds, t.OBRACE)
        if i > 0
    )


def _previous_significant(kinds: list[str], i: int) -> int:
    while i >= 0 and kinds[i] == t.COMMENT:
        i -= 1
    return i


def _is_lone_interpolation(kinds: list[str], interp: int) -> bool:
    """Whether the string whose first part is the interpolation at interp is nothing else."""
    depth = 1
    n = len(kinds)
    i = interp + 1
    while i < n and depth:
        kind = kinds[i]
        if kind in _OPENERS:
            depth += 1
        elif kind in _CLOSERS:
            depth -= 1
        i += 1
    return i < n and kinds[i] == t.CQUOTE


def _looks_like_legacy_type(kinds: list[str], texts: list[str], i: int) -> bool:
    """Whether the word at i could be a whole `type = list` or `type = "string"` value."""
    kind = kinds[i]
    if kind == t.IDENT and texts[i] != "string":
        equal = _previous_significant(kinds, i - 1)
        after = i + 1
    elif (
        kind == t.QUOTED_LIT
        and texts[i] != "set"
        and kinds[i - 1] == t.OQUOTE
        and i + 1 < len(kinds)
        and kinds[i + 1] == t.CQUOTE
    ):
        equal = _previous_significant(kinds, i - 2)
        after = i + 2
    else:
        return False
    while after < len(kinds) and kinds[after] == t.COMMENT:
        after += 1
    ends_value = after == len(kinds) or kinds[after] in _VALUE_ENDS
    return ends_value and equal >= 1 and kinds[equal] == t.EQUAL and texts[equal - 1] == "type"


def _odd_header(kinds: list[str], texts: list[str], brace: int) -> bool:
    """Whether the block header before brace has labels that fmt would rewrite."""
    i = brace - 1
    while i >= 0 and kinds[i] in _LABEL_KINDS:
        i -= 1
    header = range(i + 1, brace)
    idents = [j for j in header if kinds[j] == t.IDENT]
    if len(idents) > 1 or any(kinds[j] == t.COMMENT for j in header):
        return True
    for j in header:
        if kinds[j] == t.QUOTED_LIT and not _PLAIN_LABEL.fullmatch(texts[j]):
            label = _decode_label(texts[j])
            if label is None or _encode_label(label) != texts[j]:
                return True
    return False


class _BodyWalker:
    """A light walk over bodies, collecting the edits terraform fmt makes; iterative
    (a stack of the blocks open), so that deep nesting costs no recursion."""

    def __init__(self, kinds: list[str], texts: list[str], settle: bool) -> None:
        self.kinds = kinds
        self.texts = texts
        self.settle = settle
        self._unwrapper: Unwrapper | None = None
        self.edits: list[tuple[int, int, list[str], list[str]]] = []

    def walk(self) -> None:
        """Walk the top-level body and every block in it; a stray closing brace at the
        top level ends the walk."""
        kinds = self.kinds
        texts = self.texts
        n = len(kinds)
        opened: list[int] = []  # the "{" of each block open around i
        top_is_variable = False  # the top-level block open is a `variable` block
        i = 0
        while i < n:
            kind = kinds[i]
            if kind in (t.NEWLINE, t.COMMENT, COMMENT_NL):
                i += 1
            elif kind == t.CBRACE:
                if not opened:
                    return
                opened.pop()
                i += 1
            elif kind == t.IDENT:
                after_name = self._skip_comments(i + 1)
                if after_name < n and kinds[after_name] == t.EQUAL:
                    in_variable = top_is_variable and len(opened) == 1
                    i = self.attribute(i, after_name, in_variable)
                else:
                    brace = self.block_header(i)
                    if not opened:
                        top_is_variable = texts[i] == "variable"
                    opened.append(brace)
                    i = brace + 1
            else:
                raise MalformedInput("An argument or block definition is required here", i)
        if opened:
            raise MalformedInput("Unclosed block", opened[-1])

    def attribute(self, name: int, equal: int, in_variable: bool) -> int:
        """Handle the attribute at name; returns the index just past its expression."""
        kinds = self.kinds
        start = self._skip_comments(equal + 1)
        end, stop = value_extent(kinds, start)
        if in_variable and self.texts[name] == "type":
            replacement = self._modern_type(start, stop)
        elif self.settle:
            if self._unwrapper is None:
                self._unwrapper = Unwrapper(kinds, self.texts)
            replacement = self._unwrapper.settled(start, stop)
        else:
            replacement = unwrapped(kinds[start:stop], self.texts[start:stop])
        if replacement is not None:
            self.edits.append((start, stop, *replacement))
        return end

    def block_header(self, name: int) -> int:
        """Handle the labels of the block at name; returns the index of its "{"."""
        kinds = self.kinds
        texts = self.texts
        n = len(kinds)
        i = name + 1
        labels: list[str | None] = []
        last_label_end = -1
        while i < n and kinds[i] != t.OBRACE:
            kind = kinds[i]
            if kind == t.IDENT:
                labels.append(texts[i])
                i += 1
                last_label_end = i
            elif kind == t.OQUOTE:
                close = i + 1
                while close < n and kinds[close] == t.QUOTED_LIT:
                    close += 1
                if close >= n or kinds[close] != t.CQUOTE:
                    raise MalformedInput("Invalid block label", i)
                labels.append(_label_value(texts[i + 1 : close]))
                i = close + 1
                last_label_end = i
            elif kind == t.COMMENT:
                i += 1
            else:
                raise MalformedInput("Invalid block definition", i)
        if i >= n:
            raise MalformedInput("Missing block body", name)
        if last_label_end >= 0:
            self._normalize_labels(name + 1, last_label_end, labels)
        return i

    def _skip_comments(self, i: int) -> int:
        kinds = self.kinds
        while i < len(kinds) and kinds[i] == t.COMMENT:
            i += 1
        return i

    def _normalize_labels(self, start: int, stop: int, labels: list[str | None]) -> None:
        new_kinds: list[str] = []
        new_texts: list[str] = []
        for label in labels:
            if label is None:
                continue  # hclwrite cannot read it back, so it drops it
            encoded = _encode_label(label)
            new_kinds.append(t.OQUOTE)
            new_texts.append('"')
            if encoded:
                new_kinds.append(t.QUOTED_LIT)
                new_texts.append(encoded)
            new_kinds.append(t.CQUOTE)
            new_texts.append('"')
        if self.kinds[start:stop] != new_kinds or self.texts[start:stop] != new_texts:
            self.edits.append((start, stop, new_kinds, new_texts))

    def _modern_type(self, start: int, stop: int) -> tuple[list[str], list[str]] | None:
        """`list` becomes `list(any)`; quoted `"string"`, `"list"`, `"map"` lose quotes."""
        kinds = self.kinds
        texts = self.texts
        if stop - start == 1 and kinds[start] == t.IDENT and texts[start] in ("list", "map", "set"):
            return _call_tokens(texts[start], "any")
        if (
            stop - start == 3
            and kinds[start] == t.OQUOTE
            and kinds[start + 1] == t.QUOTED_LIT
            and kinds[start + 2] == t.CQUOTE
        ):
            word = texts[start + 1]
            if word == "string":
                return [t.IDENT], ["string"]
            if word in ("list", "map"):
                return _call_tokens(word, "string")
        return None


def _call_tokens(name: str, argument: str) -> tuple[list[str], list[str]]:
    return [t.IDENT, t.OPAREN, t.IDENT, t.CPAREN], [name, "(", argument, ")"]


def _label_value(literal_texts: list[str]) -> str | None:
    """The string a quoted label stands for, or None where hclwrite cannot read it."""
    if not literal_texts:
        return ""
    if len(literal_texts) > 1:
        return None
    return _decode_label(literal_texts[0])


def _decode_label(literal: str) -> str | None:
    if len(_GO_QUOTED_PIECES.findall(literal)) != 1:
        return None  # hclsyntax scans it as several tokens; hclwrite gives up on it
    if literal in ("$${", "%%{"):
        return literal[1:]
    invalid = False

    def unescape(match: re.Match[str]) -> str:
        nonlocal invalid
        selector = match.group(1)
        if selector in _SIMPLE_ESCAPES:
            return _SIMPLE_ESCAPES[selector]
        if len(selector) > 1:
            code = int(selector[1:], 16)
            if code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF:
                return chr(code)
        invalid = True
        return ""

    decoded = _ESCAPE.sub(unescape, literal)
    if invalid:
        return None
    # cty normalizes every string it holds to NFC.
    return unicodedata.normalize("NFC", decoded)


def _encode_label(label: str) -> str:
    """The quoted-string literal hclwrite writes for a label value."""
    out: list[str] = []
    last = len(label) - 1
    for i, char in enumerate(label):
        if char in _ENCODE_ESCAPES:
            out.append(_ENCODE_ESCAPES[char])
        elif char in "$%":
            out.append(char * 2 if i < last and label[i + 1] == "{" else char)
        elif char.isprintable():
            out.append(char)
        elif ord(char) < 0x10000:
            out.append(f"\\u{ord(char):04x}")
        else:
            out.append(f"\\U{ord(char):08x}")
    return "".join(out)
