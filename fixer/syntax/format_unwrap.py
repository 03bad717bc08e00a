"""terraform fmt's unwrapping of a lone interpolation: `a = "${x}"` becomes `a = x`.

terraform fmt unwraps one level per run, so `"${"${x}"}"` takes it two runs to become
`x`; `Unwrapper.settled` gives at once what repeated runs end with, in time linear in
the size of the value however deep the wrapping goes.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict

from fixer.syntax import tokens as t

# A `#` or `//` comment together with the newline that ends it: hclsyntax scans them
# as one token, and the formatter's notion of a line depends on it.
COMMENT_NL = "COMMENT_NL"

_OPENERS = frozenset({t.OBRACE, t.OBRACK, t.OPAREN, t.TEMPLATE_INTERP, t.TEMPLATE_CONTROL})
_CLOSERS = frozenset({t.CBRACE, t.CBRACK, t.CPAREN, t.TEMPLATE_SEQ_END})
# Tokens that, outside nested strings, make a template more than one interpolation.
_NOT_LONE = (t.TEMPLATE_INTERP, t.TEMPLATE_SEQ_END, t.QUOTED_LIT)

Tokens = tuple[list[str], list[str]]


def value_extent(kinds: list[str], start: int, limit: int = -1) -> tuple[int, int]:
    """Where the attribute value starting at start ends (looking no further than limit):
    the index of the newline (or line comment, or closing brace of a one-line block)
    after it, and the index after its last token that is not a comment."""
    n = len(kinds) if limit < 0 else limit
    depth = 0
    end = start
    while end < n:
        kind = kinds[end]
        if kind in _OPENERS:
            depth += 1
        elif kind in _CLOSERS:
            if depth == 0:
                break  # the closing brace of a one-line block
            depth -= 1
        elif depth == 0 and (kind == t.NEWLINE or kind == COMMENT_NL):
            break
        end += 1
    stop = end
    while stop > start and kinds[stop - 1] == t.COMMENT:
        stop -= 1
    return end, stop


def unwrapped(kinds: list[str], texts: list[str]) -> Tokens | None:
    """A lone interpolation `"${expr}"` becomes expr (in parentheses if multi-line)."""
    stop = len(kinds)
    if (
        stop < 5
        or kinds[0] != t.OQUOTE
        or kinds[1] != t.TEMPLATE_INTERP
        or kinds[stop - 2] != t.TEMPLATE_SEQ_END
        or kinds[stop - 1] != t.CQUOTE
    ):
        return None
    quotes = 0
    for kind in kinds[2 : stop - 2]:
        if kind == t.OQUOTE:
            quotes += 1
        elif kind == t.CQUOTE:
            quotes -= 1
        elif quotes > 0:
            continue
        elif kind in _NOT_LONE:
            return None
    inner_start = 2
    inner_stop = stop - 2
    while inner_start < inner_stop and kinds[inner_start] == t.NEWLINE:
        inner_start += 1
    while inner_stop > inner_start and kinds[inner_stop - 1] == t.NEWLINE:
        inner_stop -= 1
    inner_kinds = kinds[inner_start:inner_stop]
    inner_texts = texts[inner_start:inner_stop]
    if t.NEWLINE in inner_kinds[1:-1] and not (
        inner_kinds[0] == t.OPAREN and inner_kinds[-1] == t.CPAREN
    ):
        return [t.OPAREN, *inner_kinds, t.CPAREN], ["(", *inner_texts, ")"]
    return inner_kinds, inner_texts


class Unwrapper:
    """Unwrapping settled, over the tokens of one file (without spaces, line comments
    folded), with what it needs found once: the quote depth of each token, the end of
    each quoted string, and where the newlines and the tokens that stop an unwrap are."""

    def __init__(self, kinds: list[str], texts: list[str]) -> None:
        self.kinds = kinds
        self.texts = texts
        self.depth: list[int] = []  # quote depth; a string's quotes count as outside it
        self.closing: dict[int, int] = {}  # OQUOTE index -> its CQUOTE index
        self.stoppers: dict[int, list[int]] = defaultdict(list)  # by quote depth
        self.newlines: list[int] = []
        opened: list[int] = []
        for i, kind in enumerate(kinds):
            if kind == t.CQUOTE and opened:
                self.closing[opened.pop()] = i
            self.depth.append(len(opened))
            if kind == t.OQUOTE:
                opened.append(i)
            elif kind in _NOT_LONE:
                self.stoppers[len(opened)].append(i)
            elif kind == t.NEWLINE:
                self.newlines.append(i)

    def settled(self, start: int, stop: int) -> Tokens | None:
        """What repeated terraform fmt runs make of the attribute value kinds[start:stop]
        (None when it stays as it is). Each run unwraps the value; the next run's value
        is what follows the comments the result starts with, up to the end of its line,
        without the comments there; what is around it stays."""
        kinds = self.kinds
        found = self._unwrap(start, stop)
        if found is None:
            return None
        around: list[tuple[int, int, int, int]] = []  # (x, a, b, y): keep [x, a) and [b, y)
        x, y, parens = found
        while not parens:
            a = x
            while a < y and kinds[a] == t.COMMENT:
                a += 1
            _, b = self._extent(a, y)
            again = self._unwrap(a, b)
            if again is None:
                break
            around.append((x, a, b, y))
            x, y, parens = again
        out_kinds = [kind for x0, a0, _, _ in around for kind in kinds[x0:a0]]
        out_texts = [text for x0, a0, _, _ in around for text in self.texts[x0:a0]]
        if parens:
            out_kinds += [t.OPAREN, *kinds[x:y], t.CPAREN]
            out_texts += ["(", *self.texts[x:y], ")"]
        else:
            out_kinds += kinds[x:y]
            out_texts += self.texts[x:y]
        for _, _, b0, y0 in reversed(around):
            out_kinds += kinds[b0:y0]
            out_texts += self.texts[b0:y0]
        return out_kinds, out_texts

    def _extent(self, start: int, limit: int) -> tuple[int, int]:
        """value_extent, jumping over quoted strings (nothing in one ends a value)."""
        kinds = self.kinds
        i = start
        while i < limit and kinds[i] == t.OQUOTE and self.closing.get(i, limit) < limit:
            i = self.closing[i] + 1
        if i == start:
            return value_extent(kinds, start, limit)
        end, stop = value_extent(kinds, i, limit)
        while stop > start and kinds[stop - 1] == t.COMMENT:
            stop -= 1
        return end, max(stop, start)

    def _unwrap(self, a: int, b: int) -> tuple[int, int, bool] | None:
        """`unwrapped` for kinds[a:b], as the range of the inner tokens and whether they
        go in parentheses."""
        kinds = self.kinds
        if (
            b - a < 5
            or kinds[a] != t.OQUOTE
            or kinds[a + 1] != t.TEMPLATE_INTERP
            or kinds[b - 2] != t.TEMPLATE_SEQ_END
            or kinds[b - 1] != t.CQUOTE
        ):
            return None
        stoppers = self.stoppers.get(self.depth[a] + 1, [])
        first = bisect_left(stoppers, a + 2)
        if first < len(stoppers) and stoppers[first] < b - 2:
            return None
        x, y = a + 2, b - 2
        while x < y and kinds[x] == t.NEWLINE:
            x += 1
        while y > x and kinds[y - 1] == t.NEWLINE:
            y -= 1
        newline = bisect_left(self.newlines, x + 1)
        multi_line = newline < len(self.newlines) and self.newlines[newline] < y - 1
        parens = multi_line and not (kinds[x] == t.OPAREN and kinds[y - 1] == t.CPAREN)
        return x, y, parens
