"""Policies given to registry modules as inputs (see `fixer.model.registry_modules`): a JSON
document (`policy`, `policy_json`: jsonencode or a heredoc) or statements written as
objects with `effect`, `actions`, `resources` (`policy_statements`,
`iam_role_policy_statements`, `inline_policy_permissions` ...). What the module's role
acts on is not known here, so these are reported without a fix."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from codemods.iam_policy_wildcard_resource.statements import Statement, literal_strings
from fixer.model.files import SourceFile
from fixer.model.module import Module
from fixer.model.registry_modules import registry_module
from fixer.syntax.cst import Attribute, Expression, Object, Tuple
from fixer.syntax.values import try_literal

# Keys that make a statement one this codemod leaves alone (as in a policy document).
SKIPPED = frozenset(
    {"not_actions", "not_resources", "principals", "not_principals", "condition", "conditions"}
)


def module_input_statements(
    module: Module,
    attribute_statements: Callable[[SourceFile, Attribute, str], list[Statement]],
) -> Iterator[Statement]:
    """The statements of the policy inputs of the module's registry module calls."""
    for call in module.module_calls.values():
        row = registry_module(call)
        if row is None:
            continue
        inputs: dict[str, str] = row.facts.get("policy_inputs", {})  # type: ignore[assignment]
        for name, kind in inputs.items():
            attr = call.arguments.get(name)
            if attr is None:
                continue
            owner = f"module.{call.name} ({name})"
            if kind == "json":
                yield from attribute_statements(call.file, attr, owner)
            else:
                yield from _object_statements(call.file, attr.expr, owner)


def _object_statements(source: SourceFile, expr: Expression, owner: str) -> Iterator[Statement]:
    """Statements written as objects: a map of them or a list of them."""
    if isinstance(expr, Object):
        candidates = [item.value for item in expr.items]
        if any(item.key_name in ("actions", "resources") for item in expr.items):
            candidates = [expr]  # a single statement
    elif isinstance(expr, Tuple):
        candidates = list(expr.items)
    else:
        return
    for candidate in candidates:
        if not isinstance(candidate, Object):
            continue
        keys = {item.key_name: item for item in candidate.items}
        if set(keys) & SKIPPED:
            continue
        effect = keys.get("effect")
        if effect is not None and try_literal(effect.value) != (True, "Allow"):
            continue
        actions_item, resources_item = keys.get("actions"), keys.get("resources")
        if actions_item is None or resources_item is None:
            continue
        actions = literal_strings(actions_item.value)
        resources = literal_strings(resources_item.value)
        if actions is None or resources is None or "*" not in resources:
            continue
        yield Statement(
            source, resources_item, owner, actions, resources == ["*"], False, lambda _: []
        )
