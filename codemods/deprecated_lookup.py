"""FX017 deprecated-lookup: `lookup(map, key)` without a default, written `map[key]`."""

from __future__ import annotations

import re
from collections.abc import Iterator

from fixer.codemod import Codemod, Context
from fixer.expression_walk import has_comment, items_mentioning, one_line, parenthesized
from fixer.findings import Finding, Fix, Severity
from fixer.inline_edits import inline_edits
from fixer.model.files import SourceFile
from fixer.syntax.cst import FunctionCall, Item
from fixer.syntax.memo import memoized

_NAMES = frozenset({"lookup", "core::lookup"})
# `\blookup`, written so that the pattern starts with the literal: the regular expression
# engine then skips to each "lookup" where a leading `\b` made it try every character.
_LOOKUP = re.compile(r"lookup(?<=\blookup)[ \t]*\(")


class DeprecatedLookup(Codemod):
    """Reports `lookup` called without a default, and writes the index instead.

    ## What it does
    Finds calls of `lookup` with two arguments in `.tf` and `.tftest.hcl` files. The
    fix writes `map[key]`, with the map in parentheses when it is an operator
    expression (`lookup(a ? b : c, "k")` becomes `(a ? b : c)["k"]`).

    ## Why is this bad?
    `lookup(map, key)` without its third argument, the default, has been deprecated
    since Terraform 0.7: it does nothing the index syntax `map[key]` does not, and it
    suggests a fallback that is not there; a missing key fails the plan either way.

    ## Example
    ```hcl
    locals {
      instance_type = lookup(var.instance_types, terraform.workspace)
    }
    ```

    Use instead:
    ```hcl
    locals {
      instance_type = var.instance_types[terraform.workspace]
    }
    ```

    If the key may be missing, give `lookup` a default instead.

    ## Fix safety
    Safe: for a map or an object, `map[key]` has the value `lookup(map, key)` has, and
    fails where it fails (a missing key, a null map). A call whose arguments are spread
    with `...`, or with comments between its arguments, is not reported.

    ## Compared with tflint
    tflint's `terraform_deprecated_lookup` writes the first argument as it is before
    `[key]`, so `lookup(a ? b : c, "k")` would index `c` alone; we add parentheses
    where they are needed. We also recognise `core::lookup`.
    """

    code = "FX017"
    name = "deprecated-lookup"
    summary = "`lookup` without a default instead of the index syntax `map[key]`"
    severity = Severity.WARNING
    fix_availability = "always"
    fix_safety = "safe"
    reads = frozenset()  # fixer.split

    def check(self, context: Context) -> Iterator[Finding]:
        for source in context.hcl_files("tf", "tftest"):
            for item in items_mentioning(source, _LOOKUP):
                for call in memoized(item, _lookups):
                    if not _comment_outside_arguments(source, call):
                        yield _finding(context, source, call)


def _lookups(item: Item) -> tuple[FunctionCall, ...]:
    """The item's calls of `lookup` with two arguments, none spread with `...`."""
    return tuple(
        node
        for node in item.walk()
        if isinstance(node, FunctionCall)
        and node.name in _NAMES
        and len(node.args) == 2
        and not node.expand
    )


def _comment_outside_arguments(source: SourceFile, call: FunctionCall) -> bool:
    assert source.tree is not None
    first, second = call.args
    return (
        has_comment(source.tree, call.start, first.start)
        or has_comment(source.tree, first.end, second.start)
        or has_comment(source.tree, second.end, call.end)
    )


def _finding(context: Context, source: SourceFile, call: FunctionCall) -> Finding:
    collection, key = call.args
    text = source.text
    replacement = (
        parenthesized(text[collection.start : collection.end], collection)
        + f"[{text[key.start : key.end]}]"
    )
    fix = Fix.safe(
        f"Write {one_line(replacement)}",
        *inline_edits(source, [(call.start, call.end, replacement)]),
    )
    message = f"lookup() without a default is deprecated: write {one_line(replacement)}"
    return context.finding(source, call, message, fix)
