"""Statements of a `data "aws_iam_policy_document"`, and their rewrite."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass

from codemods.iam_policy_wildcard_resource.statements import (
    SKIPPED_BLOCKS,
    UNSCOPED_SID_SUFFIX,
    Plan,
    Statement,
    has_comments,
    hcl_list,
    item_texts,
    literal_strings,
    splice,
)
from fixer.edits import minimal_edit
from fixer.findings import TextEdit
from fixer.model.files import SourceFile
from fixer.model.module import Resource
from fixer.syntax.cst import Attribute, Block, Node
from fixer.syntax.format import format_fragment
from fixer.syntax.values import try_literal


def document_statements(data: Resource) -> Iterator[Statement]:
    source = data.file
    for block in data.block.body.blocks_of_type("statement"):
        body = block.body
        if body.attribute("not_actions") or body.attribute("not_resources"):
            continue
        if any(_block_kind(item) in SKIPPED_BLOCKS for item in body.blocks):
            continue
        effect = body.attribute("effect")
        if effect is not None and try_literal(effect.expr) != (True, "Allow"):
            continue
        actions_attr, resources_attr = body.attribute("actions"), body.attribute("resources")
        if actions_attr is None or resources_attr is None:
            continue
        actions = literal_strings(actions_attr.expr)
        resources = literal_strings(resources_attr.expr)
        if actions is None or resources is None or "*" not in resources:
            continue
        yield Statement(
            source,
            resources_attr,
            data.address,
            actions,
            resources == ["*"],
            not has_comments(source, actions_attr.expr.start, actions_attr.expr.end)
            and not has_comments(source, resources_attr.expr.start, resources_attr.expr.end),
            _DocumentRewrite(source, block, actions_attr, resources_attr).apply,
        )


@dataclass
class _DocumentRewrite:
    source: SourceFile
    block: Block
    actions: Attribute
    resources: Attribute

    def apply(self, plan: Plan) -> list[TextEdit]:
        text = self.source.text
        items = item_texts(text, self.actions.expr)
        multiline = "\n" in text[self.actions.expr.start : self.actions.expr.end]
        resources = [arn.hcl for arn in plan.arns]
        scoped_resources = (
            hcl_list(resources, multiline, self.resources.expr)
            if len(resources) > 1
            else f"[{resources[0]}]"
        )
        scoped = splice(
            text,
            self.block,
            [
                (
                    self.actions.expr,
                    hcl_list([items[i] for i in plan.scoped], multiline, self.actions.expr),
                ),
                (self.resources.expr, scoped_resources),
            ],
        )
        blocks = [scoped]
        if plan.unscoped:
            splices: list[tuple[Node, str]] = [
                (
                    self.actions.expr,
                    hcl_list([items[i] for i in plan.unscoped], multiline, self.actions.expr),
                )
            ]
            sid = self.block.body.attribute("sid")
            ok, value = try_literal(sid.expr if sid else None)
            if sid is not None and ok and isinstance(value, str):
                splices.append((sid.expr, json.dumps(value + UNSCOPED_SID_SUFFIX)))
            blocks.append(splice(text, self.block, splices))
        start = text.rfind("\n", 0, self.block.start) + 1
        end = self.block.end
        indent = text[start : self.block.start]
        region = indent + ("\n\n" + indent).join(blocks) + "\n"
        formatted = format_fragment(region, _level(indent)).removesuffix("\n")
        return [minimal_edit(self.source, start, end, formatted)]


def _block_kind(block: Block) -> str:
    """A block's type, or for `dynamic "x"` the type it generates."""
    if block.type == "dynamic" and block.labels:
        return block.labels[0].value
    return block.type


def _level(indent: str) -> int:
    return len(indent.expandtabs(2)) // 2
