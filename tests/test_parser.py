"""Tree shapes, comment attachment, spans and syntax errors of the HCL parser."""

from __future__ import annotations

import dataclasses

import pytest

from fixer.syntax import parse_expressions, parse_state, parser
from fixer.syntax import tokens as t
from fixer.syntax.cst import (
    Attribute,
    BinaryOp,
    Block,
    Conditional,
    Expression,
    File,
    ForExpr,
    FunctionCall,
    GetAttr,
    Index,
    Item,
    LegacyIndex,
    LiteralValue,
    Node,
    Object,
    Parens,
    Splat,
    Template,
    TemplateDirective,
    TemplateInterpolation,
    TemplateLiteral,
    Traversal,
    Tuple,
    UnaryOp,
    Variable,
)
from fixer.syntax.errors import HCLSyntaxError
from fixer.syntax.parser import MAX_NESTING, parse
from fixer.syntax.values import references

# ---------------------------------------------------------------- helpers


def sexp(node: Node) -> str:
    """A compact, readable rendering of an expression tree."""
    if isinstance(node, LiteralValue):
        return node.token.text
    if isinstance(node, Variable):
        return node.name.text
    if isinstance(node, Parens):
        return f"(paren {sexp(node.expr)})"
    if isinstance(node, UnaryOp):
        return f"({node.operator.text} {sexp(node.operand)})"
    if isinstance(node, BinaryOp):
        return f"({node.operator.text} {sexp(node.left)} {sexp(node.right)})"
    if isinstance(node, Conditional):
        return f"(? {sexp(node.condition)} {sexp(node.true_expr)} {sexp(node.false_expr)})"
    if isinstance(node, Traversal):
        return f"(traverse {sexp(node.source)} {' '.join(sexp(s) for s in node.steps)})"
    if isinstance(node, GetAttr):
        return "." + node.name.text
    if isinstance(node, LegacyIndex):
        return "." + node.number.text
    if isinstance(node, Index):
        return f"[{sexp(node.key)}]"
    if isinstance(node, Splat):
        return "[*]" if node.full else ".*"
    if isinstance(node, FunctionCall):
        args = "".join(" " + sexp(arg) for arg in node.args)
        return f"(call {node.name}{args}{' ...' if node.expand else ''})"
    if isinstance(node, Tuple):
        return "(tuple" + "".join(" " + sexp(item) for item in node.items) + ")"
    if isinstance(node, Object):
        items = "".join(
            f" ({item.separator.text} {sexp(item.key)} {sexp(item.value)})" for item in node.items
        )
        return "(object" + items + ")"
    if isinstance(node, ForExpr):
        names = (node.key_var.text + "," if node.key_var else "") + node.value_var.text
        out = f"(for{'-object' if node.is_object else ''} {names} {sexp(node.collection)} :"
        if node.key_expr is not None:
            out += f" {sexp(node.key_expr)} =>"
        out += f" {sexp(node.value_expr)}"
        if node.grouping:
            out += " ..."
        if node.condition is not None:
            out += f" if {sexp(node.condition)}"
        return out + ")"
    if isinstance(node, Template):
        kind = "heredoc" if node.heredoc else "template"
        return f"({kind}" + "".join(" " + sexp(part) for part in node.parts) + ")"
    if isinstance(node, TemplateLiteral):
        return repr("".join(tok.text for tok in node.tokens))
    if isinstance(node, TemplateInterpolation):
        return f"${{{sexp(node.expr)}}}"
    if isinstance(node, TemplateDirective):
        args = [name.text for name in node.names]
        if node.expr is not None:
            args.append(sexp(node.expr))
        return "%{" + " ".join([node.keyword, *args]) + "}"
    raise AssertionError(f"unexpected node {node!r}")


def expr_of(source: str) -> Expression:
    """The expression of `a = <source>`."""
    file = parse(f"a = {source}\n")
    item = file.body.items[0]
    assert isinstance(item, Attribute)
    assert file.source(item.expr) == source.strip()
    return item.expr


def attr(file: File, name: str) -> Attribute:
    found = file.body.attribute(name)
    assert found is not None
    return found


def full_text(file: File, item: Item) -> str:
    return file.text[item.full_start : item.full_end]


def check_spans(file: File) -> None:
    """Every child lies inside its parent and after its previous sibling."""
    for node in file.walk():
        cursor = node.start
        assert 0 <= node.start <= node.end <= len(file.text)
        for child in node.children():
            assert cursor <= child.start <= child.end <= node.end, (node, child)
            cursor = child.end
        if isinstance(node, Item):
            assert node.full_start <= node.start <= node.end <= node.full_end


# ---------------------------------------------------------------- structure


def test_attributes_and_their_spans() -> None:
    text = 'a = 1\nlong_name  =  "x"\r\nc=[]'
    file = parse(text)
    assert [type(item) for item in file.body.items] == [Attribute, Attribute, Attribute]
    assert [file.source(item) for item in file.body.items] == ["a = 1", 'long_name  =  "x"', "c=[]"]
    assert list(file.body.attributes) == ["a", "long_name", "c"]
    assert attr(file, "long_name").name_token.start == 6
    assert file.source(attr(file, "c").expr) == "[]"
    assert file.body.attribute("missing") is None
    assert (file.start, file.end, file.body.start, file.body.end) == (0, len(text), 0, len(text))


def test_blocks_with_quoted_and_bare_labels() -> None:
    text = 'resource "aws_vpc" main {\n  cidr = "10.0.0.0/16"\n}\nlocals {}\n'
    file = parse(text)
    resource, locals_ = file.body.blocks
    assert resource.type == "resource"
    assert resource.label_values == ("aws_vpc", "main")
    assert [(label.value, label.quoted) for label in resource.labels] == [
        ("aws_vpc", True),
        ("main", False),
    ]
    assert [file.source(label) for label in resource.labels] == ['"aws_vpc"', "main"]
    assert file.source(resource) == 'resource "aws_vpc" main {\n  cidr = "10.0.0.0/16"\n}'
    assert resource.open_brace.text == "{" and resource.close_brace.text == "}"
    assert file.source(resource.body) == '\n  cidr = "10.0.0.0/16"\n'
    assert list(resource.body.attributes) == ["cidr"]
    assert locals_.type == "locals" and locals_.labels == () and locals_.body.items == ()
    assert file.source(locals_.body) == ""


def test_label_escapes_are_resolved() -> None:
    block = parse('b "a\\"b\\u00e9" "$${x}" {}\n').body.blocks[0]
    assert block.label_values == ('a"bé', "${x}")


def test_one_line_blocks() -> None:
    file = parse('b { a = 1 }\nc "x" {}\nd { e = { f = [1, 2] } }\n')
    b, c, d = file.body.blocks
    assert [item.name for item in b.body.items if isinstance(item, Attribute)] == ["a"]
    assert file.source(b.body) == " a = 1 "
    assert c.body.items == ()
    assert sexp(d.body.items[0].expr) == "(object (= f (tuple 1 2)))"  # type: ignore[union-attr]


def test_nested_blocks_and_block_queries() -> None:
    text = (
        'resource "aws_s3_bucket" "a" {\n'
        '  bucket = "x"\n'
        "  lifecycle_rule {\n"
        "    enabled = true\n"
        "    expiration {\n"
        "      days = 30\n"
        "    }\n"
        "  }\n"
        "  lifecycle_rule {\n"
        "    enabled = false\n"
        "  }\n"
        "}\n"
        'resource "aws_s3_bucket" "b" {}\n'
        'data "aws_iam_policy_document" "a" {}\n'
    )
    file = parse(text)
    assert [b.label_values for b in file.body.blocks_of_type("resource")] == [
        ("aws_s3_bucket", "a"),
        ("aws_s3_bucket", "b"),
    ]
    assert [b.label_values for b in file.body.blocks_of_type("resource", "aws_s3_bucket", "b")] == [
        ("aws_s3_bucket", "b")
    ]
    assert file.body.first_block("data", "aws_iam_policy_document") is not None
    assert file.body.first_block("module") is None
    bucket = file.body.first_block("resource", "aws_s3_bucket", "a")
    assert bucket is not None
    rules = bucket.body.blocks_of_type("lifecycle_rule")
    assert len(rules) == 2
    expiration = rules[0].body.first_block("expiration")
    assert expiration is not None
    days = expiration.body.attribute("days")
    assert days is not None and file.source(days) == "days = 30"
    assert file.position(days.start) == file.lines.position(days.start)
    assert (file.position(days.start).line, file.position(days.start).column) == (6, 7)


def test_bom_is_leading_whitespace_kept_in_the_text_and_path_is_kept() -> None:
    file = parse("\ufeffa = 1\n".encode(), "main.tf")
    assert file.text == "\ufeffa = 1\n"
    assert file.print() == file.text
    assert file.path == "main.tf"
    (attr,) = file.body.items
    assert (attr.start, attr.full_start) == (1, 1)
    assert parse("\ufeffa = 1\n").text == "\ufeffa = 1\n"
    check_spans(parse("\ufeff  # c\na = 1\n"))


def test_bom_is_a_character_terraform_rejects_anywhere_but_the_start() -> None:
    for text in ("\ufeff\ufeffa = 1\n", "a = 1\n\ufeff", "a = \ufeff1\n"):
        with pytest.raises(HCLSyntaxError, match=r"U\+FEFF"):
            parse(text)
    with pytest.raises(HCLSyntaxError, match=r"U\+FEFF"):
        parser.parse_chunk("\ufeffa = 1\n", 10)  # a chunk not at the start of a file


@pytest.mark.parametrize("text", ["", "\n", "\r\n\r\n", "# only\n", "/* only */", "  \t\n"])
def test_files_without_items(text: str) -> None:
    file = parse(text)
    assert file.body.items == ()
    assert file.print() == text


# ---------------------------------------------------------------- expressions

EXPRESSIONS = [
    # literals
    ("1", "1"),
    ("1.5e3", "1.5e3"),
    ("true", "true"),
    ("null", "null"),
    ("-1", "(- 1)"),
    # templates
    ('"x"', "(template 'x')"),
    ('""', "(template)"),
    ('"a\\nb"', "(template 'a\\\\nb')"),
    ('"a${b}c"', "(template 'a' ${b} 'c')"),
    ('"${~ b ~}"', "(template ${b})"),
    ('"%{ if c }x%{ else }y%{ endif }"', "(template %{if c} 'x' %{else} 'y' %{endif})"),
    ('"%{ for k, v in m }${k}%{ endfor }"', "(template %{for k v m} ${k} %{endfor})"),
    ('"${ {a = "${b}"}.a }"', "(template ${(traverse (object (= a (template ${b}))) .a)})"),
    ("<<EOT\nhi ${x}\nEOT", "(heredoc 'hi ' ${x} '\\n')"),
    ("<<-EOT\n  hi\n  EOT", "(heredoc '  hi\\n')"),
    # traversals
    ("var.x", "(traverse var .x)"),
    (
        "aws_nat_gateway.main[count.index].id",
        "(traverse aws_nat_gateway .main [(traverse count .index)] .id)",
    ),
    ('x["k"][0]', "(traverse x [(template 'k')] [0])"),
    ("x.0.y", "(traverse x .0 .y)"),
    ("x.*.y", "(traverse x .* .y)"),
    ("x[*].y", "(traverse x [*] .y)"),
    ("x[*][0]", "(traverse x [*] [0])"),
    ("f(1)[0].x", "(traverse (call f 1) [0] .x)"),
    ("(a).b", "(traverse (paren a) .b)"),
    ("[1][0]", "(traverse (tuple 1) [0])"),
    ("x[\n  0\n]", "(traverse x [0])"),
    # function calls
    ("f()", "(call f)"),
    ("f(1, 2,)", "(call f 1 2)"),
    ("f(a, b...)", "(call f a b ...)"),
    ("f(\n  a,\n  b\n)", "(call f a b)"),
    ("provider::aws::arn_parse(x)", "(call provider::aws::arn_parse x)"),
    ("f (1)", "(call f 1)"),
    # tuples and objects
    ("[]", "(tuple)"),
    ("[1, [2, 3],]", "(tuple 1 (tuple 2 3))"),
    ("[\n  1,\n  2\n]", "(tuple 1 2)"),
    ("{}", "(object)"),
    ('{a = 1, "b" = 2, c: 3}', "(object (= a 1) (= (template 'b') 2) (: c 3))"),
    ("{(k) = 1, (var.x) = 2}", "(object (= (paren k) 1) (= (paren (traverse var .x)) 2))"),
    ("{\n  a = 1\n  b = 2,\n  c = 3\n}", "(object (= a 1) (= b 2) (= c 3))"),
    ("{ a = 1\n b = 2 }", "(object (= a 1) (= b 2))"),
    # for expressions
    ("[for x in l : x]", "(for x l : x)"),
    ("[for i, x in l : x if i > 0]", "(for i,x l : x if (> i 0))"),
    ("{for k, v in m : k => v}", "(for-object k,v m : k => v)"),
    ("{for k, v in m : v => k... if v != null}", "(for-object k,v m : v => k ... if (!= v null))"),
    ("{\n  for k, v in m :\n  k => v\n}", "(for-object k,v m : k => v)"),
    # conditionals and operators
    ("a ? b : c", "(? a b c)"),
    ("a ? b : c ? d : e", "(? a b (? c d e))"),
    ("a ? b ? c : d : e", "(? a (? b c d) e)"),
    ("1 + 2 * 3", "(+ 1 (* 2 3))"),
    ("(1 + 2) * 3", "(* (paren (+ 1 2)) 3)"),
    ("1 - 2 - 3", "(- (- 1 2) 3)"),
    ("8 / 4 % 3", "(% (/ 8 4) 3)"),
    ("a || b && c", "(|| a (&& b c))"),
    ("a && b || c", "(|| (&& a b) c)"),
    ("!a == b", "(== (! a) b)"),
    ("-x.y", "(- (traverse x .y))"),
    ("!!a", "(! (! a))"),
    ("a == b != c", "(!= (== a b) c)"),
    ("a < b == c >= d", "(== (< a b) (>= c d))"),
    ("1 + 2 > 3 && 4 <= 5", "(&& (> (+ 1 2) 3) (<= 4 5))"),
    ("a + b ? c : d", "(? (+ a b) c d)"),
    ("-1 * -2", "(* (- 1) (- 2))"),
    ("(\n  1 +\n  2\n)", "(paren (+ 1 2))"),
    ("a-b", "a-b"),
    ("a - b", "(- a b)"),
    # lists of plain strings
    ('["a", "", "b\\n",]', "(tuple (template 'a') (template) (template 'b\\\\n'))"),
    (
        '["a",\n  "b", x, "c" + "d", "${e}", "f"]',
        "(tuple (template 'a') (template 'b') x (+ (template 'c') (template 'd')) (template ${e}) (template 'f'))",
    ),
    ('["a"\n]', "(tuple (template 'a'))"),
]


@pytest.mark.parametrize(("source", "expected"), EXPRESSIONS)
def test_expression_shapes(source: str, expected: str) -> None:
    assert sexp(expr_of(source)) == expected


def test_plain_string_list_items_are_the_nodes_of_single_strings() -> None:
    def shape(node: Template) -> list[object]:
        parts = [(type(p).__name__, p.start - node.start, p.end - node.start) for p in node.parts]
        return [sexp(node), node.end - node.start, node.heredoc, node.strip_indent, parts]

    items = expr_of('["a", "", "b", "c"]').items
    for item, text in zip(items, ['"a"', '""', '"b"', '"c"'], strict=True):
        single = expr_of(text)
        assert isinstance(item, Template) and isinstance(single, Template)
        assert shape(item) == shape(single)


def test_expression_node_spans() -> None:
    file = parse('a = f(x.y[0], "s${z}") + -(1)\n')
    expr = attr(file, "a").expr
    assert isinstance(expr, BinaryOp)
    assert file.source(expr.left) == 'f(x.y[0], "s${z}")'
    assert file.source(expr.right) == "-(1)"
    call = expr.left
    assert isinstance(call, FunctionCall)
    assert [file.source(arg) for arg in call.args] == ["x.y[0]", '"s${z}"']
    assert [tok.text for tok in call.name_tokens] == ["f"]
    traversal = call.args[0]
    assert isinstance(traversal, Traversal)
    assert [file.source(step) for step in traversal.steps] == [".y", "[0]"]
    template = call.args[1]
    assert isinstance(template, Template)
    assert [file.source(part) for part in template.parts] == ["s", "${z}"]
    check_spans(file)


def test_provider_function_name_tokens() -> None:
    call = expr_of("provider::time::rfc3339_parse(x)")
    assert isinstance(call, FunctionCall)
    assert [tok.text for tok in call.name_tokens] == [
        "provider",
        "::",
        "time",
        "::",
        "rfc3339_parse",
    ]


def test_object_item_key_names() -> None:
    obj = expr_of('{a = 1, "b c" = 2, (k) = 3, "${x}" = 4}')
    assert isinstance(obj, Object)
    assert [item.key_name for item in obj.items] == ["a", "b c", None, None]


def test_for_expression_fields() -> None:
    expr = expr_of("{for k, v in m : k => v... if v}")
    assert isinstance(expr, ForExpr)
    assert expr.key_var is not None and expr.key_var.text == "k"
    assert expr.value_var.text == "v"
    assert expr.is_object and expr.grouping
    single = expr_of("[for v in m : v]")
    assert isinstance(single, ForExpr)
    assert single.key_var is None and not single.is_object and single.condition is None


# ---------------------------------------------------------------- comments and full spans


COMMENTED = """\
# file header

# lead for a
# second lead
a = 1 # line a
b = 2
  # indented lead
c = 3 /* block */
resource "x" "y" { # on the brace line
  # inner lead
  d = 4 // inner line

  # separated by a blank line from nested
  nested {
    # deep
    e = 5 # deep line
  }
} # after block
/* multi
line */
f = 6
g = [
  1, # inside a tuple
]
h = 7
"""


def _commented() -> File:
    return parse(COMMENTED)


def _item(file: File, *path: str) -> Item:
    body = file.body
    item: Item | None = None
    for name in path:
        item = next(
            i for i in body.items if (i.name if isinstance(i, Attribute) else i.type) == name
        )
        if isinstance(item, Block):
            body = item.body
    assert item is not None
    return item


@pytest.mark.parametrize(
    ("path", "lead", "line", "full"),
    [
        (
            ("a",),
            ["# lead for a", "# second lead"],
            "# line a",
            "# lead for a\n# second lead\na = 1 # line a\n",
        ),
        (("b",), [], None, "b = 2\n"),
        (("c",), ["# indented lead"], "/* block */", "  # indented lead\nc = 3 /* block */\n"),
        (
            ("resource", "d"),
            ["# inner lead"],
            "// inner line",
            "  # inner lead\n  d = 4 // inner line\n",
        ),
        (("resource", "nested"), ["# separated by a blank line from nested"], None, None),
        (
            ("resource", "nested", "e"),
            ["# deep"],
            "# deep line",
            "    # deep\n    e = 5 # deep line\n",
        ),
        (("f",), ["/* multi\nline */"], None, "/* multi\nline */\nf = 6\n"),
        (("h",), [], None, "h = 7\n"),
    ],
)
def test_comment_attachment(
    path: tuple[str, ...], lead: list[str], line: str | None, full: str | None
) -> None:
    file = _commented()
    item = _item(file, *path)
    assert [tok.text for tok in item.lead_comments] == lead
    assert (item.line_comment.text if item.line_comment else None) == line
    if full is not None:
        assert full_text(file, item) == full


def test_header_separated_by_blank_line_does_not_attach() -> None:
    file = _commented()
    a = _item(file, "a")
    assert "# file header" not in full_text(file, a)
    assert file.text[: a.full_start] == "# file header\n\n"


def test_block_full_span_and_brace_line_comment() -> None:
    file = _commented()
    block = _item(file, "resource")
    assert block.line_comment is not None and block.line_comment.text == "# after block"
    assert full_text(file, block).startswith('resource "x" "y" { # on the brace line\n')
    assert full_text(file, block).endswith("  }\n} # after block\n")
    d = _item(file, "resource", "d")
    assert "# on the brace line" not in [tok.text for tok in d.lead_comments]


def test_nested_block_full_span() -> None:
    file = _commented()
    nested = _item(file, "resource", "nested")
    assert full_text(file, nested) == (
        "  # separated by a blank line from nested\n"
        "  nested {\n"
        "    # deep\n"
        "    e = 5 # deep line\n"
        "  }\n"
    )


def test_comment_inside_a_value_is_not_a_line_comment() -> None:
    file = _commented()
    g = _item(file, "g")
    assert g.line_comment is None
    assert full_text(file, g) == "g = [\n  1, # inside a tuple\n]\n"


def test_blank_line_between_comment_and_item_breaks_attachment() -> None:
    file = parse("# about nothing\n\na = 1\n")
    a = attr(file, "a")
    assert a.lead_comments == []
    assert full_text(file, a) == "a = 1\n"


def test_comment_after_previous_item_is_not_a_lead_comment() -> None:
    file = parse("a = 1 # about a\nb = 2\n")
    assert attr(file, "b").lead_comments == []
    assert [tok.text for tok in attr(file, "a").lead_comments] == []


def test_crlf_full_span() -> None:
    file = parse("# lead\r\na = 1 # line\r\nb = 2\r\n")
    assert full_text(file, attr(file, "a")) == "# lead\r\na = 1 # line\r\n"
    assert full_text(file, attr(file, "b")) == "b = 2\r\n"


def test_last_item_without_final_newline() -> None:
    file = parse("a = 1\nb = 2 # end")
    assert full_text(file, attr(file, "b")) == "b = 2 # end"


def test_item_inside_one_line_block_has_no_extra_extent() -> None:
    file = parse("b { a = 1 } # c\n")
    block = file.body.blocks[0]
    inner = block.body.items[0]
    assert full_text(file, inner) == "a = 1"
    assert full_text(file, block) == "b { a = 1 } # c\n"


def test_commented_file_round_trips_and_spans_nest() -> None:
    file = _commented()
    assert file.print() == COMMENTED
    check_spans(file)


# ---------------------------------------------------------------- syntax errors

ERRORS = [
    ("a = 1 b = 2\n", 1, 7, "Missing newline after argument"),
    ("b {\n  a = 1 }\n", 2, 9, "Missing newline after argument"),
    ("1 = 2\n", 1, 1, "Argument or block definition required"),
    ('"a" = 1\n', 1, 1, "Argument or block definition required"),
    ("a\n", 1, 2, "Argument or block definition required"),
    ("a == 1\n", 1, 3, "Argument or block definition required"),
    ("}\n", 1, 1, "Argument or block definition required"),
    ("b\n{\n}\n", 1, 2, "Argument or block definition required"),
    ("b 1 {}\n", 1, 3, "Argument or block definition required"),
    ("/* c\n", 1, 1, "Argument or block definition required"),
    ("b {\n  a = 1\n", 1, 3, "Unclosed configuration block"),
    ("b {\n  c {\n    d = 1\n  }\n", 1, 3, "Unclosed configuration block"),
    ("b {} c {}\n", 1, 6, "Missing newline after block definition"),
    ('a = "x\ny"\n', 1, 7, "Invalid multi-line string"),
    ('a = "x\n', 1, 7, "Invalid multi-line string"),
    ('a = "abc', 1, 5, "Unterminated template string"),
    ("a = <<EOT\nx\n", 1, 5, "Unterminated template string"),
    ("a = 1\na = 2\n", 2, 1, "Attribute redefined"),
    ("b {\n  x = 1\n  y = 2\n  x = 3\n}\n", 4, 3, "Attribute redefined"),
    ("b { a = 1 c = 2 }\n", 1, 11, "Invalid single-argument block definition"),
    ("b { c {} }\n", 1, 5, "Invalid single-argument block definition"),
    ("b { a = 1\n}\n", 1, 10, "Invalid single-argument block definition"),
    ('a = "x\\qy"\n', 1, 7, "Invalid escape sequence"),
    ('b "x\\q" {}\n', 1, 5, "Invalid escape sequence"),
    ('a = "\\u00"\n', 1, 6, "Invalid escape sequence"),
    ('b "x${y}" {}\n', 1, 5, "Invalid string literal"),
    ("a = 'x'\n", 1, 5, "Invalid character"),
    ("a = ~1\n", 1, 5, "Invalid character"),
    ("a = 1 & 2\n", 1, 7, "Invalid character"),
    ("a = @\n", 1, 5, "Invalid character"),
    ("a = \u00a01\n", 1, 5, "Invalid character"),
    ("a = 1\n\ufeffb = 2\n", 2, 1, "Invalid character"),
    ("a = 1\rb = 2\n", 1, 6, "Invalid character"),
    ("a = x.0.1\n", 1, 7, "Invalid legacy index syntax"),
    ("a = 1..2\n", 1, 5, "Invalid number literal"),
    ("a = x.\n", 1, 7, "Invalid attribute name"),
    ("a = [1 2]\n", 1, 8, "Missing item separator"),
    ("a = [1, 2\n", 2, 1, "Missing item separator"),
    # Lists of plain strings, which the parser takes many at a time.
    ('a = ["x", "y\\q"]\n', 1, 13, "Invalid escape sequence"),
    ('a = ["x", "",\n', 1, 5, "Unterminated tuple constructor"),
    ('a = ["x" "y"]\n', 1, 10, "Missing item separator"),
    ('a = ["x", "" "y"]\n', 1, 14, "Missing item separator"),
    ('a = ["x"\n', 2, 1, "Missing item separator"),
    ("a = {a = 1 b = 2}\n", 1, 12, "Missing attribute separator"),
    ("a = {\n  b = 1\n", 1, 5, "Unterminated object constructor"),
    ("a = f(1\n", 2, 1, "Missing argument separator"),
    ("a = f(x..., y)\n", 1, 11, "Missing closing parenthesis"),
    ("a = f::(x)\n", 1, 8, "Invalid function name"),
    ("a = (1\n", 2, 1, "Unbalanced parentheses"),
    ("a = x ? y\n", 1, 10, "Missing false expression in conditional"),
    ("a =\n", 1, 4, "Invalid expression"),
    ("a = 1 +\n2\n", 1, 8, "Invalid expression"),
    ("\n\n  x = 1 +\n", 3, 10, "Invalid expression"),
    ("a = [for x in l x]\n", 1, 17, "Invalid for expression"),
    ('a = "%{ if x }y%{ else }z%{ else }w%{ endif }"\n', 1, 26, "Unexpected else directive"),
    ('a = "%{ endif }"\n', 1, 6, "Unexpected endif directive"),
    ('a = "%{ if x }y"\n', 1, 6, "Unterminated template directive"),
    ('a = "%{ foo }"\n', 1, 9, "Invalid template directive"),
    ('a = "${x"\n', 1, 9, "Extra characters after interpolation expression"),
    ("a = {~}\n", 1, 6, "Invalid expression"),
]


@pytest.mark.parametrize(("text", "line", "column", "message"), ERRORS)
def test_syntax_errors(text: str, line: int, column: int, message: str) -> None:
    with pytest.raises(HCLSyntaxError) as caught:
        parse(text, "case.tf")
    error = caught.value
    assert (error.line, error.column) == (line, column), error
    assert error.message.startswith(message + ":"), error.message
    assert error.path == "case.tf"
    assert str(error) == f"case.tf:{line}:{column}: {error.message}"


@pytest.mark.parametrize(
    ("data", "line", "column"),
    [
        (b'a = "\xff"\n', 1, 6),
        (b"a = 1\n\n# \xc3\x28", 3, 3),
        (b"\x00\x01\x02\xfe\xfa", 1, 4),
    ],
)
def test_bytes_that_are_not_utf8(data: bytes, line: int, column: int) -> None:
    with pytest.raises(HCLSyntaxError) as caught:
        parse(data, "secret.tfvars")
    assert caught.value.message.startswith("Invalid character encoding")
    assert (caught.value.line, caught.value.column) == (line, column)
    assert caught.value.path == "secret.tfvars"


# Ten thousand levels of each kind of nesting, as terraform fmt (1.11) accepts them;
# tests/test_deep_nesting.py formats them and compares with terraform.
DEEP = 10_000
DEEP_TEXTS = [
    pytest.param("a = " + "(" * DEEP + "1" + ")" * DEEP + "\n", id="parens"),
    pytest.param("b {\n" * DEEP + "a = 1\n" + "}\n" * DEEP, id="blocks"),
    pytest.param("a = " + "[" * DEEP + "]" * DEEP + "\n", id="tuples"),
    pytest.param("a = " + "{a = " * DEEP + "1" + "}" * DEEP + "\n", id="objects"),
    pytest.param("a = " + "-" * DEEP + "1\n", id="unary"),
    pytest.param("a = " + '"${' * DEEP + "1" + '}"' * DEEP + "\n", id="templates"),
    pytest.param("a = " + "<<E\n${" * DEEP + "x" + "}\nE\n" * DEEP, id="heredocs"),
    pytest.param('a = "' + "%{if x}" * DEEP + "y" + "%{endif}" * DEEP + '"\n', id="directives"),
    pytest.param("a = " + "f(" * DEEP + ")" * DEEP + "\n", id="calls"),
    pytest.param("a = x" + "[y" * DEEP + "]" * DEEP + "\n", id="indexes"),
    pytest.param("a = " + "x ? " * DEEP + "y" + " : z" * DEEP + "\n", id="conditionals"),
    pytest.param("a = " + "[for x in " * DEEP + "y" + " : x]" * DEEP + "\n", id="for"),
]


@pytest.mark.parametrize("text", DEEP_TEXTS)
def test_deep_nesting_parses_and_prints_back(text: str) -> None:
    file = parse(text)
    assert file.print() == text
    check_spans(file)
    assert sum(1 for _ in file.walk()) > DEEP


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(
            "a = " + "[" * (MAX_NESTING + 1) + "]" * (MAX_NESTING + 1) + "\n", id="tuples"
        ),
        pytest.param("b {\n" * (MAX_NESTING + 1) + "}\n" * (MAX_NESTING + 1), id="blocks"),
        pytest.param("a = " + "-" * (MAX_NESTING + 1) + "1\n", id="unary"),
    ],
)
def test_nesting_beyond_the_limit_is_a_syntax_error(text: str) -> None:
    with pytest.raises(HCLSyntaxError, match="Nesting too deep"):
        parse(text)


def test_deeply_nested_one_line_blocks_are_rejected_like_terraform() -> None:
    with pytest.raises(HCLSyntaxError, match="single-line block"):
        parse("b { " * 3000 + "}" * 3000 + "\n")


def test_moderate_nesting_is_accepted() -> None:
    file = parse("a = " + "[" * 100 + "]" * 100 + "\n")
    check_spans(file)


def test_long_flat_inputs_are_fine() -> None:
    items = "".join(f"a{i} = {i}\n" for i in range(5000))
    assert len(parse(items).body.items) == 5000
    tuple_text = "a = [" + ", ".join(["1"] * 20000) + "]\n"
    assert parse(tuple_text).print() == tuple_text


def test_long_operator_chain_prints_back() -> None:
    text = "a = 1" + " + 1" * 1000 + "\n"
    file = parse(text)
    assert file.print() == text
    assert sum(1 for _ in file.walk()) > 1000
    long_refs = parse("a = x" + " + x" * 1000 + "\n")
    assert len(references(long_refs.body)) == 1001


# ---------------------------------------------------------------- fast path


def dump(root: object) -> list[object]:
    """Every field of a tree, flattened in a walk (iterative: trees may be deep), for an
    exact comparison of two trees."""
    out: list[object] = []
    stack = [root]
    while stack:
        value = stack.pop()
        if isinstance(value, list | tuple):  # nodes keep their lists as tuples
            out.append(("list", len(value)))
            stack.extend(reversed(value))
        elif dataclasses.is_dataclass(value) and not isinstance(value, type):
            names = [f.name for f in dataclasses.fields(value) if f.name not in ("text", "_lines")]
            out.append(type(value).__name__)
            stack.extend(reversed([getattr(value, name) for name in names]))
        elif isinstance(value, t.Token):
            out.append((value.kind, value.text, value.start))
        elif isinstance(value, t.TokenList):
            stack.append(list(value))
        else:
            out.append(value)
    return out


def parse_outcome(text: str) -> object:
    try:
        return dump(parse(text))
    except HCLSyntaxError as error:
        return str(error)


SMALL_LIMIT = 120
FAST_PATH_TEXTS = [
    'a = b\nc = b.c.d\nd = true\ne = null.x\nf = 1.5\ng = ""\nh = "x"\n',
    'a = [b.c, d.e.f, 1, true, "x", ""]\nb = f(x.y, 2)\nc = {k = v.w, l: 1}\n',
    "a = [\n  b.c,\n  d\n  .e,\n  f.\n  g\n]\nb = (x\n)\n",
    'a = f(b.c\n, d\n)\nb = x ? y.z : "w"\nc = x.y ? 1 : 2\n',
    "a = x.y.0.z\nb = x.*.y\nc = x.y[0].z\nd = x.y[*]\ne = x.y + 1\nf = x.f(1)\n",
    'a = "${x.y}" "z"\nb = "${x}${y.z}"\nc = <<EOT\n${a.b}\nEOT\nd = "\\u00e9"\n',
    'a = "\\q"\n',
    'a = "\\uD800"\n',
    "a = 1..2\n",
    "a = 1e\n",
    "a = x.\n",
    "a = x.y.\n",
    "a = [for k, v in x.y : v.z if k.w]\nb = {for k in x : k.a => k.b...}\n",
    "a = x.y\nb = x.y # c\nc = x.y /* d */\n",
    "a = x.y b\n",
    'b { c = d.e }\nb { c = "e" }\n',
    # At the nesting limit (lowered to SMALL_LIMIT by the test) a string is not
    # parsed by the fast path, so that the general path reports the nesting.
    "a = " + "[" * (SMALL_LIMIT - 1) + '"x"' + "]" * (SMALL_LIMIT - 1) + "\n",
    "a = " + "[" * SMALL_LIMIT + '"x"' + "]" * SMALL_LIMIT + "\n",
    "a = " + "[" * SMALL_LIMIT + "x.y" + "]" * SMALL_LIMIT + "\n",
    "a = " + "[" * (SMALL_LIMIT + 1) + '""' + "]" * (SMALL_LIMIT + 1) + "\n",
]


@pytest.mark.parametrize("text", FAST_PATH_TEXTS)
def test_expression_fast_path_builds_what_the_general_path_builds(
    text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(parse_state, "MAX_NESTING", SMALL_LIMIT)
    fast = parse_outcome(text)
    # Every token continues an expression: the fast path never applies.
    every_kind = frozenset(value for value in vars(t).values() if isinstance(value, str))
    monkeypatch.setattr(parse_expressions, "_CONTINUATIONS", every_kind)
    assert parse_outcome(text) == fast


# ---------------------------------------------------------------- tokens the tree holds


def _node_tokens(file: File) -> list[t.Token]:
    """Every token the tree's nodes give, made or kept (names, braces, operators ...)."""
    found: list[t.Token] = []
    for node in file.walk():
        for name in ("name", "token", "name_token", "type_token", "open_brace", "close_brace"):
            value = getattr(node, name, None)
            if isinstance(value, t.Token):
                found.append(value)
        for name in ("tokens", "name_tokens", "lead_comments", "names"):
            value = getattr(node, name, None)
            if isinstance(value, list):
                found.extend(value)
    return found


def test_every_token_the_tree_gives_is_a_token_of_the_file() -> None:
    text = (
        'resource "a" "b" { # line\n  # lead\n  x = var.y.z[0].w\n  n = 1.5\n  t = true\n'
        '  s = "q${p}r"\n  c = p::q::f(a, b...)\n  o = { k = -v, "l": !w }\n}\nb {}\n'
        "c = [for k, v in m : k if v]\nd = <<E\nx%{ for i in l }${i}%{ endfor }\nE\n"
    )
    file = parse(text)
    by_start = {tok.start: tok for tok in file.tokens}
    given = _node_tokens(file)
    assert len(given) > 30
    for token in given:
        assert by_start[token.start] == token
        assert text[token.start : token.end] == token.text
