"""Statements of a JSON heredoc policy (`<<EOF ... EOF`), read losslessly, and their
rewrite in the heredoc's own layout."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from codemods.iam_policy_wildcard_resource.statements import (
    SKIPPED_KEYS,
    UNSCOPED_SID_SUFFIX,
    Plan,
    Statement,
)
from fixer.findings import TextEdit
from fixer.model.files import SourceFile
from fixer.syntax.cst import Node, Template, TemplateDirective, TemplateInterpolation
from fixer.syntax.json_reader import JArray, JNode, JObject, JsonError, JsonReader, JString


def read_heredoc_json(source: SourceFile, expr: Template) -> JNode | None:
    """The JSON document of a heredoc, interpolations masked, or None."""
    if not expr.parts or any(isinstance(part, TemplateDirective) for part in expr.parts):
        return None
    base, end = expr.parts[0].start, expr.parts[-1].end
    masked = [
        (part.start, part.end) for part in expr.parts if isinstance(part, TemplateInterpolation)
    ]
    chars = list(source.text[base:end])
    for start, stop in masked:
        chars[start - base : stop - base] = "x" * (stop - start)
    try:
        return JsonReader("".join(chars), base, masked).read()
    except JsonError:
        return None


def _json_strings(node: JNode | None) -> list[str] | None:
    if isinstance(node, JString) and node.value is not None:
        return [node.value]
    if isinstance(node, JArray) and node.items:
        values = [item.value for item in node.items if isinstance(item, JString)]
        if len(values) == len(node.items) and all(v is not None for v in values):
            return [str(v) for v in values]
    return None


def heredoc_statements(source: SourceFile, expr: Template, owner: str) -> Iterator[Statement]:
    document = read_heredoc_json(source, expr)
    if not isinstance(document, JObject):
        return
    container = document.get("Statement")
    objects = container.items if isinstance(container, JArray) else [container]
    for statement in objects:
        if not isinstance(statement, JObject):
            continue
        if statement.keys() & SKIPPED_KEYS:
            continue
        effect = statement.get("Effect")
        action, resource = statement.get("Action"), statement.get("Resource")
        if not isinstance(effect, JString) or effect.value != "Allow":
            continue
        actions, resources = _json_strings(action), _json_strings(resource)
        if actions is None or resources is None or "*" not in resources:
            continue
        assert action is not None and resource is not None
        yield Statement(
            source,
            _Span(resource.start, resource.end),
            owner,
            actions,
            resources == ["*"],
            isinstance(container, JArray),
            _HeredocRewrite(source, container, statement, action, resource).apply,
        )


@dataclass(eq=False, slots=True)
class _Span(Node):
    """A range of the file that is not an HCL node (a JSON value in a heredoc)."""


@dataclass
class _HeredocRewrite:
    source: SourceFile
    container: JNode | None  # a JArray when the statement is fixable
    statement: JObject
    action: JNode
    resource: JNode

    def apply(self, plan: Plan) -> list[TextEdit]:
        text = self.source.text
        assert isinstance(self.container, JArray)
        items = (
            [text[i.start : i.end] for i in self.action.items]
            if isinstance(self.action, JArray)
            else [text[self.action.start : self.action.end]]
        )
        scoped = self._statement(
            [
                (self.action, self._list([items[i] for i in plan.scoped])),
                (self.resource, self._resources([arn.string for arn in plan.arns])),
            ]
        )
        parts = [scoped]
        if plan.unscoped:
            splices = [(self.action, self._list([items[i] for i in plan.unscoped]))]
            sid = self.statement.get("Sid")
            if isinstance(sid, JString) and sid.value is not None:
                splices.append((sid, json.dumps(sid.value + UNSCOPED_SID_SUFFIX)))
            parts.append(self._statement(splices))
        start = self.statement.start
        line_start = text.rfind("\n", 0, start) + 1
        indent = text[line_start:start]
        if indent.strip():
            indent = " " if self.statement is not self.container.items[0] else ""
            joiner = ", "
        else:
            joiner = ",\n" + indent
        return [TextEdit(self.source.rel, start, self.statement.end, joiner.join(parts))]

    def _statement(self, splices: Sequence[tuple[JNode, str]]) -> str:
        text = self.source.text
        out = text[self.statement.start : self.statement.end]
        base = self.statement.start
        for node, content in sorted(splices, key=lambda s: s[0].start, reverse=True):
            out = out[: node.start - base] + content + out[node.end - base :]
        return out

    def _layout(self) -> tuple[str, str] | None:
        """(item indent, closing indent) of a multi-line Action array, else None."""
        text = self.source.text
        action = self.action
        if not isinstance(action, JArray) or not action.items:
            return None
        if "\n" not in text[action.start : action.end]:
            return None
        first = action.items[0].start
        item_indent = text[text.rfind("\n", 0, first) + 1 : first]
        close = action.end - 1
        close_indent = text[text.rfind("\n", 0, close) + 1 : close]
        if item_indent.strip() or close_indent.strip():
            return None
        return item_indent, close_indent

    def _list(self, items: Sequence[str]) -> str:
        if not isinstance(self.action, JArray) and len(items) == 1:
            return items[0]
        layout = self._layout()
        if layout is None or len(items) == 1:
            return "[" + ", ".join(items) + "]"
        item_indent, close_indent = layout
        inner = (",\n" + item_indent).join(items)
        return "[\n" + item_indent + inner + "\n" + close_indent + "]"

    def _resources(self, arns: Sequence[str]) -> str:
        quoted = [json.dumps(arn) for arn in arns]
        if len(quoted) == 1:
            return f"[{quoted[0]}]" if isinstance(self.resource, JArray) else quoted[0]
        layout = self._layout()
        if layout is None:
            return "[" + ", ".join(quoted) + "]"
        item_indent, close_indent = layout
        # The Resource key sits at the Action key's indentation: reuse the Action layout.
        return "[\n" + item_indent + (",\n" + item_indent).join(quoted) + "\n" + close_indent + "]"
