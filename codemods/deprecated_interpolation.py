"""FX016 deprecated-interpolation: a string that is only `"${expr}"`, written as `expr`."""

from __future__ import annotations

import re
from collections.abc import Iterator

from fixer.codemod import Codemod, Context
from fixer.expression_walk import (
    has_comment,
    is_term,
    items_mentioning,
    nodes_with_parents,
    one_line,
)
from fixer.findings import Finding, Fix, Severity
from fixer.inline_edits import inline_edits
from fixer.model.files import SourceFile
from fixer.syntax.cst import (
    BinaryOp,
    Conditional,
    Expression,
    Item,
    Node,
    ObjectItem,
    Template,
    TemplateInterpolation,
    Traversal,
    UnaryOp,
)
from fixer.syntax.memo import memoized

_INTERPOLATION = re.compile(r'"\$\{')
# Parents in which an operator expression needs parentheses to keep its grouping.
_OPERAND_PARENTS = (BinaryOp, UnaryOp, Traversal, Conditional)


class DeprecatedInterpolation(Codemod):
    """Reports strings that are a lone interpolation, `"${expr}"`, and unwraps them.

    ## What it does
    Finds quoted strings made of one `${ ... }` sequence and nothing else, anywhere
    in an expression of a `.tf` or `.tftest.hcl` file: an argument's value, an item of
    a list, an argument of a function, an object's key or value. The fix writes the
    expression itself; an object key becomes `(expr)` (a bare name there would be a
    literal key), and an operator expression that is an operand, or that spans
    lines, gets parentheses (`"${a + b}" * 2` becomes `(a + b) * 2`; a line break
    outside brackets would end the argument).

    ## Why is this bad?
    Terraform 0.11 needed `"${ }"` around every expression; since 0.12 an expression
    stands alone, and the wrapped form is deprecated (Terraform 0.12.14 to 0.14
    warned about it). It hides the value's type from the reader: `"${var.ports}"` is
    the list itself, not a string, because Terraform passes a lone interpolation's
    value through unconverted.

    ## Example
    ```hcl
    resource "aws_instance" "web" {
      ami                    = "${var.ami}"
      vpc_security_group_ids = ["${aws_security_group.web.id}"]
    }
    ```

    Use instead:
    ```hcl
    resource "aws_instance" "web" {
      ami                    = var.ami
      vpc_security_group_ids = [aws_security_group.web.id]
    }
    ```

    ## Fix safety
    Safe: a string that is one interpolation has the value of the expression inside,
    unconverted, so the expression alone means the same everywhere. A string whose
    interpolation holds a comment is reported without a fix.

    ## Compared with tflint
    tflint's `terraform_deprecated_interpolation` finds the same strings, but writes the
    inner expression as it is even where it is an operand, so `"${a + b}" * 2` becomes
    `a + b * 2`, which computes something else; we add the parentheses. `terraform fmt`
    (and FX001) unwraps only a whole argument value; this codemod unwraps every one.
    """

    code = "FX016"
    name = "deprecated-interpolation"
    summary = 'String is a lone interpolation `"${expr}"` instead of the expression'
    severity = Severity.WARNING
    fix_availability = "sometimes"
    fix_safety = "safe"
    reads = frozenset()  # fixer.split

    def check(self, context: Context) -> Iterator[Finding]:
        for source in context.hcl_files("tf", "tftest"):
            text = source.text
            for item in items_mentioning(source, _INTERPOLATION):
                if text.find('}"', item.start, item.end) < 0:
                    continue  # a lone `${ }` ends its string at once: `}"` (or `~}"`)
                for template, wrapped, parent in memoized(item, _lone_interpolations):
                    yield _finding(context, source, template, wrapped, parent)


def _lone_interpolations(item: Item) -> tuple[tuple[Template, Expression, Node | None], ...]:
    """(string, its expression, the string's parent) of each lone interpolation."""
    found = []
    inner: set[int] = set()  # strings inside another's chain, fixed with it
    for node, parent in nodes_with_parents(item):
        if id(node) in inner:
            continue
        wrapped = lone_interpolation(node)
        if wrapped is not None:
            assert isinstance(node, Template)
            # "${"${x}"}" is x too: one finding and one fix for the chain, not one per
            # level (each level's fix would wait for the one around it, a pass each).
            deeper = lone_interpolation(wrapped)
            while deeper is not None:
                inner.add(id(wrapped))
                wrapped, deeper = deeper, lone_interpolation(deeper)
            # The item itself is never kept (a memo holds nodes below it): as a parent
            # it is an attribute, which asks for no parentheses.
            found.append((node, wrapped, None if parent is item else parent))
    return tuple(found)


def lone_interpolation(node: Node) -> Expression | None:
    """The expression of a quoted string that is one `${ }` sequence and nothing else."""
    if not isinstance(node, Template) or node.heredoc or len(node.parts) != 1:
        return None
    part = node.parts[0]
    return part.expr if isinstance(part, TemplateInterpolation) else None


def _finding(
    context: Context,
    source: SourceFile,
    template: Template,
    wrapped: Expression,
    parent: Node | None,
) -> Finding:
    assert source.tree is not None
    inner = source.text[wrapped.start : wrapped.end]
    message = f"Interpolation-only string: write {one_line(inner)} without the quotes and ${{ }}"
    if has_comment(source.tree, template.start, template.end):
        return context.finding(
            source, template, message + " (it holds a comment: no automatic fix)"
        )
    key = isinstance(parent, ObjectItem) and parent.key is template
    operand = isinstance(parent, _OPERAND_PARENTS) and not is_term(wrapped)
    # `${ }` lets an operator expression span lines; unwrapped, a line break outside
    # brackets would end the argument, so it keeps them as parentheses.
    spans_lines = "\n" in inner and not is_term(wrapped)
    replacement = f"({inner})" if key or operand or spans_lines else inner
    fix = Fix.safe(
        "Unwrap the interpolation",
        *inline_edits(source, [(template.start, template.end, replacement)]),
    )
    return context.finding(source, template, message, fix)
