"""Literal values and references of expressions, checked by hand and against python-hcl2."""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

import hcl2
import pytest

from fixer.syntax.cst import Attribute, Expression, File, FunctionCall, Object, Template, Traversal
from fixer.syntax.parser import parse
from fixer.syntax.values import (
    NotLiteral,
    Reference,
    Unknown,
    jsonencode_argument,
    literal_value,
    references,
    template_literal,
    try_literal,
    unescape_quoted,
)


def expr_of(source: str) -> Expression:
    """The expression of `a = <source>`."""
    item = parse(f"a = {source}\n").body.items[0]
    assert isinstance(item, Attribute)
    return item.expr


# ---------------------------------------------------------------- literal values

# Expected values of strings and numbers were checked with `terraform console`
# (`jsonencode(local.x)`), Terraform v1.11.4.
LITERALS: list[tuple[str, object]] = [
    ('"plain"', "plain"),
    ('""', ""),
    ('"\\n\\r\\t\\"\\\\"', '\n\r\t"\\'),
    ('"\\u00e9 \\U0001F600"', "é 😀"),
    ('"$${x} %%{y}"', "${x} %{y}"),
    ('"$$${x}"', "$${x}"),
    ('"%%%{x}"', "%%{x}"),
    ('"$ % $$ %%"', "$ % $$ %%"),
    ('"50% of US$"', "50% of US$"),
    ('"a\\u0000b"', "a\x00b"),
    ('"日本語 😀"', "日本語 😀"),
    ('"{}}"', "{}}"),
    ("<<EOT\nhello\n  world\nEOT", "hello\n  world\n"),
    ("<<EOT\n  x\\n $${y} %%{z} $$ \\\nEOT", "  x\\n ${y} %{z} $$ \\\n"),
    ("<<EOT\nEOT", ""),
    ('<<EOT\n"quoted" # not a comment\nEOT', '"quoted" # not a comment\n'),
    ("1", 1),
    ("01", 1),
    ("1.50", 1.5),
    ("1e3", 1000),
    ("1.5E-3", 0.0015),
    ("-1", -1),
    ("-1.5", -1.5),
    ("-0", 0),
    ("(42)", 42),
    ('(("x"))', "x"),
    ("true", True),
    ("false", False),
    ("null", None),
    ("[]", []),
    ('[1, "a", true, null, -2]', [1, "a", True, None, -2]),
    ("{}", {}),
    ('{a = 1, "b c" = "d", e: false}', {"a": 1, "b c": "d", "e": False}),
    (
        '{list = [1, [2, {x = "y"}]], obj = {nested = {deep = [true]}}}',
        {"list": [1, [2, {"x": "y"}]], "obj": {"nested": {"deep": [True]}}},
    ),
    ('{"$${k}" = 1}', {"${k}": 1}),
]


@pytest.mark.parametrize(("source", "expected"), LITERALS)
def test_literal_values(source: str, expected: object) -> None:
    value = literal_value(expr_of(source))
    assert value == expected
    assert type(value) is type(expected) or {type(value), type(expected)} == {int, float}
    assert try_literal(expr_of(source)) == (True, expected)


def test_crlf_heredoc_keeps_its_carriage_returns() -> None:
    # Terraform keeps them too: "crlf\r\n".
    expr = parse("a = <<EOT\r\ncrlf\r\nEOT\r\n").body.items[0].expr  # type: ignore[attr-defined]
    assert literal_value(expr) == "crlf\r\n"


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("<<-EOT\n    hello\n      world\n    EOT", "hello\n  world\n"),
        ("<<-EOT\n\t  tab\n\t    more\n\t  EOT", "tab\n  more\n"),
        ("<<-EOT\n    a\n\n      b\n    EOT", "a\n\n  b\n"),
        ("<<-EOT\n  a\n b\nEOT", " a\nb\n"),
        ("<<-EOT\n    x $${y}\n      z\n    EOT", "x ${y}\n  z\n"),
    ],
)
def test_indented_heredoc_values(source: str, expected: str) -> None:
    assert literal_value(expr_of(source)) == expected


def test_flush_heredoc_without_indentation_is_unchanged() -> None:
    assert literal_value(expr_of("<<-EOT\nhello\nEOT")) == "hello\n"


@pytest.mark.parametrize(
    "source",
    [
        "var.x",
        '"${var.x}"',
        '"a${"b"}c"',
        '"%{ if true }x%{ endif }"',
        "<<EOT\n${x}\nEOT",
        "-x",
        "!true",
        "1 + 2",
        "true ? 1 : 2",
        "f(1)",
        "[1, var.x]",
        "{a = var.x}",
        "{(k) = 1}",
        '{"${k}" = 1}',
        "[for x in l : x]",
        "- - 1",
        "-(1)",
    ],
)
def test_non_literals(source: str) -> None:
    expr = expr_of(source)
    assert try_literal(expr) == (False, None)
    with pytest.raises(NotLiteral):
        literal_value(expr)


def test_try_literal_of_nothing() -> None:
    assert try_literal(None) == (False, None)


def test_partial_values_put_unknown_placeholders() -> None:
    expr = expr_of('{a = var.x, b = [1, local.y, "z"], c = "s", (k) = 2, d = {e = f(1)}}')
    value = literal_value(expr, partial=True)
    assert isinstance(value, dict)
    assert list(value) == ["a", "b", "c", "d"]  # the computed key is left out
    assert isinstance(value["a"], Unknown) and isinstance(value["a"].expr, Traversal)
    assert value["b"][0] == 1 and value["b"][2] == "z"
    assert isinstance(value["b"][1], Unknown)
    assert value["c"] == "s"
    inner = value["d"]["e"]
    assert isinstance(inner, Unknown) and isinstance(inner.expr, FunctionCall)
    assert repr(inner) == "Unknown(FunctionCall)"
    assert isinstance(literal_value(expr_of("var.x"), partial=True), Unknown)
    assert literal_value(expr_of("[1, 2]"), partial=True) == [1, 2]


def test_jsonencode_argument() -> None:
    policy = expr_of(
        'jsonencode({\n  Version = "2012-10-17"\n  Statement = [{ Effect = "Allow", Action = ["s3:*"] }]\n})'
    )
    argument = jsonencode_argument(policy)
    assert isinstance(argument, Object)
    assert literal_value(argument) == {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": ["s3:*"]}],
    }
    assert jsonencode_argument(expr_of("jsonencode(local.policy)")) is not None
    assert jsonencode_argument(expr_of("jsondecode(x)")) is None
    assert jsonencode_argument(expr_of("jsonencode(a, b)")) is None
    assert jsonencode_argument(expr_of("{a = 1}")) is None


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("plain", "plain"),
        ('\\n\\t\\r\\\\\\"', '\n\t\r\\"'),
        ("\\u00E9\\U0001f600", "é😀"),
        ("$${a}%%{b}", "${a}%{b}"),
        ("$${~a}", "${~a}"),
        ("$ %", "$ %"),
    ],
)
def test_unescape_quoted(raw: str, expected: str) -> None:
    assert unescape_quoted(raw) == expected


def test_template_literal() -> None:
    quoted = expr_of('"a\\tb"')
    heredoc = expr_of("<<EOT\na\\tb $${c}\nEOT")
    assert isinstance(quoted, Template) and isinstance(heredoc, Template)
    assert template_literal(quoted) == "a\tb"
    assert template_literal(heredoc) == "a\\tb ${c}\n"
    interpolated = expr_of('"a${b}"')
    assert isinstance(interpolated, Template)
    assert template_literal(interpolated) is None


# ---------------------------------------------------------------- references


def refs(source: str) -> list[tuple[tuple[str | int, ...], str]]:
    return [(ref.parts, ref.subject) for ref in references(expr_of(source))]


REFERENCES: list[tuple[str, list[tuple[tuple[str | int, ...], str]]]] = [
    ("var.x", [(("var", "x"), "var.x")]),
    ("local.y", [(("local", "y"), "local.y")]),
    (
        "aws_nat_gateway.main[count.index].id",
        [
            (("aws_nat_gateway", "main"), "aws_nat_gateway.main"),
            (("count", "index"), "count.index"),
        ],
    ),
    ("module.m.out", [(("module", "m", "out"), "module.m")]),
    ("data.x.y.z", [(("data", "x", "y", "z"), "data.x.y")]),
    ("path.module", [(("path", "module"), "path.module")]),
    ("terraform.workspace", [(("terraform", "workspace"), "terraform.workspace")]),
    ("each.value.name", [(("each", "value", "name"), "each.value")]),
    ("self.id", [(("self", "id"), "self.id")]),
    ("aws_instance.web[0].id", [(("aws_instance", "web", 0, "id"), "aws_instance.web")]),
    ("aws_instance.web.0.id", [(("aws_instance", "web", 0, "id"), "aws_instance.web")]),
    ('aws_instance.web["k"].id', [(("aws_instance", "web", "k", "id"), "aws_instance.web")]),
    ("aws_instance.web[*].id", [(("aws_instance", "web"), "aws_instance.web")]),
    ("aws_instance.web.*.id", [(("aws_instance", "web"), "aws_instance.web")]),
    ("x", [(("x",), "x")]),
    (
        "var.m[local.k].z",
        [(("var", "m"), "var.m"), (("local", "k"), "local.k")],
    ),
    # for-expression variables are not references; their collection is
    ("[for s in var.subnets : s.id if s.public]", [(("var", "subnets"), "var.subnets")]),
    ("{for k, v in local.m : k => v.name}", [(("local", "m"), "local.m")]),
    ("[for x in x : x]", [(("x",), "x")]),
    ("[for x in l : [for y in x : y]]", [(("l",), "l")]),
    ("[for x in l : x.a + var.b]", [(("l",), "l"), (("var", "b"), "var.b")]),
    # inside templates and function arguments
    (
        '"${var.a}-${local.b}"',
        [(("var", "a"), "var.a"), (("local", "b"), "local.b")],
    ),
    (
        "<<EOT\n${module.m.x}\nEOT",
        [(("module", "m", "x"), "module.m")],
    ),
    (
        'format("%s", var.c, lookup(local.d, "k"))',
        [(("var", "c"), "var.c"), (("local", "d"), "local.d")],
    ),
    (
        '"%{ for x in var.list }${x}-${var.y}%{ endfor }"',
        [(("var", "list"), "var.list"), (("var", "y"), "var.y")],
    ),
    (
        "var.a ? data.b.c.d : [local.e]",
        [
            (("var", "a"), "var.a"),
            (("data", "b", "c", "d"), "data.b.c"),
            (("local", "e"), "local.e"),
        ],
    ),
    ("f(x)[var.i]", [(("x",), "x"), (("var", "i"), "var.i")]),
    ("1 + 2", []),
    ('"plain"', []),
]


@pytest.mark.parametrize(("source", "expected"), REFERENCES)
def test_references(source: str, expected: list[tuple[tuple[str | int, ...], str]]) -> None:
    assert refs(source) == expected


def test_reference_node_root_and_text() -> None:
    file = parse("a = upper(aws_nat_gateway.main[count.index].id)\n")
    expr = file.body.items[0].expr  # type: ignore[attr-defined]
    first = references(expr)[0]
    assert isinstance(first, Reference)
    assert first.root == "aws_nat_gateway"
    assert file.source(first.node) == "aws_nat_gateway.main[count.index].id"
    assert str(first) == "aws_nat_gateway.main"
    assert str(Reference(("aws_instance", "web", 0, "id"), first.node)) == "aws_instance.web[0].id"


def test_references_of_a_whole_block_body() -> None:
    file = parse('resource "x" "y" {\n  a = var.a\n  b {\n    c = local.c\n  }\n}\n')
    assert [ref.subject for ref in references(file.body)] == ["var.a", "local.c"]


def test_references_to_one_subject_share_its_str() -> None:
    # References live as long as their items' memos: one str per subject, not per
    # reference (61,000 subjects for 8,800 distinct ones on the corpus).
    name = "".join(reversed("elbairav_gnol"))  # made at run time: no constant to share
    file = parse(f"a = var.{name}\nb = [var.{name}.id, data.x.{name}]\n")
    first, second, third = references(file.body)
    assert first.subject == second.subject == f"var.{name}"
    assert first.subject is second.subject
    assert third.subject == f"data.x.{name}"


def test_template_for_names_are_scoped_to_the_loop() -> None:
    assert [str(ref) for ref in references(expr_of('"%{ for x in l }${x}%{ endfor }${x}"'))] == [
        "l",
        "x",
    ]


# ---------------------------------------------------------------- python-hcl2 as an oracle
#
# python-hcl2 8 keeps source text rather than values for most things. Its output maps to
# ours like this, and only the first three rows are compared:
#   int / float / bool / None               -> the same Python value
#   '"text"' (a quoted string, quotes kept)  -> the text between the quotes, decoded here
#       independently (json.loads for \n \t \" \\ \uXXXX; "$${" -> "${", "%%{" -> "%{");
#       skipped when it has \U escapes or a live "${" / "%{" sequence
#   '${1e3}' (a number it did not fold)      -> float of the text inside
#   '${...}' other expressions, '"<<EOT...'  -> not compared (heredocs keep their markers)
#   lists and dicts                          -> compared item by item; quoted dict keys are
#       decoded like strings; block dicts ("__is_block__") are walked by type and labels
# Where python-hcl2's value is a plain literal all the way down, ours must be literal too.

_NUMBER_EXPRESSION = re.compile(r"\$\{(-?[0-9]+(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?)\}")
_LIVE_SEQUENCE = re.compile(r"(?<![$%])[$%]\{")
_SKIP = object()


def hcl2_plain(value: object) -> object:
    """The plain Python value of a python-hcl2 leaf, or _SKIP when it is not one."""
    if value is None or isinstance(value, bool | int | float):
        return value
    if not isinstance(value, str):
        return _SKIP
    number = _NUMBER_EXPRESSION.fullmatch(value)
    if number:
        return float(number.group(1))
    if len(value) < 2 or value[0] != '"' or value[-1] != '"' or value.startswith('"<<'):
        return _SKIP
    raw = value[1:-1]
    if "\\U" in raw or _LIVE_SEQUENCE.search(raw):
        return _SKIP
    try:
        decoded = json.loads(f'"{raw}"', strict=False)
    except ValueError:
        return _SKIP
    return decoded.replace("$${", "${").replace("%%{", "%{")


_BARE_KEY = re.compile(r"[^\W\d][\w-]*")


def plain_key(key: str) -> object:
    """A python-hcl2 object key as a string (bare or quoted), or _SKIP."""
    if _BARE_KEY.fullmatch(key):
        return key
    return hcl2_plain(key) if key.startswith('"') else _SKIP


def fully_plain(value: object) -> bool:
    """Whether a python-hcl2 value is a plain literal all the way down."""
    if isinstance(value, list):
        return all(fully_plain(item) for item in value)
    if isinstance(value, dict):
        return all(plain_key(key) is not _SKIP for key in value) and all(
            fully_plain(item) for item in value.values()
        )
    return hcl2_plain(value) is not _SKIP


def compare(ours: object, theirs: object, where: str, problems: list[str]) -> int:
    """Compare a literal value of ours with python-hcl2's; the number of leaves compared."""
    if isinstance(theirs, list):
        if not isinstance(ours, list) or len(ours) != len(theirs):
            problems.append(f"{where}: {ours!r} != {theirs!r}")
            return 0
        return sum(
            compare(o, t, f"{where}[{i}]", problems)
            for i, (o, t) in enumerate(zip(ours, theirs, strict=True))
        )
    if isinstance(theirs, dict):
        keys = {plain_key(k): v for k, v in theirs.items()}
        if not isinstance(ours, dict) or set(ours) != set(keys):
            problems.append(f"{where}: {ours!r} != {theirs!r}")
            return 0
        return sum(compare(ours[k], keys[k], f"{where}.{k}", problems) for k in ours)
    expected = hcl2_plain(theirs)
    if expected is _SKIP:
        return 0
    same_kind = (isinstance(ours, bool) or ours is None) == (
        isinstance(expected, bool) or expected is None
    )
    if not same_kind or ours != expected or isinstance(ours, str) != isinstance(expected, str):
        problems.append(f"{where}: ours {ours!r} != python-hcl2 {theirs!r}")
    return 1


def attribute_pairs(
    file: File, theirs: dict[str, object]
) -> Iterator[tuple[str, Attribute, object]]:
    """(where, attribute, python-hcl2 value) for top-level attributes and those of blocks."""
    seen: dict[str, int] = defaultdict(int)
    for item in file.body.items:
        if isinstance(item, Attribute):
            yield item.name, item, theirs[item.name]
            continue
        index = seen[item.type]
        seen[item.type] += 1
        node = theirs[item.type][index]  # type: ignore[index]
        for label in item.labels:
            node = node[file.source(label)]
        for sub in item.body.items:
            if isinstance(sub, Attribute):
                where = " ".join([item.type, *item.label_values, sub.name])
                yield where, sub, node[sub.name]


@pytest.mark.parametrize(
    ("theirs", "expected"),
    [
        (1, 1),
        (-1.5, -1.5),
        (True, True),
        (None, None),
        ('"a\\nb \\u00e9 \\"q\\""', 'a\nb é "q"'),
        ('"$${x} %%{y}"', "${x} %{y}"),
        ("${1e3}", 1000.0),
        ("${var.x}", _SKIP),
        ('"${var.x}-y"', _SKIP),
        ('"%{ if a }b%{ endif }"', _SKIP),
        ('"<<EOT\nx\nEOT"', _SKIP),
        ('"\\U0001F600"', _SKIP),
        ("${(5)}", _SKIP),
    ],
)
def test_python_hcl2_leaf_mapping(theirs: object, expected: object) -> None:
    result = hcl2_plain(theirs)
    if expected is _SKIP:
        assert result is _SKIP
    else:
        assert result == expected and type(result) is type(expected)


def test_python_hcl2_oracle_on_a_snippet() -> None:
    text = (
        'a = "x\\ty"\n'
        "b = [1, 2.5, true, null, -3]\n"
        'c = { k = "v", "q r" = { n = 1e3 } }\n'
        "d = var.x\n"
        'resource "t" "n" {\n  e = "$${lit}"\n  f = <<EOT\nh\nEOT\n}\n'
    )
    file = parse(text)
    theirs = hcl2.loads(text)
    problems: list[str] = []
    compared = 0
    pairs = list(attribute_pairs(file, theirs))
    assert [where for where, _, _ in pairs] == [
        "a",
        "b",
        "c",
        "d",
        "resource t n e",
        "resource t n f",
    ]
    for where, attribute, their_value in pairs:
        ok, ours = try_literal(attribute.expr)
        if ok:
            compared += compare(ours, their_value, where, problems)
    assert problems == []
    assert compared == 1 + 5 + 2 + 1  # d is not literal, f is a heredoc
    assert compare("x\\ty", '"x\\ty"', "wrong", problems) == 1
    assert problems == ["wrong: ours 'x\\\\ty' != python-hcl2 '\"x\\\\ty\"'"]


def is_block_list(value: object) -> bool:
    return (
        isinstance(value, list)
        and bool(value)
        and isinstance(value[0], dict)
        and bool(value[0].get("__is_block__"))
    )


def valid_corpus_files(corpus: Path) -> list[str]:
    lines = (corpus / "fmt_status.tsv").read_text(encoding="utf-8").splitlines()[1:]
    return [path for path, status in (line.split("\t") for line in lines) if status != "invalid"]


# python-hcl2 parses about 0.2 MB/s: every 4th valid file (about 700) keeps this near 15 s.
SAMPLE_EVERY = 4


def test_corpus_literals_match_python_hcl2(corpus_dir: Path) -> None:
    paths = valid_corpus_files(corpus_dir)[::SAMPLE_EVERY]
    assert len(paths) > 500
    problems: list[str] = []
    compared = literal_attributes = 0
    for path in paths:
        file = parse((corpus_dir / "files" / path).read_bytes(), path)
        theirs = hcl2.loads(file.text)
        for where, attribute, their_value in attribute_pairs(file, theirs):
            if is_block_list(their_value):
                continue  # an attribute and blocks of the same name, merged by python-hcl2
            ok, ours = try_literal(attribute.expr)
            if ok:
                literal_attributes += 1
                compared += compare(ours, their_value, f"{path}: {where}", problems)
            elif fully_plain(their_value):
                problems.append(f"{path}: {where}: not literal for us, python-hcl2 {their_value!r}")
    assert problems == []
    assert literal_attributes > 3000
    assert compared > 3000
