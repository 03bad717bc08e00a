"""Hypothesis strategies that generate valid HCL native-syntax files as text."""

from __future__ import annotations

import re
from functools import cache

from hypothesis import strategies as st

# Every strategy is built once (module constants or @cache): building strategies inside
# draws makes Hypothesis re-validate them and is several times slower.

# Names that change how an expression parses ("[for ...", "%{ if ...") or that are literals.
KEYWORDS = frozenset({"for", "in", "if", "else", "endif", "endfor", "true", "false", "null"})

BINARY_OPERATORS = ("+", "-", "*", "/", "%", "==", "!=", "<", "<=", ">", ">=", "&&", "||")

# Characters for literal text in quoted strings: no '"', '\\', '$', '%', no newline.
_QUOTED_CHARS = st.sampled_from([*"abcxyzABC019 _-.,:;=+*/#!?()[]{}<>@&|~'`^", "é", "日", "😀"])
# Escapes and other multi-character literal pieces of a quoted string.
_QUOTED_PIECES = st.sampled_from(
    ["\\n", "\\r", "\\t", '\\"', "\\\\", "\\u00e9", "\\U0001F600", "$${x}", "%%{y}", "$ ", "% "]
)
# Heredoc literal text also allows quotes and backslashes (no escapes in heredocs).
_HEREDOC_CHARS = st.sampled_from([*"abcxyz019 _-.,:;=+*/#!?()[]{}<>\"'\\\t", "é", "😀"])
_COMMENT_CHARS = st.sampled_from([*"abc XYZ 0123 #/*-=\"'{}$%\\\t", "é", "😀"])

_SPACE = st.sampled_from(["", " ", " ", " ", "  ", "\t"])
_SPACE1 = st.sampled_from([" ", " ", " ", "  ", "\t"])
_ONE_IN_3 = st.integers(0, 2).map(lambda n: n == 0)
_ONE_IN_4 = st.integers(0, 3).map(lambda n: n == 0)
_ONE_IN_5 = st.integers(0, 4).map(lambda n: n == 0)
_ONE_IN_7 = st.integers(0, 6).map(lambda n: n == 0)


def _name_ok(name: str) -> bool:
    # "x.0.e5" is a legacy index then ".e5" for Terraform but one number for our lexer
    # (a reported bug): generated names stay clear of that shape.
    return name not in KEYWORDS and not re.match(r"[eE]-?[0-9]", name)


identifiers = st.from_regex(r"[a-zA-Z_][a-zA-Z0-9_]{0,6}(-[a-z0-9]{1,3})?", fullmatch=True).filter(
    _name_ok
) | st.sampled_from(["naïve", "größe", "名前", "x_1", "aws_instance", "for_each"])

numbers = st.one_of(
    st.integers(0, 10**9).map(str),
    st.from_regex(r"[0-9]{1,3}\.[0-9]{1,3}", fullmatch=True),
    st.from_regex(r"[0-9]{1,3}(\.[0-9]{1,2})?[eE][+-]?[0-9]{1,2}", fullmatch=True),
)

keyword_literals = st.sampled_from(["true", "false", "null"])

newlines = st.sampled_from(["\n", "\n", "\n", "\r\n"])

# A `#` or `//` comment, without its newline.
line_comments = st.tuples(st.sampled_from(["#", "//"]), st.text(_COMMENT_CHARS, max_size=12)).map(
    "".join
)


@cache
def block_comments(nl: str = "\n", multiline: bool = False) -> st.SearchStrategy[str]:
    """A `/* ... */` comment, spanning lines only when multiline."""

    def build(pieces: list[str]) -> str:
        body = (nl if multiline else " ").join(pieces).replace("*/", "* /")
        return "/*" + body + "*/"

    return st.lists(st.text(_COMMENT_CHARS, max_size=8), min_size=1, max_size=3).map(build)


# ------------------------------------------------------------------ templates

# Literal text of a quoted string: plain characters and escape sequences.
quoted_literal_texts = st.lists(st.one_of(_QUOTED_CHARS, _QUOTED_PIECES), max_size=6).map("".join)

# Strip markers for the left and right of a template sequence.
_STRIP = st.tuples(st.sampled_from(["", "", "~"]), st.sampled_from(["", "", "~"]))


@cache
def template_parts(depth: int, heredoc: bool, nl: str) -> st.SearchStrategy[str]:
    """A sequence of template parts (literal text, `${...}`, `%{ if }`, `%{ for }`)."""
    if heredoc:
        text = st.text(_HEREDOC_CHARS, max_size=10)
        literal = st.one_of(text, text.map(lambda s: s + nl))
    else:
        literal = quoted_literal_texts
    if depth <= 0:
        return literal
    inner = expressions(depth - 1, multiline=False, nl=nl)
    body = template_parts(depth - 1, heredoc, nl)
    names = st.lists(identifiers, min_size=1, max_size=2, unique=True).map(", ".join)

    @st.composite
    def interpolation(draw: st.DrawFn) -> str:
        left, right = draw(_STRIP)
        return "${" + left + draw(_SPACE) + draw(inner) + draw(_SPACE) + right + "}"

    @st.composite
    def if_directive(draw: st.DrawFn) -> str:
        s = [draw(_STRIP) for _ in range(3)]
        out = "%{" + s[0][0] + " if " + draw(inner) + " " + s[0][1] + "}" + draw(body)
        if draw(st.booleans()):
            out += "%{" + s[1][0] + " else " + s[1][1] + "}" + draw(body)
        return out + "%{" + s[2][0] + "endif" + s[2][1] + "}"

    @st.composite
    def for_directive(draw: st.DrawFn) -> str:
        s = [draw(_STRIP) for _ in range(2)]
        head = "%{" + s[0][0] + " for " + draw(names) + " in " + draw(inner) + s[0][1] + "}"
        return head + draw(body) + "%{" + s[1][0] + " endfor " + s[1][1] + "}"

    part = st.one_of(literal, literal, interpolation(), if_directive(), for_directive())
    return st.lists(part, max_size=4).map("".join)


@cache
def quoted_strings(depth: int, nl: str = "\n") -> st.SearchStrategy[str]:
    """A quoted template: `"text ${expr} %{ if c }..%{ endif }"`."""
    return template_parts(depth, False, nl).map(lambda body: f'"{body}"')


@cache
def heredocs(depth: int, nl: str) -> st.SearchStrategy[str]:
    """`<<EOT` / `<<-EOT` up to and including the closing marker (no newline after it)."""
    content_parts = template_parts(depth, True, nl)

    @st.composite
    def build(draw: st.DrawFn) -> str:
        marker = draw(st.sampled_from(["EOT", "EOF", "END_OF_TEXT", "X-Y"]))
        indented = draw(st.booleans())
        content = draw(content_parts)
        if any(line.strip() == marker for line in content.split(nl)):
            content = ""
        if indented:
            indent = draw(st.sampled_from(["", "  ", "    ", "\t"]))
            content = nl.join(indent + line if line else line for line in content.split(nl))
        else:
            indent = draw(st.sampled_from(["", "", "  "]))
        if content and not content.endswith(nl):
            content += nl
        return "<<" + ("-" if indented else "") + marker + nl + content + indent + marker

    return build()


# ------------------------------------------------------------------ expressions


@cache
def expressions(depth: int, multiline: bool = True, nl: str = "\n") -> st.SearchStrategy[str]:
    """Any expression, nested up to depth levels; newlines inside brackets if multiline."""
    leaves = st.one_of(
        numbers,
        keyword_literals,
        identifiers,
        simple_traversals,
        quoted_strings(0, nl),
    )
    if depth <= 0:
        return leaves
    sub = expressions(depth - 1, multiline, nl)
    composite = st.one_of(
        traversals(sub),
        function_calls(sub, multiline, nl),
        tuples(sub, multiline, nl),
        objects(sub, multiline, nl),
        for_expressions(sub, multiline, nl),
        conditionals(sub),
        binary_operations(sub),
        unary_operations(sub),
        parenthesized(sub, multiline, nl),
        quoted_strings(depth, nl),
    )
    return st.one_of(leaves, composite, composite)


@cache
def separators(multiline: bool, nl: str, indent: str) -> st.SearchStrategy[str]:
    """Space, or (when multiline) a newline with maybe comments, then indentation."""

    @st.composite
    def build(draw: st.DrawFn) -> str:
        if not multiline or draw(_ONE_IN_3):
            return draw(_SPACE)
        out = ""
        if draw(_ONE_IN_4):
            out += draw(_SPACE1) + draw(line_comments)
        out += nl
        if draw(_ONE_IN_5):
            out += indent + draw(line_comments) + nl
        return out + indent

    return build()


# `var.x`, `aws_vpc.main.id`: a name and a few attribute steps.
simple_traversals = st.lists(identifiers, min_size=2, max_size=4).map(".".join)

_STEP_KINDS = st.sampled_from(["attr", "index", "legacy", "splat", "full-splat"])


def traversals(sub: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    """A root then `.attr`, `[expr]`, legacy `.0`, `.*` and `[*]` steps."""
    roots = st.one_of(
        identifiers,
        identifiers.map(lambda n: n + "()"),
        sub.map(lambda e: f"({e})"),
        sub.map(lambda e: f"[{e}]"),
    )

    @st.composite
    def build(draw: st.DrawFn) -> str:
        out = draw(roots)
        previous = ""
        in_attribute_splat = False
        for _ in range(draw(st.integers(1, 4))):
            kind = draw(_STEP_KINDS)
            if kind == "legacy" and previous == "legacy":
                kind = "attr"  # "x.0.1" would be one number
            if kind == "splat" and in_attribute_splat:
                kind = "attr"  # "x.*.y.*" is a nested splat, which Terraform rejects
            if kind == "splat":
                in_attribute_splat = True
            elif kind in ("index", "full-splat"):
                in_attribute_splat = False
            if kind == "attr":
                out += "." + draw(identifiers)
            elif kind == "index":
                out += "[" + draw(_SPACE) + draw(sub) + draw(_SPACE) + "]"
            elif kind == "legacy":
                out += "." + str(draw(st.integers(0, 20)))
            elif kind == "splat":
                out += ".*"
            else:
                out += "[*]"
            previous = kind
        return out

    return build()


# `f` or `provider::ns::f`.
_CALL_NAMES = st.one_of(
    identifiers,
    identifiers,
    identifiers,
    st.tuples(identifiers, identifiers).map(lambda p: f"provider::{p[0]}::{p[1]}"),
)


def function_calls(sub: st.SearchStrategy[str], multiline: bool, nl: str) -> st.SearchStrategy[str]:
    """`f(a, b)`, `f(list...)`, `provider::ns::f(x)`, with newlines between arguments."""
    argument_lists = st.lists(sub, max_size=3)
    inner = separators(multiline, nl, "    ")
    last = separators(multiline, nl, "")

    @st.composite
    def build(draw: st.DrawFn) -> str:
        name = draw(_CALL_NAMES)
        args = draw(argument_lists)
        if not args:
            return name + "(" + draw(_SPACE) + ")"
        out = name + "(" + draw(inner) + ("," + draw(inner)).join(args)
        out += draw(st.sampled_from(["", "", "", "...", ","]))
        return out + draw(last) + ")"

    return build()


def tuples(sub: st.SearchStrategy[str], multiline: bool, nl: str) -> st.SearchStrategy[str]:
    """`[a, b, c]`, trailing comma and newlines allowed."""
    item_lists = st.lists(sub, max_size=4)
    inner = separators(multiline, nl, "  ")
    last = separators(multiline, nl, "")

    @st.composite
    def build(draw: st.DrawFn) -> str:
        items = draw(item_lists)
        if not items:
            return "[" + draw(_SPACE) + "]"
        out = "[" + draw(inner)
        for i, item in enumerate(items):
            out += item
            if i < len(items) - 1:
                out += "," + draw(inner)
            elif draw(st.booleans()):
                out += ","
        return out + draw(last) + "]"

    return build()


def objects(sub: st.SearchStrategy[str], multiline: bool, nl: str) -> st.SearchStrategy[str]:
    """`{ a = 1, "b": 2, (k) = v }`: one line with commas, or one item per line."""
    keys = st.one_of(
        identifiers,
        identifiers,
        identifiers,
        quoted_literal_texts.map(lambda s: f'"{s}"'),
        sub.map(lambda e: f"({e})"),
    )
    key_lists = st.lists(keys, max_size=4, unique=True)
    commas = st.sampled_from([",", ", ", " , "])

    @st.composite
    def build(draw: st.DrawFn) -> str:
        names = draw(key_lists)
        if not names:
            return "{" + draw(_SPACE) + "}"
        items = [
            key + draw(_SPACE) + draw(st.sampled_from(["=", "=", ":"])) + draw(_SPACE) + draw(sub)
            for key in names
        ]
        if not multiline or draw(st.booleans()):
            out = "{" + draw(_SPACE) + draw(commas).join(items)
            if draw(st.booleans()):
                out += ","
            return out + draw(_SPACE) + "}"
        out = "{" + nl
        for item in items:
            if draw(_ONE_IN_5):
                out += "  " + draw(line_comments) + nl
            out += "  " + item + draw(st.sampled_from(["", "", ","]))
            if draw(_ONE_IN_5):
                out += draw(_SPACE1) + draw(line_comments)
            out += nl
            if draw(_ONE_IN_5):
                out += nl
        return out + "}"

    return build()


def for_expressions(
    sub: st.SearchStrategy[str], multiline: bool, nl: str
) -> st.SearchStrategy[str]:
    """`[for x in l : f(x) if c]` and `{for k, v in m : k => v... if c}`."""
    names = st.lists(identifiers, min_size=1, max_size=2, unique=True).map(", ".join)
    inner = separators(multiline, nl, "  ")
    last = separators(multiline, nl, "")

    @st.composite
    def build(draw: st.DrawFn) -> str:
        is_object = draw(st.booleans())
        head = "for " + draw(names) + " in " + draw(sub) + draw(_SPACE) + ":" + draw(inner)
        if is_object:
            body = draw(sub) + draw(_SPACE) + "=>" + draw(_SPACE) + draw(sub)
            if draw(st.booleans()):
                body += "..."
        else:
            body = draw(sub)
        if draw(st.booleans()):
            body += draw(_SPACE1) + "if " + draw(sub)
        opener, closer = ("{", "}") if is_object else ("[", "]")
        return opener + draw(inner) + head + body + draw(last) + closer

    return build()


def conditionals(sub: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    """`c ? a : b`."""
    return st.tuples(sub, _SPACE, _SPACE, sub, _SPACE, _SPACE, sub).map(
        lambda p: f"{p[0]}{p[1]}?{p[2]}{p[3]}{p[4]}:{p[5]}{p[6]}"
    )


def binary_operations(sub: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    """`a op b` (spaces around the operator: `a-b` would be one identifier)."""
    return st.tuples(sub, _SPACE1, st.sampled_from(BINARY_OPERATORS), _SPACE1, sub).map("".join)


def unary_operations(sub: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    """`-x`, `!x`."""
    return st.tuples(st.sampled_from(["-", "!"]), _SPACE, sub).map("".join)


def parenthesized(sub: st.SearchStrategy[str], multiline: bool, nl: str) -> st.SearchStrategy[str]:
    """`(expr)`, possibly with a comment and newlines inside."""
    comments = st.one_of(
        st.just(""), st.just(""), block_comments(nl, multiline).map(lambda c: c + " ")
    )
    inner = separators(multiline, nl, "  ")
    return st.tuples(inner, comments, sub, _SPACE).map(lambda p: "(" + "".join(p) + ")")


# ------------------------------------------------------------------ bodies and files


@cache
def attribute_values(depth: int, nl: str, one_line: bool = False) -> st.SearchStrategy[str]:
    """` = expr` with maybe a line comment: an attribute after its name, no final newline.

    A heredoc value ends the text with its marker: the caller must follow it by a newline.
    """
    values = expressions(depth, multiline=not one_line, nl=nl)
    trailing = st.one_of(line_comments, block_comments(nl))
    docs = heredocs(max(depth - 1, 0), nl)

    @st.composite
    def build(draw: st.DrawFn) -> str:
        text = draw(_SPACE) + "=" + draw(_SPACE)
        if not one_line and draw(_ONE_IN_7):
            return text + draw(docs)
        text += draw(values)
        if not one_line and draw(_ONE_IN_5):
            text += draw(_SPACE1) + draw(trailing)
        return text

    return build()


# A block label, bare or quoted (no template sequences).
_LABELS = st.one_of(
    identifiers,
    quoted_literal_texts.map(lambda s: f'"{s}"'),
    quoted_literal_texts.map(lambda s: f'"{s}"'),
)
_LABEL_LISTS = st.lists(st.tuples(_SPACE1, _LABELS).map("".join), max_size=2).map("".join)


@cache
def block_rests(depth: int, nl: str, indent: str) -> st.SearchStrategy[str]:
    """A block after its type: labels and `{ ... }`, multi-line, empty or single-line."""
    one_line = attribute_values(max(depth - 1, 0), nl, one_line=True)
    inner_bodies = bodies(depth - 1, nl, indent + "  ") if depth > 0 else st.just("")

    @st.composite
    def build(draw: st.DrawFn) -> str:
        head = draw(_LABEL_LISTS) + draw(_SPACE) + "{"
        form = draw(st.integers(0, 5))
        if form == 0 or depth <= 0:
            return head + draw(_SPACE) + "}"
        if form == 1:
            attr = draw(identifiers) + draw(one_line)
            return head + draw(_SPACE1) + attr + draw(_SPACE1) + "}"
        if draw(_ONE_IN_5):
            head += draw(_SPACE1) + draw(line_comments)
        return head + nl + draw(inner_bodies) + indent + "}"

    return build()


@cache
def bodies(depth: int, nl: str, indent: str = "") -> st.SearchStrategy[str]:
    """Attributes and blocks, one per line, with blank lines and comment lines between."""
    name_lists = st.lists(identifiers, max_size=4, unique=True)
    fillers = st.one_of(
        st.just(nl),
        line_comments.map(lambda c: indent + c + nl),
        block_comments(nl, True).map(lambda c: indent + c + nl),
    )
    values = attribute_values(depth, nl)
    rests = block_rests(depth, nl, indent)

    @st.composite
    def build(draw: st.DrawFn) -> str:
        out = ""
        for name in draw(name_lists):
            while draw(_ONE_IN_4):
                out += draw(fillers)
            if depth > 0 and draw(_ONE_IN_3):
                out += indent + name + draw(rests)
                if draw(_ONE_IN_5):
                    out += draw(_SPACE1) + draw(line_comments)
            else:
                out += indent + name + draw(values)
            out += nl
        if draw(_ONE_IN_5):
            out += indent + draw(line_comments) + nl
        return out

    return build()


@st.composite
def hcl_files(draw: st.DrawFn, depth: int = 3) -> str:
    """A whole valid file: LF or (sometimes) CRLF, with or without a final newline."""
    nl = draw(newlines)
    text = draw(bodies(depth, nl))
    last_line = text[: -len(nl)].rsplit(nl, 1)[-1] if text else ""
    ends_in_heredoc = bool(re.fullmatch(r"\s*(EOT|EOF|END_OF_TEXT|X-Y)", last_line))
    if text and not ends_in_heredoc and draw(_ONE_IN_5):
        text = text[: -len(nl)]
    return text
