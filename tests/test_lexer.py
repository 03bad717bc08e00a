"""Unit tests for the HCL scanner: token kinds and texts, and full coverage of the input."""

from __future__ import annotations

import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fixer.syntax import tokens as t
from fixer.syntax.lexer import _BATCH, _scan_pieces, _scan_runs, _scan_unit, scan, tokenize
from fixer.syntax.tokens import LineIndex, Token


def check_coverage(text: str, tokens: list[Token]) -> None:
    """Tokens tile the text: contiguous, in order, ending with a zero-width EOF."""
    assert "".join(tok.text for tok in tokens) == text
    offset = 0
    for tok in tokens:
        assert tok.start == offset, tok
        offset = tok.end
    assert tokens[-1].kind == t.EOF
    assert tokens[-1].start == len(text)
    assert [tok for tok in tokens if tok.kind == t.EOF] == [tokens[-1]]


def lex(text: str) -> list[tuple[str, str]]:
    """(kind, text) of every token but spaces and EOF, after checking coverage."""
    tokens = tokenize(text)
    check_coverage(text, tokens)
    return [(tok.kind, tok.text) for tok in tokens if tok.kind not in (t.SPACE, t.EOF)]


# ---------------------------------------------------------------- names and numbers


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a", [(t.IDENT, "a")]),
        ("a-b", [(t.IDENT, "a-b")]),
        ("aws_vpc-main-1", [(t.IDENT, "aws_vpc-main-1")]),
        ("a - b", [(t.IDENT, "a"), (t.MINUS, "-"), (t.IDENT, "b")]),
        ("_x", [(t.IDENT, "_x")]),
        ("naïve", [(t.IDENT, "naïve")]),
        ("名前", [(t.IDENT, "名前")]),
        ("1", [(t.NUMBER, "1")]),
        ("42", [(t.NUMBER, "42")]),
        ("1.5", [(t.NUMBER, "1.5")]),
        ("1e5", [(t.NUMBER, "1e5")]),
        ("1.5E-3", [(t.NUMBER, "1.5E-3")]),
        ("2e+10", [(t.NUMBER, "2e+10")]),
        ("1e", [(t.NUMBER, "1"), (t.IDENT, "e")]),
        ("-1", [(t.MINUS, "-"), (t.NUMBER, "1")]),
        ("1 .5", [(t.NUMBER, "1"), (t.DOT, "."), (t.NUMBER, "5")]),
        ("x.0.y", [(t.IDENT, "x"), (t.DOT, "."), (t.NUMBER, "0"), (t.DOT, "."), (t.IDENT, "y")]),
        ("x.0.1", [(t.IDENT, "x"), (t.DOT, "."), (t.NUMBER, "0.1")]),
        (
            "f(1...)",
            [
                (t.IDENT, "f"),
                (t.OPAREN, "("),
                (t.NUMBER, "1"),
                (t.ELLIPSIS, "..."),
                (t.CPAREN, ")"),
            ],
        ),
        ("true false null", [(t.IDENT, "true"), (t.IDENT, "false"), (t.IDENT, "null")]),
    ],
)
def test_names_and_numbers(text: str, expected: list[tuple[str, str]]) -> None:
    assert lex(text) == expected


# ---------------------------------------------------------------- operators and punctuation


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("...", t.ELLIPSIS),
        ("=>", t.FAT_ARROW),
        ("::", t.DOUBLE_COLON),
        ("==", t.EQUAL_OP),
        ("!=", t.NOT_EQUAL),
        ("<=", t.LESS_EQ),
        (">=", t.GREATER_EQ),
        ("&&", t.AND),
        ("||", t.OR),
        ("=", t.EQUAL),
        ("<", t.LESS),
        (">", t.GREATER),
        ("!", t.BANG),
        ("?", t.QUESTION),
        (":", t.COLON),
        (".", t.DOT),
        (",", t.COMMA),
        ("*", t.STAR),
        ("/", t.SLASH),
        ("%", t.PERCENT),
        ("+", t.PLUS),
        ("-", t.MINUS),
        ("(", t.OPAREN),
        (")", t.CPAREN),
        ("[", t.OBRACK),
        ("]", t.CBRACK),
        ("{", t.OBRACE),
        ("}", t.CBRACE),
    ],
)
def test_each_operator(text: str, kind: str) -> None:
    assert lex(f"a {text} b") == [(t.IDENT, "a"), (kind, text), (t.IDENT, "b")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a==b", [(t.IDENT, "a"), (t.EQUAL_OP, "=="), (t.IDENT, "b")]),
        ("a===b", [(t.IDENT, "a"), (t.EQUAL_OP, "=="), (t.EQUAL, "="), (t.IDENT, "b")]),
        ("a=>b", [(t.IDENT, "a"), (t.FAT_ARROW, "=>"), (t.IDENT, "b")]),
        ("a>=b", [(t.IDENT, "a"), (t.GREATER_EQ, ">="), (t.IDENT, "b")]),
        ("!!a", [(t.BANG, "!"), (t.BANG, "!"), (t.IDENT, "a")]),
        ("!=a", [(t.NOT_EQUAL, "!="), (t.IDENT, "a")]),
        ("....", [(t.ELLIPSIS, "..."), (t.DOT, ".")]),
        (
            "p::ns::f()",
            [
                (t.IDENT, "p"),
                (t.DOUBLE_COLON, "::"),
                (t.IDENT, "ns"),
                (t.DOUBLE_COLON, "::"),
                (t.IDENT, "f"),
                (t.OPAREN, "("),
                (t.CPAREN, ")"),
            ],
        ),
        (":::", [(t.DOUBLE_COLON, "::"), (t.COLON, ":")]),
        (
            "x[*].y",
            [
                (t.IDENT, "x"),
                (t.OBRACK, "["),
                (t.STAR, "*"),
                (t.CBRACK, "]"),
                (t.DOT, "."),
                (t.IDENT, "y"),
            ],
        ),
        ("x.*.y", [(t.IDENT, "x"), (t.DOT, "."), (t.STAR, "*"), (t.DOT, "."), (t.IDENT, "y")]),
        ("a & b", [(t.IDENT, "a"), (t.INVALID, "&"), (t.IDENT, "b")]),
        ("a | b", [(t.IDENT, "a"), (t.INVALID, "|"), (t.IDENT, "b")]),
        ("~1", [(t.INVALID, "~"), (t.NUMBER, "1")]),
        ("'x'", [(t.INVALID, "'"), (t.IDENT, "x"), (t.INVALID, "'")]),
        ("`x`", [(t.INVALID, "`"), (t.IDENT, "x"), (t.INVALID, "`")]),
        ("@", [(t.INVALID, "@")]),
        ("\x00", [(t.INVALID, "\x00")]),
        ("a\ufeff", [(t.IDENT, "a"), (t.INVALID, "\ufeff")]),
    ],
)
def test_operator_sequences_and_invalid_characters(
    text: str, expected: list[tuple[str, str]]
) -> None:
    assert lex(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("\ufeffa", [(t.SPACE, "\ufeff"), (t.IDENT, "a")]),
        ("\ufeff \ta", [(t.SPACE, "\ufeff \t"), (t.IDENT, "a")]),
        ("\ufeff\ufeffa", [(t.SPACE, "\ufeff"), (t.INVALID, "\ufeff"), (t.IDENT, "a")]),
        ("\ufeff", [(t.SPACE, "\ufeff")]),
    ],
)
def test_a_byte_order_mark_is_whitespace_at_the_start_only(
    text: str, expected: list[tuple[str, str]]
) -> None:
    tokens = tokenize(text)
    check_coverage(text, tokens)
    assert [(tok.kind, tok.text) for tok in tokens[:-1]] == expected


# ---------------------------------------------------------------- quoted strings


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('""', [(t.OQUOTE, '"'), (t.CQUOTE, '"')]),
        ('"abc"', [(t.OQUOTE, '"'), (t.QUOTED_LIT, "abc"), (t.CQUOTE, '"')]),
        (r'"a\"b"', [(t.OQUOTE, '"'), (t.QUOTED_LIT, r"a\"b"), (t.CQUOTE, '"')]),
        (r'"\\"', [(t.OQUOTE, '"'), (t.QUOTED_LIT, r"\\"), (t.CQUOTE, '"')]),
        (
            r'"\n\r\t\u00e9\U0001F600"',
            [(t.OQUOTE, '"'), (t.QUOTED_LIT, r"\n\r\t\u00e9\U0001F600"), (t.CQUOTE, '"')],
        ),
        (
            '"# not // a /* comment"',
            [(t.OQUOTE, '"'), (t.QUOTED_LIT, "# not // a /* comment"), (t.CQUOTE, '"')],
        ),
        ('"$ % $$ %% {}"', [(t.OQUOTE, '"'), (t.QUOTED_LIT, "$ % $$ %% {}"), (t.CQUOTE, '"')]),
        ('"$${x}"', [(t.OQUOTE, '"'), (t.QUOTED_LIT, "$${x}"), (t.CQUOTE, '"')]),
        ('"%%{x}"', [(t.OQUOTE, '"'), (t.QUOTED_LIT, "%%{x}"), (t.CQUOTE, '"')]),
        ('"$${~x}"', [(t.OQUOTE, '"'), (t.QUOTED_LIT, "$${~x}"), (t.CQUOTE, '"')]),
        (
            '"$$${x}"',
            [(t.OQUOTE, '"'), (t.QUOTED_LIT, "$$${x}"), (t.CQUOTE, '"')],
        ),
        ('"x', [(t.OQUOTE, '"'), (t.QUOTED_LIT, "x")]),
        (
            '"x\ny"',
            [
                (t.OQUOTE, '"'),
                (t.QUOTED_LIT, "x"),
                (t.QUOTED_NEWLINE, "\n"),
                (t.QUOTED_LIT, "y"),
                (t.CQUOTE, '"'),
            ],
        ),
        (
            '"x\r\n"',
            [(t.OQUOTE, '"'), (t.QUOTED_LIT, "x"), (t.QUOTED_NEWLINE, "\r\n"), (t.CQUOTE, '"')],
        ),
        ('"\\"', [(t.OQUOTE, '"'), (t.QUOTED_LIT, '\\"')]),
        ('"a\tb"', [(t.OQUOTE, '"'), (t.QUOTED_LIT, "a\tb"), (t.CQUOTE, '"')]),
    ],
)
def test_quoted_strings(text: str, expected: list[tuple[str, str]]) -> None:
    assert lex(text) == expected


def test_interpolation_and_directive_tokens() -> None:
    assert lex('"a${b}c%{ if d }e%{ endif }"') == [
        (t.OQUOTE, '"'),
        (t.QUOTED_LIT, "a"),
        (t.TEMPLATE_INTERP, "${"),
        (t.IDENT, "b"),
        (t.TEMPLATE_SEQ_END, "}"),
        (t.QUOTED_LIT, "c"),
        (t.TEMPLATE_CONTROL, "%{"),
        (t.IDENT, "if"),
        (t.IDENT, "d"),
        (t.TEMPLATE_SEQ_END, "}"),
        (t.QUOTED_LIT, "e"),
        (t.TEMPLATE_CONTROL, "%{"),
        (t.IDENT, "endif"),
        (t.TEMPLATE_SEQ_END, "}"),
        (t.CQUOTE, '"'),
    ]


def test_strip_markers() -> None:
    assert lex('"${~ a ~}%{~ for x in y ~}%{~endfor~}"') == [
        (t.OQUOTE, '"'),
        (t.TEMPLATE_INTERP, "${~"),
        (t.IDENT, "a"),
        (t.TEMPLATE_SEQ_END, "~}"),
        (t.TEMPLATE_CONTROL, "%{~"),
        (t.IDENT, "for"),
        (t.IDENT, "x"),
        (t.IDENT, "in"),
        (t.IDENT, "y"),
        (t.TEMPLATE_SEQ_END, "~}"),
        (t.TEMPLATE_CONTROL, "%{~"),
        (t.IDENT, "endfor"),
        (t.TEMPLATE_SEQ_END, "~}"),
        (t.CQUOTE, '"'),
    ]


def test_tilde_brace_outside_a_template_is_a_sequence_end_for_the_parser_to_reject() -> None:
    assert lex("{~}") == [(t.OBRACE, "{"), (t.TEMPLATE_SEQ_END, "~}")]


def test_object_inside_interpolation_keeps_its_braces() -> None:
    # The "}" of the object is a brace; only the one matching "${" ends the sequence.
    assert lex('"${ {a = 1}.a }"') == [
        (t.OQUOTE, '"'),
        (t.TEMPLATE_INTERP, "${"),
        (t.OBRACE, "{"),
        (t.IDENT, "a"),
        (t.EQUAL, "="),
        (t.NUMBER, "1"),
        (t.CBRACE, "}"),
        (t.DOT, "."),
        (t.IDENT, "a"),
        (t.TEMPLATE_SEQ_END, "}"),
        (t.CQUOTE, '"'),
    ]


def test_string_inside_interpolation_inside_string() -> None:
    assert lex('"a${f("b${c}d")}e"') == [
        (t.OQUOTE, '"'),
        (t.QUOTED_LIT, "a"),
        (t.TEMPLATE_INTERP, "${"),
        (t.IDENT, "f"),
        (t.OPAREN, "("),
        (t.OQUOTE, '"'),
        (t.QUOTED_LIT, "b"),
        (t.TEMPLATE_INTERP, "${"),
        (t.IDENT, "c"),
        (t.TEMPLATE_SEQ_END, "}"),
        (t.QUOTED_LIT, "d"),
        (t.CQUOTE, '"'),
        (t.CPAREN, ")"),
        (t.TEMPLATE_SEQ_END, "}"),
        (t.QUOTED_LIT, "e"),
        (t.CQUOTE, '"'),
    ]


def test_deeply_nested_templates_and_objects() -> None:
    text = '"1${ {k = "2${ [ { x = "3${ {y = "4"}.y }" } ] }"}.k }5"'
    kinds = [kind for kind, _ in lex(text)]
    assert kinds.count(t.OQUOTE) == kinds.count(t.CQUOTE) == 4
    assert kinds.count(t.TEMPLATE_INTERP) == kinds.count(t.TEMPLATE_SEQ_END) == 3
    assert kinds.count(t.OBRACE) == kinds.count(t.CBRACE) == 3
    assert lex(text)[-2:] == [(t.QUOTED_LIT, "5"), (t.CQUOTE, '"')]


def test_directive_after_close_of_nested_object() -> None:
    assert [kind for kind, _ in lex('"%{ if {a = {}}.a }x%{ endif }"')] == [
        t.OQUOTE,
        t.TEMPLATE_CONTROL,
        t.IDENT,
        t.OBRACE,
        t.IDENT,
        t.EQUAL,
        t.OBRACE,
        t.CBRACE,
        t.CBRACE,
        t.DOT,
        t.IDENT,
        t.TEMPLATE_SEQ_END,
        t.QUOTED_LIT,
        t.TEMPLATE_CONTROL,
        t.IDENT,
        t.TEMPLATE_SEQ_END,
        t.CQUOTE,
    ]


# ---------------------------------------------------------------- heredocs


def test_heredoc() -> None:
    assert lex("a = <<EOT\nhello\n  world\nEOT\n") == [
        (t.IDENT, "a"),
        (t.EQUAL, "="),
        (t.OHEREDOC, "<<EOT\n"),
        (t.STRING_LIT, "hello\n"),
        (t.STRING_LIT, "  world\n"),
        (t.CHEREDOC, "EOT"),
        (t.NEWLINE, "\n"),
    ]


def test_indented_heredoc_with_template() -> None:
    assert lex("a = <<-EOT\n  x ${y}\n  %{ if z }w%{ endif }\n  EOT\n") == [
        (t.IDENT, "a"),
        (t.EQUAL, "="),
        (t.OHEREDOC, "<<-EOT\n"),
        (t.STRING_LIT, "  x "),
        (t.TEMPLATE_INTERP, "${"),
        (t.IDENT, "y"),
        (t.TEMPLATE_SEQ_END, "}"),
        (t.STRING_LIT, "\n"),
        (t.STRING_LIT, "  "),
        (t.TEMPLATE_CONTROL, "%{"),
        (t.IDENT, "if"),
        (t.IDENT, "z"),
        (t.TEMPLATE_SEQ_END, "}"),
        (t.STRING_LIT, "w"),
        (t.TEMPLATE_CONTROL, "%{"),
        (t.IDENT, "endif"),
        (t.TEMPLATE_SEQ_END, "}"),
        (t.STRING_LIT, "\n"),
        (t.CHEREDOC, "  EOT"),
        (t.NEWLINE, "\n"),
    ]


def test_heredoc_crlf() -> None:
    assert lex("a = <<EOT\r\nx\r\nEOT\r\nb = 1\r\n") == [
        (t.IDENT, "a"),
        (t.EQUAL, "="),
        (t.OHEREDOC, "<<EOT\r\n"),
        (t.STRING_LIT, "x\r\n"),
        (t.CHEREDOC, "EOT"),
        (t.NEWLINE, "\r\n"),
        (t.IDENT, "b"),
        (t.EQUAL, "="),
        (t.NUMBER, "1"),
        (t.NEWLINE, "\r\n"),
    ]


def test_heredoc_text_is_not_scanned_for_quotes_comments_or_escapes() -> None:
    assert lex('<<EOT\n"q" # c /* \\n $${x} %%{y}\nEOT\n') == [
        (t.OHEREDOC, "<<EOT\n"),
        (t.STRING_LIT, '"q" # c /* \\n $${x} %%{y}\n'),
        (t.CHEREDOC, "EOT"),
        (t.NEWLINE, "\n"),
    ]


@pytest.mark.parametrize(
    ("text", "closes"),
    [
        ("<<EOT\nEOT\n", True),
        ("<<EOT\n  EOT\n", True),
        ("<<EOT\nEOT  \n", True),
        ("<<EOT\nEOTX\nEOT\n", True),
        ("<<EOT\nx EOT\n", False),
        ("<<EOT\n${x}EOT\n", False),
        ("<<EOT\nEOT", False),
        ("<<EOT\nhello\n", False),
    ],
)
def test_heredoc_closing_marker(text: str, closes: bool) -> None:
    assert (t.CHEREDOC in [kind for kind, _ in lex(text)]) is closes


def test_marker_inside_string_inside_heredoc_interpolation_does_not_close() -> None:
    assert lex('<<EOT\n${"EOT"}\nEOT\n') == [
        (t.OHEREDOC, "<<EOT\n"),
        (t.TEMPLATE_INTERP, "${"),
        (t.OQUOTE, '"'),
        (t.QUOTED_LIT, "EOT"),
        (t.CQUOTE, '"'),
        (t.TEMPLATE_SEQ_END, "}"),
        (t.STRING_LIT, "\n"),
        (t.CHEREDOC, "EOT"),
        (t.NEWLINE, "\n"),
    ]


def test_nested_heredoc_inside_heredoc_interpolation() -> None:
    assert [kind for kind, _ in lex("<<A\n${<<B\ninner\nB\n}\nA\n")] == [
        t.OHEREDOC,
        t.TEMPLATE_INTERP,
        t.OHEREDOC,
        t.STRING_LIT,
        t.CHEREDOC,
        t.NEWLINE,
        t.TEMPLATE_SEQ_END,
        t.STRING_LIT,
        t.CHEREDOC,
        t.NEWLINE,
    ]


def test_heredoc_opener_needs_a_newline_right_after_the_marker() -> None:
    assert lex("<<EOT x\n") == [
        (t.LESS, "<"),
        (t.LESS, "<"),
        (t.IDENT, "EOT"),
        (t.IDENT, "x"),
        (t.NEWLINE, "\n"),
    ]


# ---------------------------------------------------------------- comments and whitespace


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("# c", [(t.COMMENT, "# c")]),
        ("# c\n", [(t.COMMENT, "# c"), (t.NEWLINE, "\n")]),
        ("# c\r\n", [(t.COMMENT, "# c"), (t.NEWLINE, "\r\n")]),
        ("// c\nx", [(t.COMMENT, "// c"), (t.NEWLINE, "\n"), (t.IDENT, "x")]),
        ("/* c */x", [(t.COMMENT, "/* c */"), (t.IDENT, "x")]),
        ("/* a\nb */\n", [(t.COMMENT, "/* a\nb */"), (t.NEWLINE, "\n")]),
        ("/* a */ /* b */", [(t.COMMENT, "/* a */"), (t.COMMENT, "/* b */")]),
        ("/**/", [(t.COMMENT, "/**/")]),
        (
            "# a /* b\nc */",
            [
                (t.COMMENT, "# a /* b"),
                (t.NEWLINE, "\n"),
                (t.IDENT, "c"),
                (t.STAR, "*"),
                (t.SLASH, "/"),
            ],
        ),
        ("a = 1 # c", [(t.IDENT, "a"), (t.EQUAL, "="), (t.NUMBER, "1"), (t.COMMENT, "# c")]),
        ("a / b", [(t.IDENT, "a"), (t.SLASH, "/"), (t.IDENT, "b")]),
        ('# "${x}"', [(t.COMMENT, '# "${x}"')]),
    ],
)
def test_comments(text: str, expected: list[tuple[str, str]]) -> None:
    assert lex(text) == expected


def test_unterminated_block_comment_is_not_a_comment() -> None:
    kinds = [kind for kind, _ in lex("/* c")]
    assert t.COMMENT not in kinds


def test_spaces_tabs_and_newlines_are_tokens() -> None:
    tokens = tokenize("a\t =  1\r\n\nb")
    assert [(tok.kind, tok.text, tok.start) for tok in tokens] == [
        (t.IDENT, "a", 0),
        (t.SPACE, "\t ", 1),
        (t.EQUAL, "=", 3),
        (t.SPACE, "  ", 4),
        (t.NUMBER, "1", 6),
        (t.NEWLINE, "\r\n", 7),
        (t.NEWLINE, "\n", 9),
        (t.IDENT, "b", 10),
        (t.EOF, "", 11),
    ]


def test_lone_carriage_return_is_invalid() -> None:
    assert lex("a\rb") == [(t.IDENT, "a"), (t.INVALID, "\r"), (t.IDENT, "b")]


def test_empty_input_is_only_eof() -> None:
    assert tokenize("") == [Token(t.EOF, "", 0)]


# ---------------------------------------------------------------- coverage of whole inputs

COVERAGE_INPUTS = [
    "",
    "\n",
    "a = 1",
    'resource "aws_vpc" "main" {\n  cidr_block = "10.0.0.0/16"\n}\n',
    'a = "${ {a = "${b}"} }%{ if c ~}d%{~ endif }$${e}%%{f}"\n',
    "a = <<-EOT\r\n  x ${y}\r\n  EOT\r\n",
    "# c\r\n// d\n/* e */",
    'a = [for k, v in m : v... if k != ""]\n',
    "a = provider::aws::arn_parse(x)\n",
    "a = x.0.y[*].z.*.w\n",
    "a = ~1 'x' `y` @ \x00 \ufeff\r",
    'a = "unterminated ${ x\n',
    "a = <<EOT\nunterminated ${ x\n",
    "} ~} }}} {{{",
    "\t\t\n\r\n\n",
    '"${"${"${"${x}"}"}"}"',
    "<<A\n${<<B\n${<<C\nc\nC\n}\nB\n}\nA\n",
    '😀 = "😀" # 😀\n',
]


@pytest.mark.parametrize("text", COVERAGE_INPUTS)
def test_tokens_cover_the_input(text: str) -> None:
    check_coverage(text, tokenize(text))


# ---------------------------------------------------------------- fast path and mode-by-mode scanner


def scan_mode_by_mode(text: str) -> tuple[list[str], list[str]]:
    """What the scanner finds without its fast path: the reference for it."""
    kinds: list[str] = []
    texts: list[str] = []
    pos = 0
    while pos < len(text):
        pos = _scan_unit(text, pos, kinds, texts)
    return [*kinds, t.EOF], [*texts, ""]


FAST_PATH_INPUTS = [
    'a = "x" # "y"\n',
    'a = "# not a comment ${x}" # "comment"\n',
    'a = "${a}" = "b" "${c}"\n',
    'a = "${join(",", x)}" "y"\n',
    'a = "// ${b} /* c" /* d */ "e"\n',
    'a = "${b}/*" /* c "*/ "d" /* e\n\n f */ x /* unterminated "g"\n',
    'a = "\\"${b}\\"" "c\\"d"\n',
    'a = "<<EOT\n${b}" <<EOT\nx\nEOT\n',
    'a = "$${x}%%{~y}" "$${~" "%%{" "$" "%" "$$" "\\\\"\n',
    'a = "x\\\n" "y"\n',
    'a = "x\r\n"y"\n',
    'x = "a" b"c"\n',
    "x = ${a} %{b} ~} } { ~\n",
    "naïve = größe + a² + ²a + \u0661 + 名前\n",
    'naïve = "${größe}" # é\n',
    "x = <<-EOT\n  ${a} %{ if b }c%{ endif }\n  EOT\nb = 1\n",
    'x = "unterminated\ny = "z"\n',
    '"""""',
    '""',
    '"',
]


@pytest.mark.parametrize("text", FAST_PATH_INPUTS)
def test_fast_path_finds_what_the_mode_by_mode_scanner_finds(text: str) -> None:
    assert scan(text) == scan_mode_by_mode(text)
    check_coverage(text, tokenize(text))


_PIECES = st.sampled_from(
    [*'ab1 ={}[]()"$%~#/*.,:?!<>-\n\r\t\\é²\u0661', "${", "%{", "$${", "~}", "<<EOT\n", "EOT\n"]
)


def test_block_comment_openers_inside_templates_are_not_searched_for_their_end() -> None:
    # The fast path scans the inside of a string with a template as main-mode text too;
    # there, each "/*" searched to the end of the text for a "*/": quadratic.
    text = 'r = ["arn:aws:s3:::${var.b}/*"]\n' * 20_000
    started = time.perf_counter()
    tokens = tokenize(text)
    assert time.perf_counter() - started < 5  # about 0.5 s; it was minutes
    assert [tok.kind for tok in tokens].count(t.COMMENT) == 0


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_PIECES, max_size=40).map("".join))
def test_fast_path_agrees_with_the_mode_by_mode_scanner(text: str) -> None:
    assert scan(text) == scan_mode_by_mode(text)


# ---------------------------------------------------------------- positions


def test_line_index_positions() -> None:
    index = LineIndex("ab\nc\r\néd\n")
    assert index.position(0) == t.Position(1, 1, 0)
    assert index.position(2) == t.Position(1, 3, 2)
    assert index.position(3) == t.Position(2, 1, 3)
    assert index.position(6) == t.Position(3, 1, 6)
    assert index.position(7) == t.Position(3, 2, 7)
    assert index.offset(3, 2) == 7
    assert index.byte_offset(7) == 8  # "é" is two bytes in UTF-8
    assert LineIndex("abc").byte_offset(2) == 2


# Whole tokens, for the fast path's splitting of runs of simple strings: plain and
# empty strings, strings with templates or escapes, comments that end with a quote,
# heredocs, and the control characters it may split runs with.
_TOKENS = st.sampled_from(
    [
        *('"x"', '""', '"a b"', '"${a}"', '" "', '"\\""', '"$${x}"', '"%"', '"é"', '"'),
        *("a", "b-c", "1", "1.5", ",", "[", "]", "{", "}", "(", ")", "=", "==", ".", "/"),
        *('# "q"', '// say "hi"', "/* c */", '/* "x" */', "<<EOT\nx\nEOT\n", "~}"),
        *("\x00", "\x01", "\x02", "\t", "\r", "名", "é"),
    ]
)
_GAPS = st.sampled_from(["", "", " ", "\n", "\r\n"])


def both_fast_paths(text: str) -> list[tuple[list[str], list[str]]]:
    """What each fast path finds (the scanner picks one by how many strings there are)."""
    return [scan_path(text, _BATCH.findall(text)) for scan_path in (_scan_pieces, _scan_runs)]


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(_TOKENS, _GAPS).map("".join), max_size=60).map("".join))
def test_fast_path_agrees_with_the_mode_by_mode_scanner_on_token_sequences(text: str) -> None:
    expected = scan_mode_by_mode(text)
    assert scan(text) == expected
    assert both_fast_paths(text) == [expected, expected]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_PIECES, max_size=40).map("".join))
def test_both_fast_paths_agree_with_the_mode_by_mode_scanner(text: str) -> None:
    expected = scan_mode_by_mode(text)
    assert both_fast_paths(text) == [expected, expected]


@pytest.mark.parametrize(
    "text",
    [
        'a = ["x", "", "y"] # "z"\nb = "" "" "w"\n',
        'a = "x" // ends with a quote"\nb = ["y", ""]\n',
        'a = ["x"] \x00\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c\x0e\x0f "y"\n',
        '""""""',
    ],
)
def test_runs_of_simple_strings_split_as_the_mode_by_mode_scanner_does(text: str) -> None:
    expected = scan_mode_by_mode(text)
    assert scan(text) == expected
    assert both_fast_paths(text) == [expected, expected]
    check_coverage(text, tokenize(text))
