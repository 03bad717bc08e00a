"""Tests for the formatter: terraform fmt's rules one by one, and conformance on the corpus."""

from __future__ import annotations

import contextlib
import os
import random
import re
from pathlib import Path

import pytest
from hcl_strategies import hcl_files
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fixer.syntax import chunks
from fixer.syntax import format as format_module
from fixer.syntax.errors import HCLSyntaxError
from fixer.syntax.format import format_fragment, format_source
from fixer.syntax.lexer import tokenize
from fixer.syntax.parser import parse

SHARED = Path(__file__).resolve().parents[2] / "shared"
CORPUS = SHARED / "corpus"

# (rule, input, what `terraform fmt` v1.11 writes for it), each checked against terraform.
RULE_CASES = [
    (
        "indent_nested_blocks",
        "a {\nb {\n      c = 1\n}\n}\n",
        "a {\n  b {\n    c = 1\n  }\n}\n",
    ),
    (
        "indent_brackets_close_on_own_line",
        "x = [\n1,\n  2,\n    ]\ny = foo(\n  a,\nb)\n",
        "x = [\n  1,\n  2,\n]\ny = foo(\n  a,\nb)\n",
    ),
    (
        "indent_several_openers_one_line",
        "x = [{\n  a = 1\n    }]\ny = [[\n1\n]]\n",
        "x = [{\n  a = 1\n}]\ny = [[\n  1\n]]\n",
    ),
    (
        "blank_lines_kept_whitespace_dropped",
        "a = 1\n   \n\n\t\nb = 2\n",
        "a = 1\n\n\n\nb = 2\n",
    ),
    (
        "trailing_spaces_removed",
        "a = 1   \nb {   \n}  \n",
        "a = 1\nb {\n}\n",
    ),
    (
        "spaces_around_binary_operators",
        "a = 1+2*3\nb = x==y&&z!=w||v>=1\nc = a?b:c\n",
        "a = 1 + 2 * 3\nb = x == y && z != w || v >= 1\nc = a ? b : c\n",
    ),
    (
        "no_space_in_calls_indexes_and_attribute_access",
        "a = foo ( 1 , 2 )\nb = x . y [ 0 ] . z\nc = x [ * ] . y\nd = x . * . y\n",
        "a = foo(1, 2)\nb = x.y[0].z\nc = x[*].y\nd = x.*.y\n",
    ),
    (
        "braces_get_inner_spaces",
        "a = {b=1}\nc = {}\nd {}\ne { f = 1 }\n",
        "a = { b = 1 }\nc = {}\nd {}\ne { f = 1 }\n",
    ),
    (
        "unary_minus_and_not",
        'a = - 1\nb = x - - 1\nc = [- 1, (- 2)]\nd = x ? - 1 : - 2\ne = ! x\nf = "${- 1}"\n',
        "a = -1\nb = x - -1\nc = [-1, (-2)]\nd = x ? -1 : -2\ne = !x\nf = -1\n",
    ),
    (
        "for_expressions",
        "a = [for x in[1, 2]: x]\nb = {for k, v in var.m: k => v...}\nc = [for x in y: x if x]\n",
        "a = [for x in [1, 2] : x]\nb = { for k, v in var.m : k => v... }\nc = [for x in y : x if x]\n",
    ),
    (
        "ellipsis_and_provider_functions",
        "a = foo(x ...)\nb = provider :: aws :: arn_parse(x)\n",
        "a = foo(x...)\nb = provider::aws::arn_parse(x)\n",
    ),
    (
        "templates_lose_inner_spaces",
        'a = "x${ y }z"\nb = "%{ if c }d%{ endif }"\nc = "${ {a=1} }"\n',
        'a = "x${y}z"\nb = "%{if c}d%{endif}"\nc = { a = 1 }\n',
    ),
    (
        "heredocs_left_alone",
        "a = <<EOT\n  keep   this ${ x }\n    EOT\nb = <<-EOT\n      indented\n    EOT\nc = 1\n",
        "a = <<EOT\n  keep   this ${x}\n    EOT\nb = <<-EOT\n      indented\n    EOT\nc = 1\n",
    ),
    (
        "heredoc_in_call_does_not_indent_content",
        "a = foo(<<EOT\ncontent\nEOT\n)\nb = 1\n",
        "a = foo(<<EOT\ncontent\nEOT\n)\nb = 1\n",
    ),
    (
        "align_equals_in_consecutive_attributes",
        "a = 1\nbbb = 2\ncc = 3\n\nd = 4\neeeee = 5\n",
        "a   = 1\nbbb = 2\ncc  = 3\n\nd     = 4\neeeee = 5\n",
    ),
    (
        "multiline_value_breaks_alignment",
        "a = 1\nbb = {\n  c = 1\n  ddd = 2\n}\neee = 3\nf = 4\n",
        "a = 1\nbb = {\n  c   = 1\n  ddd = 2\n}\neee = 3\nf   = 4\n",
    ),
    (
        "comment_line_breaks_alignment",
        "a = 1\n# c\nbbb = 2\n",
        "a = 1\n# c\nbbb = 2\n",
    ),
    (
        "align_trailing_comments",
        "a = 1 # one\nbbb = 22 # two\n// three\ncc = 3 // four\nd = 4 /* five */\n",
        "a   = 1  # one\nbbb = 22 # two\n// three\ncc = 3 // four\nd  = 4 /* five */\n",
    ),
    (
        "block_comments_and_multiline_comments",
        "/* a\n   b */\nx = 1 /* c */ + 2\n  # indented comment\ny = 2\n",
        "/* a\n   b */\nx = 1 /* c */ + 2\n# indented comment\ny = 2\n",
    ),
    (
        "crlf_line_endings_kept",
        "a = 1\r\nbb  = 2 # c\r\nd {\r\ne = 3\r\n}\r\n",
        "a  = 1\r\nbb = 2 # c\r\nd {\r\n  e = 3\r\n}\r\n",
    ),
    (
        "tabs_become_spaces",
        "a {\n\tb\t= 1\n}\n\t",
        "a {\n  b = 1\n}\n ",
    ),
    (
        "end_of_file_spaces_kept",
        "a = 1\n   ",
        "a = 1\n   ",
    ),
    (
        "no_final_newline_added",
        "a = 1",
        "a = 1",
    ),
    (
        "leading_blank_lines_kept",
        "\n\n# c\na = 1\n",
        "\n\n# c\na = 1\n",
    ),
    (
        "block_labels_quoted",
        'resource aws_instance web {\n}\nmodule "m" {\n}\n',
        'resource "aws_instance" "web" {\n}\nmodule "m" {\n}\n',
    ),
    (
        "block_label_comments_dropped",
        'resource /* a */ "x" /* b */ "y" /* c */ {\n}\n',
        'resource "x" "y" /* c */ {\n}\n',
    ),
    (
        "block_label_escapes_normalised",
        'a "\\u0041\\t" "\\U0001F600" {}\n',
        'a "A\\t" "\U0001f600" {}\n',
    ),
    (
        "interpolation_unwrapped",
        'a = "${var.x}"\nb = "${var.x}-suffix"\nc = "${x}${y}"\nd = "${foo("${bar}")}"\ne { f = "${1 + 2}" }\n',
        'a = var.x\nb = "${var.x}-suffix"\nc = "${x}${y}"\nd = foo("${bar}")\ne { f = 1 + 2 }\n',
    ),
    (
        "interpolation_unwrap_trims_newlines",
        'a = "${\nvar.x\n}"\n',
        "a = var.x\n",
    ),
    (
        "interpolation_unwrap_wraps_multiline_in_parens",
        'a = "${x ?\n  y : z}"\nb = "${(x ?\n  y : z)}"\n',
        "a = (x ?\ny : z)\nb = (x ?\ny : z)\n",
    ),
    (
        "interpolation_unwrap_keeps_trailing_comment",
        'a = "${x}" # c\nb = "${y}" /* d */\n',
        "a = x # c\nb = y /* d */\n",
    ),
    (
        "variable_type_legacy_forms",
        'variable "a" {\n  type = "string"\n}\nvariable "b" {\n  type = "list"\n}\nvariable "c" {\n  type = "map"\n}\nvariable "d" {\n  type = list\n}\nvariable "e" {\n  type = set\n}\nvariable "f" {\n  type = map\n}\n',
        'variable "a" {\n  type = string\n}\nvariable "b" {\n  type = list(string)\n}\nvariable "c" {\n  type = map(string)\n}\nvariable "d" {\n  type = list(any)\n}\nvariable "e" {\n  type = set(any)\n}\nvariable "f" {\n  type = map(any)\n}\n',
    ),
    (
        "variable_type_only_in_variable_blocks",
        'output "a" {\n  type = "string"\n}\nvariable "b" {\n  type = "${string}"\n  default = "${1}"\n  nested {\n    type = list\n  }\n}\n',
        'output "a" {\n  type = "string"\n}\nvariable "b" {\n  type    = "${string}"\n  default = 1\n  nested {\n    type = list\n  }\n}\n',
    ),
    (
        "unicode_alignment_counts_graphemes",
        'a = "caf\xe9" # c\nbb = "e\u0301\u0301" # d\nccc = "\U0001f44d\U0001f3fd" # e\n',
        'a   = "caf\xe9" # c\nbb  = "e\u0301\u0301"    # d\nccc = "\U0001f44d\U0001f3fd"    # e\n',
    ),
]


@pytest.mark.parametrize(
    ("before", "after"), [c[1:] for c in RULE_CASES], ids=[c[0] for c in RULE_CASES]
)
def test_rule(before: str, after: str) -> None:
    assert format_source(before) == after


@pytest.mark.parametrize(
    ("before", "after"), [c[1:] for c in RULE_CASES], ids=[c[0] for c in RULE_CASES]
)
def test_rule_output_is_canonical(before: str, after: str) -> None:
    assert format_source(after) == after


def test_empty_input() -> None:
    assert format_source("") == ""


# (snippet, nesting depth, terraform fmt's lines for it inside that many blocks)
FRAGMENT_CASES = [
    ('a=1\nbbb = "${x}"\n', 2, "    a   = 1\n    bbb = x\n"),
    ('tags = {\nName = "x"\n    }\n', 1, '  tags = {\n    Name = "x"\n  }\n'),
    (
        'dynamic "d" {\ncontent {\nx=1 # c\n}\n}',
        3,
        '      dynamic "d" {\n        content {\n          x = 1 # c\n        }\n      }',
    ),
    ("# note\nx = [\n1,\n]\n", 1, "  # note\n  x = [\n    1,\n  ]\n"),
]


@pytest.mark.parametrize(("snippet", "indent", "expected"), FRAGMENT_CASES)
def test_format_fragment(snippet: str, indent: int, expected: str) -> None:
    assert format_fragment(snippet, indent) == expected


def test_format_fragment_at_top_level_is_format_source() -> None:
    assert format_fragment("a=1\nbb=2\n", 0) == "a  = 1\nbb = 2\n"


def test_format_fragment_is_stable() -> None:
    once = format_fragment("x = {\na=1\n}\n", 2)
    assert format_fragment(once, 2) == once
    assert all(line.startswith("    ") for line in once.splitlines())


def test_unclosed_block_is_a_syntax_error() -> None:
    with pytest.raises(HCLSyntaxError) as info:
        format_source("a {\n  b c {\n")
    assert (info.value.line, info.value.column) == (2, 7)


@pytest.mark.parametrize(("before", "after"), [(case[1], case[2]) for case in RULE_CASES])
def test_tokens_of_a_parsed_file_are_formatted_as_its_text(before: str, after: str) -> None:
    assert format_source(before, parse(before).tokens) == after


CHUNKED = [
    'a = 1\nbb = 2 # c\n\nccc = 3 # d\nd = 4\n\nr "x" {\n  y = 1\n\n  zz = [\n\n  ]\n}\n',
    "x = <<EOT\na\n\n}\nEOT\n\ny   = 2\n\n/* c\n\n*/\nz=1\n",
    'x = "${\n\n1}"\n\ny = 1\n\n\n',
    "a=1\n\nb=2",
    "a=1\n\nb=[\n",
]


@pytest.mark.parametrize("text", CHUNKED)
def test_chunks_formatted_from_a_parsed_files_tokens_are_not_scanned(
    text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    try:
        expected: object = format_source(text)
    except HCLSyntaxError as error:
        expected = str(error)
    given: list[object] = [tokenize(text)]  # Token objects, as the editor has them
    with contextlib.suppress(HCLSyntaxError):
        given.append(parse(text).tokens)  # a TokenList, as a parsed file has them

    def no_scanning(text: str) -> None:
        raise AssertionError("scanned again")

    monkeypatch.setattr(chunks, "scan", no_scanning)
    monkeypatch.setattr(format_module, "scan", no_scanning)
    for tokens in given:
        chunks._formatted.clear()  # nothing remembered: every chunk is formatted
        try:
            assert chunks.format_by_chunks(text, tokens) == expected  # type: ignore[arg-type]
        except HCLSyntaxError as error:
            assert str(error) == expected


def test_given_tokens_report_errors_where_the_text_has_them() -> None:
    text = "a {\n  # c\n  b c {  \n"
    with pytest.raises(HCLSyntaxError) as info:
        format_source(text, tokenize(text))
    assert (info.value.line, info.value.column) == (3, 7)


# Generated inputs for the property tests: bodies of attributes and blocks with
# assorted expressions, comments and heredocs, then whitespace shaken up.
_IDENTS = st.sampled_from(["a", "bb", "name", "tags", "count", "for_each", "x-y"])
_ATOMS = st.sampled_from(
    ["1", "-2.5", "true", "null", "var.x", "local.a[0]", '"s"', '"${var.x}"', '"a${b}c"', "x[*].id"]
)


def _expressions() -> st.SearchStrategy[str]:
    return st.recursive(
        _ATOMS,
        lambda inner: st.one_of(
            st.builds(lambda a, b: f"{a} + {b}", inner, inner),
            st.builds(lambda a, b, c: f"{a} ? {b} : {c}", inner, inner, inner),
            st.builds(lambda items: "[" + ", ".join(items) + "]", st.lists(inner, max_size=3)),
            st.builds(
                lambda items: "[\n" + ",\n".join(items) + ",\n]",
                st.lists(inner, min_size=1, max_size=3),
            ),
            st.builds(
                lambda keys, values: (
                    "{\n"
                    + "".join(f"{k} = {v}\n" for k, v in zip(keys, values, strict=False))
                    + "}"
                ),
                st.lists(_IDENTS, max_size=3, unique=True),
                st.lists(inner, min_size=3, max_size=3),
            ),
            st.builds(
                lambda name, args: f"{name}(" + ", ".join(args) + ")",
                _IDENTS,
                st.lists(inner, max_size=3),
            ),
            st.builds(lambda a: f"[for v in {a} : v]", inner),
            st.builds(lambda a: f"(\n{a}\n)", inner),
        ),
        max_leaves=8,
    )


def _bodies(depth: int) -> st.SearchStrategy[str]:
    # "@" stands for an attribute name, made unique within each body once it is drawn.
    attribute = st.builds(
        lambda v, wrap: f'@ = "${{{v}}}"' if wrap and not v.startswith('"') else f"@ = {v}",
        _expressions(),
        st.booleans(),
    )
    comment = st.sampled_from(["# note", "// note", "/* note */"])
    commented = st.builds(lambda a, c: f"{a} {c}", attribute, comment)
    heredoc = st.just("@ = <<EOT\n  text ${var.x}\nEOT")
    variable = st.builds(
        lambda type_: f'variable "v" {{\n@ = {type_}\ntype = {type_}\n}}',
        st.sampled_from(["list", "set", "map", "string", '"string"', '"list"', '"map"', '"set"']),
    )
    items = [attribute, commented, comment, heredoc, variable, st.just("")]
    if depth > 0:
        items.append(
            st.builds(
                lambda kind, labels, body: f"{kind} {labels} {{\n{body}}}",
                _IDENTS,
                st.sampled_from(['"x"', '"x" "y"', "plain", "", '/* c */ "x"', '"\\u0041" "\\t"']),
                _bodies(depth - 1),
            )
        )
    return st.lists(st.one_of(items), max_size=5).map(
        lambda parts: "".join(
            part.replace("@", f"arg{i}", 1) + "\n" for i, part in enumerate(parts)
        )
    )


_HEREDOC_OPENER = re.compile(r"<<-?([A-Za-z_][\w-]*)$")


def _shake(text: str, seed: int) -> str:
    """Randomly re-space text between tokens where that cannot change its meaning."""
    rng = random.Random(seed)
    out = []
    heredoc_marker = ""
    for line in text.split("\n"):
        if heredoc_marker:
            heredoc_marker = "" if line.strip() == heredoc_marker else heredoc_marker
            out.append(line)
            continue
        opener = _HEREDOC_OPENER.search(line)
        heredoc_marker = opener.group(1) if opener else ""
        pad = rng.choice(["", " ", "   ", "\t"])
        trailing_space_allowed = not (opener or "#" in line or "//" in line)
        tail = rng.choice(["", " ", "\t "]) if trailing_space_allowed else ""
        spaced = (
            line.replace(" = ", rng.choice([" = ", "=", "   =  "])) if '"' not in line else line
        )
        out.append(pad + spaced.strip(" ") + tail)
    return rng.choice(["\n", "\r\n"]).join(out)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_bodies(2), st.integers(0, 2**16))
def test_format_is_idempotent_on_generated_input(body: str, seed: int) -> None:
    once = format_source(_shake(body, seed))
    assert format_source(once) == once


def _corpus_required() -> None:
    if not CORPUS.is_dir():
        if os.environ.get("CI") == "true":
            pytest.fail(f"conformance corpus missing at {CORPUS}")
        pytest.skip(f"conformance corpus not available at {CORPUS}")


def _read(path: Path) -> str:
    return path.read_bytes().decode("utf-8")


def _fmt_status() -> list[tuple[str, str]]:
    rows = [line.split("\t") for line in (CORPUS / "fmt_status.tsv").read_text().splitlines()]
    return [(row[0], row[1]) for row in rows[1:]]


def test_corpus_fmt_cases() -> None:
    _corpus_required()
    inputs = sorted((CORPUS / "fmt_cases").glob("*.input.*"))
    assert len(inputs) == 800
    failing = [
        path.name
        for path in inputs
        if format_source(_read(path))
        != _read(path.with_name(path.name.replace(".input.", ".expected.")))
    ]
    assert failing == []


def test_corpus_canonical_files_unchanged() -> None:
    _corpus_required()
    canonical = [path for path, status in _fmt_status() if status == "canonical"]
    assert len(canonical) > 2000
    changed = []
    for path in canonical:
        text = _read(CORPUS / "files" / path)
        if format_source(text) != text:
            changed.append(path)
    assert changed == []


def test_corpus_changed_files_match_terraform() -> None:
    _corpus_required()
    changed = [path for path, status in _fmt_status() if status == "changed"]
    assert changed
    wrong = [
        path
        for path in changed
        if format_source(_read(CORPUS / "files" / path)) != _read(CORPUS / "fmt_expected" / path)
    ]
    assert wrong == []


@st.composite
def _corpus_variants(draw: st.DrawFn) -> str:
    paths = sorted((CORPUS / "fmt_cases").glob("*.input.*"))
    return _read(draw(st.sampled_from(paths)))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_format_is_idempotent_on_corpus_input(data: st.DataObject) -> None:
    _corpus_required()
    text = data.draw(_corpus_variants())
    seed = data.draw(st.integers(0, 2**16))
    once = format_source(_shake(text, seed) if seed % 2 else text)
    assert format_source(once) == once


# ---------------------------------------------------------------- settling


def _until_stable(text: str) -> str:
    """format_source run again and again, as terraform fmt would be, until it stops."""
    for _ in range(50):
        again = format_source(text)
        if again == text:
            return text
        text = again
    raise AssertionError("format_source does not settle")


def _nested_lone_interpolations(rng: random.Random) -> str:
    pieces = ['"${', '}"', "x", "(", ")", "\n", " ", '"a"', "[", "]", ",", "# c\n", "var.y"]
    depth = rng.randrange(1, 6)
    inner = "".join(rng.choice(pieces) for _ in range(rng.randrange(0, 6)))
    value = '"${' * depth + inner + '}"' * depth
    return f'a = {value}\nb {{\n  c = {value}\n}}\nvariable "v" {{\n  type = {value}\n}}\n'


def test_settle_is_where_repeated_formatting_ends() -> None:
    rng = random.Random(15)
    checked = 0
    while checked < 300:
        text = _nested_lone_interpolations(rng)
        try:
            parse(text)
            expected = _until_stable(text)
        except HCLSyntaxError:
            continue  # not HCL, or terraform fmt's own unwrapping breaks it
        assert format_source(text, settle=True) == expected, text
        checked += 1


def test_settle_unwraps_deep_nesting_at_once() -> None:
    text = "a = " + '"${' * 10_000 + "x" + '}"' * 10_000 + "\n"
    assert format_source(text) == "a = " + '"${' * 9_999 + "x" + '}"' * 9_999 + "\n"
    assert format_source(text, settle=True) == "a = x\n"


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(hcl_files())
def test_chunk_ends_from_the_tree_are_the_scanned_ones(text: str) -> None:
    file = parse(text)
    kinds, texts, starts = file.tokens.arrays()  # type: ignore[attr-defined]
    cuts = [match.end() for match in chunks._CUT.finditer(text)] + [len(text)]
    spans = file.tokens.top_level_spans()  # type: ignore[attr-defined]
    expected = chunks._closed_ends_token_by_token(kinds, texts, starts, cuts)
    assert chunks._ends_between_items(starts, spans, cuts) == expected
    assert chunks._closed_ends(kinds, texts, starts, cuts) == expected


_SOUP = st.lists(
    st.sampled_from(
        [
            "{",
            "}",
            "[",
            "]",
            "(",
            ")",
            '"',
            "${",
            "%{",
            "~}",
            "/*",
            "*/",
            "/",
            "*",
            "<<E\n",
            "E",
            "\n",
            "\n\n",
            "\r\n",
            " ",
            "#",
            "a",
            "1",
            "=",
            "\\",
            "'",
            "\ufeff",
            "é",
        ]
    ),
    max_size=40,
).map("".join)


@settings(max_examples=400, deadline=None)
@given(st.one_of(_SOUP, hcl_files(depth=2)))
def test_closed_ends_at_c_speed_are_the_token_by_token_ones(text: str) -> None:
    kinds, texts, starts = chunks._arrays_of(text)
    ends = sorted({match.end() for match in chunks._CUT.finditer(text)} | {len(text)})
    expected = chunks._closed_ends_token_by_token(kinds, texts, starts, ends)
    assert chunks._closed_ends(kinds, texts, starts, ends) == expected
