"""Statements of a `jsonencode({...})` policy, and their rewrite in HCL."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass

from codemods.iam_policy_wildcard_resource.statements import (
    SKIPPED_KEYS,
    UNSCOPED_SID_SUFFIX,
    Plan,
    Statement,
    has_comments,
    hcl_list,
    hcl_value,
    item_texts,
    literal_strings,
    splice,
)
from fixer.edits import Editor
from fixer.findings import TextEdit
from fixer.model.files import SourceFile
from fixer.syntax.cst import Attribute, Expression, Object, ObjectItem, Tuple
from fixer.syntax.values import try_literal


def jsonencode_statements(
    source: SourceFile, attr: Attribute, document: Object, owner: str
) -> Iterator[Statement]:
    items = {item.key_name: item for item in document.items}
    container = items.get("Statement")
    if container is None:
        return
    value = container.value
    objects = value.items if isinstance(value, Tuple) else [value]
    for statement in objects:
        if not isinstance(statement, Object):
            continue
        keys = {item.key_name: item for item in statement.items}
        if set(keys) & SKIPPED_KEYS:
            continue
        effect, action, resource = keys.get("Effect"), keys.get("Action"), keys.get("Resource")
        if effect is None or action is None or resource is None:
            continue
        if try_literal(effect.value) != (True, "Allow"):
            continue
        actions = literal_strings(action.value)
        resources = literal_strings(resource.value)
        if actions is None or resources is None or "*" not in resources:
            continue
        yield Statement(
            source,
            resource,
            owner,
            actions,
            resources == ["*"],
            not has_comments(source, action.value.start, action.value.end)
            and not has_comments(source, resource.value.start, resource.value.end),
            _JsonencodeRewrite(source, attr, value, statement, keys).apply,
        )


@dataclass
class _JsonencodeRewrite:
    source: SourceFile
    attr: Attribute
    container: Expression  # the Statement value: a tuple of objects, or one object
    statement: Object
    keys: dict[str | None, ObjectItem]

    def apply(self, plan: Plan) -> list[TextEdit]:
        text = self.source.text
        action = self.keys["Action"].value
        resource = self.keys["Resource"].value
        items = item_texts(text, action)
        multiline = "\n" in text[action.start : action.end]
        scoped = splice(
            text,
            self.statement,
            [
                (action, hcl_list([items[i] for i in plan.scoped], multiline, action)),
                (resource, hcl_value([arn.hcl for arn in plan.arns], resource)),
            ],
        )
        parts = [scoped]
        if plan.unscoped:
            splices = [(action, hcl_list([items[i] for i in plan.unscoped], multiline, action))]
            sid = self.keys.get("Sid")
            ok, value = try_literal(sid.value if sid else None)
            if sid is not None and ok and isinstance(value, str):
                splices.append((sid.value, json.dumps(value + UNSCOPED_SID_SUFFIX)))
            parts.append(splice(text, self.statement, splices))
        container = self.container
        if len(parts) == 1 or (isinstance(container, Tuple) and _opens_own_line(text, container)):
            new_container = splice(text, container, [(self.statement, ",\n".join(parts))])
        else:
            objects = container.items if isinstance(container, Tuple) else [container]
            others = [text[item.start : item.end] for item in objects]
            mine = next(i for i, item in enumerate(objects) if item is self.statement)
            others[mine : mine + 1] = parts
            new_container = "[\n" + ",\n".join(others) + ",\n]"
        value = text[self.attr.expr.start : container.start] + new_container
        value += text[container.end : self.attr.expr.end]
        return Editor(self.source).replace_value(self.attr, value)


def _opens_own_line(text: str, container: Tuple) -> bool:
    """`[` followed by a newline: the statements already sit on lines of their own."""
    after = text[container.start + 1 : container.end].lstrip(" \t")
    return after.startswith(("\n", "\r\n"))
