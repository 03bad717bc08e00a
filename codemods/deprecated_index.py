"""FX015 deprecated-index: the legacy `.0` index and `.*` splat, written with brackets."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator, Sequence

from fixer.codemod import Codemod, Context
from fixer.expression_walk import items_mentioning, token_arrays
from fixer.findings import Finding, Fix, Severity
from fixer.inline_edits import inline_edits
from fixer.model.files import SourceFile
from fixer.model.module import Module
from fixer.syntax import tokens as t
from fixer.syntax.cst import GetAttr, Index, Item, LegacyIndex, Splat, Step, Traversal, Variable
from fixer.syntax.memo import memoized

# Text an item with a legacy step holds (and numbers like 1.5, which the walk drops).
_DOT_STEP = re.compile(r"\.[ \t]*[*0-9]")
# Roots of references that are never a resource, data source or module call.
_NOT_AN_ADDRESS = frozenset({"var", "local", "each", "count", "path", "terraform", "self"})


class DeprecatedIndex(Codemod):
    """Reports the legacy `.0` index and `.*` splat, and writes them with brackets.

    ## What it does
    Finds `list.0` (an index written like an attribute) and `list.*.name` (the
    "attribute-only" splat) in `.tf` and `.tftest.hcl` files. The fix writes `list[0]`
    and `list[*].name`. Where the splat is followed by an index, as in
    `aws_subnet.public.*.id[count.index]`, `[*]` in its place would mean something
    else (see below): the fix then moves the index onto a resource, data source or
    module call that has `count` (`aws_subnet.public[count.index].id`), and otherwise
    keeps the order with parentheses (`(local.subnets[*].id)[0]`).

    ## Why is this bad?
    Both forms come from Terraform 0.11 and are kept only for compatibility: they are
    no longer documented, and the `.*` splat has its own rule that surprises readers:
    it applies only the `.name` steps that follow it to each element, so in
    `x.*.id[0]` the `[0]` picks the first id of the list, while in `x[*].id[0]` it
    would index each id.

    ## Example
    ```hcl
    resource "aws_nat_gateway" "main" {
      count         = 2
      subnet_id     = aws_subnet.public.*.id[count.index]
      allocation_id = aws_eip.nat.0.id
    }
    ```

    Use instead:
    ```hcl
    resource "aws_nat_gateway" "main" {
      count         = 2
      subnet_id     = aws_subnet.public[count.index].id
      allocation_id = aws_eip.nat[0].id
    }
    ```

    ## Fix safety
    Safe: the new expression has the same value as the old one in every case. For
    a resource with `count`, `aws_subnet.public.*.id[i]` and `aws_subnet.public[i].id`
    read the same element, and fail alike when `i` is out of range.

    ## Compared with tflint
    tflint's `terraform_deprecated_index` rewrites `.*` as `[*]` wherever it is,
    which changes `x.*.id[count.index]` into `x[*].id[count.index]`: an index into
    each id string, which `terraform validate` rejects ("This value does not have any
    indices"). We keep the meaning, as described above. We also check `.tftest.hcl`
    files, and every module of the project rather than the directory tflint runs in.
    """

    code = "FX015"
    name = "deprecated-index"
    summary = "Legacy `.0` index or `.*` splat syntax instead of brackets"
    severity = Severity.WARNING
    fix_availability = "sometimes"
    fix_safety = "safe"
    reads = frozenset({"calls", "homes", "tests"})  # fixer.split

    def check(self, context: Context) -> Iterator[Finding]:
        project = context.project
        for source in context.hcl_files("tf", "tftest"):
            assert source.tree is not None
            module = project.module_for(source.rel) if source.kind == "tf" else None
            kinds, _, starts = token_arrays(source.tree)
            for item in items_mentioning(source, _DOT_STEP):
                if not _has_dot_step(kinds, starts, item):
                    continue  # the text was a number or an address in a string: "10.0.0.0/16"
                for trav in memoized(item, _legacy_traversals):
                    yield from _traversal_findings(context, source, module, trav)


def _has_dot_step(kinds: Sequence[str], starts: Sequence[int], item: Item) -> bool:
    """Whether a `.` token in the item is followed, spaces apart, by a number or `*`: the
    tokens every legacy step is made of (the token arrays, read without Token objects)."""
    at = bisect_left(starts, item.start)
    stop = bisect_left(starts, item.end)
    while True:
        try:
            at = kinds.index(t.DOT, at, stop) + 1
        except ValueError:
            return False
        while at < stop and kinds[at] == t.SPACE:
            at += 1
        if at < stop and kinds[at] in (t.NUMBER, t.STAR):
            return True


def _legacy_traversals(item: Item) -> tuple[Traversal, ...]:
    """The traversals of an item with a `.0` or `.*` step, in source order."""
    return tuple(
        node
        for node in item.walk()
        if isinstance(node, Traversal)
        and any(
            isinstance(s, LegacyIndex) or (isinstance(s, Splat) and not s.full) for s in node.steps
        )
    )


def _traversal_findings(
    context: Context, source: SourceFile, module: Module | None, trav: Traversal
) -> Iterator[Finding]:
    for i, step in enumerate(trav.steps):
        if isinstance(step, LegacyIndex):
            number = step.number.text
            fix = Fix.safe(
                f"Write [{number}]",
                *inline_edits(source, [(step.start, step.end, f"[{number}]")]),
            )
            message = f"Legacy index syntax .{number}: write [{number}]"
            yield context.finding(source, step, message, fix)
        elif isinstance(step, Splat) and not step.full:
            yield _splat_finding(context, source, module, trav, i)


def _splat_finding(
    context: Context, source: SourceFile, module: Module | None, trav: Traversal, i: int
) -> Finding:
    steps = trav.steps
    splat = steps[i]
    end = i + 1
    while end < len(steps) and isinstance(steps[end], GetAttr | LegacyIndex):
        end += 1
    whole = source.text[trav.start : trav.end]
    if end == len(steps):
        fix = Fix.safe("Write [*]", *inline_edits(source, [(splat.start, splat.end, "[*]")]))
        return context.finding(source, splat, "Legacy splat syntax .*: write [*]", fix)
    rewritten = _rewrite(source, module, trav, i, end)
    if rewritten is None:
        message = (
            f"Legacy splat syntax .* in {whole}: [*] in its place would apply what follows "
            "to each element (no automatic fix: the expression is split by spaces or comments)"
        )
        return context.finding(source, splat, message)
    fix = Fix.safe(f"Write {rewritten}", *inline_edits(source, [(trav.start, trav.end, rewritten)]))
    message = (
        f"Legacy splat syntax .* in {whole}: [*] in its place would apply "
        f"{_text(source, steps[end])} to each element; write {rewritten}"
    )
    return context.finding(source, splat, message, fix)


def _rewrite(
    source: SourceFile, module: Module | None, trav: Traversal, i: int, end: int
) -> str | None:
    """The traversal with its attribute-only splat (steps[i], whose steps run to `end`)
    written so that it means the same: the index after it moved before it on a counted
    address, else the splat in parentheses. None when the steps are not contiguous."""
    steps = trav.steps
    previous = trav.source.end
    for step in steps:
        if step.start != previous:
            return None
        previous = step.end
    head = source.text[trav.source.start : trav.source.end]
    before = "".join(_text(source, step) for step in steps[:i])
    run = "".join(_text(source, step) for step in steps[i + 1 : end])
    after = steps[end]
    rest = "".join(_text(source, step) for step in steps[end + 1 :])
    if isinstance(after, Index) and _counted(module, trav, i):
        return head + before + _text(source, after) + run + rest
    return f"({head}{before}[*]{run}){_text(source, after)}{rest}"


def _text(source: SourceFile, step: Step) -> str:
    if isinstance(step, LegacyIndex):
        return f"[{step.number.text}]"
    return source.text[step.start : step.end]


def _counted(module: Module | None, trav: Traversal, i: int) -> bool:
    """Whether steps[:i] of the traversal name a resource, data source or module call
    of the module that has `count` (so its value is a list of its instances)."""
    if module is None or not isinstance(trav.source, Variable):
        return False
    root = trav.source.name.text
    names = [step.name.text for step in trav.steps[:i] if isinstance(step, GetAttr)]
    if len(names) != i or root in _NOT_AN_ADDRESS:
        return False
    if root == "module" and i == 1:
        call = module.module_calls.get(names[0])
        return call is not None and call.count is not None
    if root == "data" and i == 2:
        data = module.data.get(f"data.{names[0]}.{names[1]}")
        return data is not None and data.count is not None
    if i == 1:
        resource = module.resources.get(f"{root}.{names[0]}")
        return resource is not None and resource.count is not None
    return False
