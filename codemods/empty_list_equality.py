"""FX018 empty-list-equality: `x == []`, false for every list, set or map, as `length(x) == 0`."""

from __future__ import annotations

import re
from collections.abc import Iterator

from fixer.codemod import Codemod, Context
from fixer.expression_walk import items_mentioning, nodes_with_parents, one_line
from fixer.findings import Finding, Fix, Severity
from fixer.inline_edits import inline_edits
from fixer.model.files import SourceFile
from fixer.model.module import Module
from fixer.syntax import tokens as t
from fixer.syntax.cst import (
    BinaryOp,
    Expression,
    ForExpr,
    Item,
    LiteralValue,
    Node,
    Parens,
    Traversal,
    Tuple,
)
from fixer.syntax.memo import memoized
from fixer.syntax.values import references, try_literal

_EMPTY_BRACKETS = re.compile(r"\[\s*\]")
# What may stand between an operator and its operand: spaces, parentheses, comments
# (possessive, so that a run of them is never tried again split another way).
_GAP = r"(?:\s|[()]|#[^\n]*+|//[^\n]*+|/\*[\s\S]*?\*/)*+"
# `== []` or `[] !=`, in whatever spaces, parentheses and comments: an item without it
# holds no comparison with an empty tuple, and its expressions need no walk.
_COMPARED = re.compile(rf"[=!]={_GAP}\[{_GAP}\]|\[{_GAP}\]{_GAP}[=!]=")


class EmptyListEquality(Codemod):
    """Reports comparisons with `[]`, and compares the length with 0 instead.

    ## What it does
    Finds `x == []` and `x != []` (either way round) in `.tf` and `.tftest.hcl` files,
    unless `x` is itself a list written in brackets or a `[for ...]` expression, or a
    local whose value is one: those are tuples, for which the comparison works. The fix
    writes `length(x) == 0` (or `!= 0`). Where `x` may be null — the comparison sits
    next to `x == null` or `x != null`, or `x` is a variable whose default is null —
    it writes `try(length(x), 0) == 0`, since `length(null)` fails and Terraform
    evaluates both sides of `||` and `&&`.

    ## Why is this bad?
    `==` is true only for values of the same type, and `[]` alone is an empty tuple.
    A list, a set or a map (a typed variable, a resource attribute, the result of
    `concat`, `keys`, `split` ...) is never an empty tuple, so `x == []` is always
    false and `x != []` always true, whatever `x` holds: the condition does not test
    what it says.

    ## Example
    ```hcl
    variable "subnet_ids" {
      type = list(string)
    }

    resource "aws_db_subnet_group" "main" {
      count      = var.subnet_ids == [] ? 0 : 1
      subnet_ids = var.subnet_ids
    }
    ```

    Use instead:
    ```hcl
    resource "aws_db_subnet_group" "main" {
      count      = length(var.subnet_ids) == 0 ? 0 : 1
      subnet_ids = var.subnet_ids
    }
    ```

    ## Fix safety
    Unsafe: the fix makes the condition do what it says, so its value changes
    wherever `x` is empty: a `count` that was always 1 becomes 0, and the next plan
    destroys what it counted. Review the plan after the fix.

    ## Compared with tflint
    tflint's `terraform_empty_list_equality` also reports `[for ...] == []`, which is a
    working test (an empty tuple equals `[]`), and always writes `length(x)`, which
    fails where `x` is null: `x == null || x == []` becomes an error for a null `x`,
    because Terraform does not short-circuit `||`. We leave tuples alone and guard
    with `try` where `x` may be null.
    """

    code = "FX018"
    name = "empty-list-equality"
    summary = "Comparison with `[]` is false for every list, set or map"
    severity = Severity.WARNING
    fix_availability = "always"
    fix_safety = "unsafe"
    reads = frozenset({"calls", "homes", "tests"})  # fixer.split

    def check(self, context: Context) -> Iterator[Finding]:
        project = context.project
        for source in context.hcl_files("tf", "tftest"):
            assert source.tree is not None
            module = project.module_for(source.rel) if source.kind == "tf" else None
            text = source.text
            for item in items_mentioning(source, _EMPTY_BRACKETS):
                if not _COMPARED.search(text, item.start, item.end):
                    continue
                for comparison, other, chain in memoized(item, _comparisons):
                    if not _is_tuple(module, other):
                        yield _finding(context, source, module, comparison, other, chain)


def _comparisons(item: Item) -> tuple[tuple[BinaryOp, Expression, Node | None], ...]:
    """(comparison, its other side, the outermost && / || chain holding it) of each
    comparison of the item with `[]`."""
    found = []
    chains: dict[int, Node] = {}  # id(node) -> the outermost && / || chain holding it
    for node, parent in nodes_with_parents(item):
        if isinstance(node, BinaryOp) and node.operator.kind in (t.AND, t.OR):
            chains[id(node)] = chains.get(id(parent), node)
            continue
        if parent is not None and id(parent) in chains:
            chains[id(node)] = chains[id(parent)]
        other = _compared_with_empty_list(node)
        if other is not None:
            assert isinstance(node, BinaryOp)
            found.append((node, other, chains.get(id(node))))
    return tuple(found)


def _compared_with_empty_list(node: Node) -> Expression | None:
    """The other side of `x == []`, `[] != x` ..., or None."""
    if not isinstance(node, BinaryOp) or node.operator.kind not in (t.EQUAL_OP, t.NOT_EQUAL):
        return None
    left, right = _unparenthesized(node.left), _unparenthesized(node.right)
    if _empty_tuple(right) and not _empty_tuple(left):
        return node.left
    if _empty_tuple(left) and not _empty_tuple(right):
        return node.right
    return None


def _unparenthesized(expr: Expression) -> Expression:
    while isinstance(expr, Parens):
        expr = expr.expr
    return expr


def _empty_tuple(expr: Expression) -> bool:
    return isinstance(expr, Tuple) and not expr.items


def _is_tuple(module: Module | None, expr: Expression) -> bool:
    """Whether the expression is a tuple: brackets, `[for ...]`, or a local holding one."""
    expr = _unparenthesized(expr)
    if isinstance(expr, Tuple) or (isinstance(expr, ForExpr) and not expr.is_object):
        return True
    name = _named(expr, "local")
    if module is not None and name is not None:
        local = module.locals.get(name)
        return local is not None and _is_tuple(None, local.expr)
    return False


def _named(expr: Expression, root: str) -> str | None:
    """`name` when the expression is exactly `<root>.name` (`var.x`, `local.y`)."""
    expr = _unparenthesized(expr)
    if not isinstance(expr, Traversal):
        return None
    refs = references(expr)
    if len(refs) == 1 and refs[0].node is expr and refs[0].root == root:
        parts = refs[0].parts
        return str(parts[1]) if len(parts) == 2 and len(expr.steps) == 1 else None
    return None


def _finding(
    context: Context,
    source: SourceFile,
    module: Module | None,
    comparison: BinaryOp,
    other: Expression,
    chain: Node | None,
) -> Finding:
    text = source.text
    subject = text[other.start : other.end]
    operator = comparison.operator.text
    nullable = _may_be_null(source, module, other, chain)
    length = f"try(length({subject}), 0)" if nullable else f"length({subject})"
    replacement = f"{length} {operator} 0"
    always = "false" if operator == "==" else "true"
    message = (
        f"{one_line(subject)} {operator} [] is {always} whenever {one_line(subject)} is a "
        f"list, set or map: write {one_line(replacement)}"
    )
    fix = Fix.unsafe(
        f"Compare the length: {one_line(replacement)}",
        *inline_edits(source, [(comparison.start, comparison.end, replacement)]),
    )
    return context.finding(source, comparison, message, fix)


def _may_be_null(
    source: SourceFile, module: Module | None, other: Expression, chain: Node | None
) -> bool:
    """Whether the code itself says `other` may be null: it is compared with null in the
    same && / || chain, or it is a variable whose default is null."""
    text = source.text
    subject = " ".join(text[other.start : other.end].split())
    if chain is not None:
        for node in chain.walk():
            if not isinstance(node, BinaryOp) or node.operator.kind not in (
                t.EQUAL_OP,
                t.NOT_EQUAL,
            ):
                continue
            sides = (_unparenthesized(node.left), _unparenthesized(node.right))
            for side, opposite in (sides, sides[::-1]):
                if _is_null(opposite) and " ".join(text[side.start : side.end].split()) == subject:
                    return True
    name = _named(other, "var")
    variable = module.variables.get(name) if module is not None and name else None
    if variable is None or not variable.nullable or variable.default is None:
        return False
    return try_literal(variable.default) == (True, None)


def _is_null(expr: Expression) -> bool:
    return isinstance(expr, LiteralValue) and expr.token.text == "null"
