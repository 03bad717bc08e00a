"""Policy statements as the three readers give them, and how to split one between its
targets and "*"."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from codemods.iam_policy_wildcard_resource.actions import classify
from codemods.iam_policy_wildcard_resource.targets import Arn, Target, arn_of
from fixer.expression_walk import has_comment
from fixer.findings import TextEdit
from fixer.model.files import SourceFile
from fixer.syntax.cst import Expression, Node, Tuple
from fixer.syntax.values import try_literal

UNSCOPED_SID_SUFFIX = "AllResources"
# Statements left alone: negations, resource policies (a principal), and conditions, which
# often limit the resources where their ARNs cannot be known (`aws:ResourceTag/...`).
SKIPPED_KEYS = frozenset({"NotAction", "NotResource", "Principal", "NotPrincipal", "Condition"})
SKIPPED_BLOCKS = frozenset({"principals", "not_principals", "condition"})


@dataclass
class Plan:
    """How to split a statement: action indexes kept on the target, those left on "*"."""

    scoped: list[int]
    unscoped: list[int]
    arns: list[Arn]


@dataclass
class Statement:
    """One policy statement, read from any of the three syntaxes."""

    source: SourceFile
    where: Node
    owner: str  # e.g. aws_iam_role_policy.flow_logs
    actions: list[str]
    wildcard_resource: bool  # Resource is exactly "*" or ["*"]
    fixable: bool  # False when the rewrite could lose comments or cannot keep the layout
    rewrite: Callable[[Plan], list[TextEdit]]


def plan_for(actions: Sequence[str], targets: Sequence[Target]) -> tuple[Plan | None, list[str]]:
    """Split the actions between the targets and "*", or say which actions block it."""
    kinds = {target.kind.service: target.kind for target in targets}
    scoped: list[int] = []
    unscoped: list[int] = []
    blocking: list[str] = []
    needed: set[str] = set()
    for i, action in enumerate(actions):
        counts, expanded = classify(action)
        if not counts:
            unscoped.append(i)
        else:
            fits = [
                a.needs(frozenset(kinds[a.service].arns)) if a.service in kinds else None
                for a in expanded
            ]
            if all(fits):
                scoped.append(i)
                needed.update(rt for types in fits if types for rt in types)
            else:
                blocking.append(action)
    if blocking or not scoped:
        return None, blocking
    order = [rt for kind in kinds.values() for rt in kind.arns if rt in needed]
    arns = [arn_of(target, form) for target in targets for form in target.arn_forms(order)]
    return Plan(scoped, unscoped, arns), []


def has_comments(source: SourceFile, start: int, end: int) -> bool:
    tree = source.tree
    assert tree is not None
    return has_comment(tree, start, end)


def literal_strings(expr: Expression) -> list[str] | None:
    ok, value = try_literal(expr)
    if ok and isinstance(value, str):
        return [value]
    if ok and isinstance(value, list) and value and all(isinstance(v, str) for v in value):
        return [str(v) for v in value]
    return None


def item_texts(text: str, expr: Expression) -> list[str]:
    if isinstance(expr, Tuple):
        return [text[item.start : item.end] for item in expr.items]
    return [text[expr.start : expr.end]]


def hcl_list(items: Sequence[str], multiline: bool, original: Expression) -> str:
    if not isinstance(original, Tuple) and len(items) == 1:
        return items[0]
    if multiline and len(items) > 1:
        return "[\n" + "".join(f"{item},\n" for item in items) + "]"
    return "[" + ", ".join(items) + "]"


def hcl_value(items: Sequence[str], original: Expression) -> str:
    """The new Resource value: a string stays a string, a list stays a list."""
    if len(items) == 1:
        return f"[{items[0]}]" if isinstance(original, Tuple) else items[0]
    return "[\n" + "".join(f"{item},\n" for item in items) + "]"


def splice(text: str, node: Node, replacements: Sequence[tuple[Node, str]]) -> str:
    """The source of `node` with some of its sub-nodes replaced."""
    out = text[node.start : node.end]
    for sub, content in sorted(replacements, key=lambda r: r[0].start, reverse=True):
        out = out[: sub.start - node.start] + content + out[sub.end - node.start :]
    return out
