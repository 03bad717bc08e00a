"""FX023's edits around the new resources: the bucket's own block, the reads of moved
attributes, and the import blocks that adopt what each bucket already has."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from fixer.edits import Editor, sequential_edits
from fixer.findings import TextEdit
from fixer.model.files import SourceFile
from fixer.model.versions import excludes
from fixer.syntax.cst import Block, GetAttr, Index, LegacyIndex, Splat, Traversal

if TYPE_CHECKING:
    from codemods.s3_bucket_inline_arguments import Bucket
    from codemods.s3_bucket_split.arguments import Split
    from fixer.model.project import Project


def has_resource(split: Split) -> bool:
    """Whether a split makes a resource (object lock without rules only sets the bucket)."""
    return bool(split.items) or split.bucket_attribute is None


def bucket_edits(bucket: Bucket, text: str) -> list[TextEdit]:
    """Edits of the bucket's file: moved reads in it, the split arguments out of the
    bucket, `object_lock_enabled` in, and `text` (the new blocks) after it."""
    from codemods.s3_bucket_inline_arguments import argument_of

    source = bucket.resource.file
    name = bucket.name
    steps = []
    own_reads = [edit for edit in _read_edits(bucket) if edit.path == source.rel]
    if own_reads:
        steps.append(lambda editor: own_reads)
    for split in bucket.splits:
        for _ in bucket.items[split.argument]:
            steps.append(_remover(name, split.argument, argument_of))
        if split.bucket_attribute is not None:
            attribute, value = split.bucket_attribute
            steps.append(_setter(name, attribute, value))
    if text.strip():
        steps.append(lambda editor: editor.insert_after(None, text, _find_bucket(editor, name)))
    return sequential_edits(source, steps)


def _find_bucket(editor: Editor, name: str) -> Block:
    block = editor.tree.body.first_block("resource", "aws_s3_bucket", name)
    assert block is not None
    return block


def _remover(name: str, argument: str, argument_of):
    def step(editor: Editor) -> list[TextEdit]:
        block = _find_bucket(editor, name)
        for item in block.body.items:
            if argument_of(item) == argument:
                return (
                    editor.remove_block(item)
                    if isinstance(item, Block)
                    else (editor.remove_attribute(item))
                )
        return []

    return step


def _setter(name: str, attribute: str, value: str):
    def step(editor: Editor) -> list[TextEdit]:
        block = _find_bucket(editor, name)
        if block.body.attribute(attribute) is not None:
            return []
        return editor.set_attribute(block, attribute, value)

    return step


def read_rewrites(bucket: Bucket) -> list[TextEdit]:
    """Reads of moved attributes in the module's other files (the bucket's own file has
    them in `bucket_edits`)."""
    source = bucket.resource.file
    return [edit for edit in _read_edits(bucket) if edit.path != source.rel]


def _read_edits(bucket: Bucket) -> Iterator[TextEdit]:
    """`aws_s3_bucket.b.website_endpoint` -> `aws_s3_bucket_website_configuration.b
    .website_endpoint`, for each attribute whose argument moves."""
    moved: dict[str, tuple[Split, str]] = {}
    for split in bucket.splits:
        for attribute, ours in split.moved_reads.items():
            moved[attribute] = (split, ours)
    if not moved:
        return
    for source, ref in bucket.module.references_to(f"aws_s3_bucket.{bucket.name}"):
        node = ref.node
        if not isinstance(node, Traversal):
            continue
        steps = node.steps[1:]
        instance = bool(steps) and isinstance(steps[0], Index | LegacyIndex | Splat)
        if instance:
            steps = steps[1:]
        if not steps or not isinstance(steps[0], GetAttr):
            continue
        found = moved.get(steps[0].name.text)
        if found is None:
            continue
        split, ours = found
        attr_token = steps[0].name
        if not instance and split.per_element is not None:
            yield _replace(
                source,
                node.start,
                attr_token.end,
                f"one(values({split.resource_type}.{bucket.name})[*].{ours})",
            )
        elif not instance and split.exists_when is not None:
            yield _replace(
                source,
                node.start,
                attr_token.end,
                f"one({split.resource_type}.{bucket.name}[*].{ours})",
            )
        else:
            yield _replace(source, node.source.start, node.source.end, split.resource_type)
            yield _replace(source, attr_token.start, attr_token.end, ours)


def _replace(source: SourceFile, start: int, end: int, text: str) -> TextEdit:
    return TextEdit(source.rel, start, end, text)


# ---------------------------------------------------------------- import blocks


def import_blocks(project: Project, bucket: Bucket) -> str:
    """The import blocks adopting each new resource, or "" (with a note saying why)."""
    module = bucket.module
    if module not in project.root_modules:
        callers = ", ".join(f"module.{c.name}" for c in project.callers(module)) or "its callers"
        bucket.notes.append(
            f"no import blocks: {module.path or 'this module'} is called by {callers}, and "
            "import blocks belong in the root module"
        )
        return ""
    versions = module.required_versions
    if versions and excludes(versions, (1, 5, 0)):
        bucket.notes.append("no import blocks: the required Terraform version is below 1.5")
        return ""
    iterated = bucket.meta is not None or any(
        s.per_element is not None or s.exists_when is not None for s in bucket.splits
    )
    if iterated and versions and excludes(versions, (1, 7, 0)):
        bucket.notes.append(
            "no import blocks: they need for_each, and the required Terraform version is below 1.7"
        )
        return ""
    return "\n".join(_import(bucket, split) for split in bucket.splits if has_resource(split))


def _import(bucket: Bucket, split: Split) -> str:
    name = bucket.name
    target = f"{split.resource_type}.{name}"
    meta = bucket.meta
    if meta is not None:
        if meta[0] == "count":
            for_each = f"{{ for i, b in aws_s3_bucket.{name} : i => {{ index = i, id = b.id }} }}"
            to, bucket_id = f"{target}[each.value.index]", "each.value.id"
        else:
            for_each = f"{{ for k, b in aws_s3_bucket.{name} : k => b.id }}"
            to, bucket_id = f"{target}[each.key]", "each.value"
    else:
        bucket_id = f"aws_s3_bucket.{name}.id"
        for_each, to = "", target
        if split.per_element is not None:
            for_each = f"{{ for k, v in {split.per_element.for_each.text} : k => v }}"
            to = f"{target}[each.key]"
        elif split.exists_when is not None:
            for_each = f'{split.exists_when} ? {{ "0" = 0 }} : {{}}'
            to = f"{target}[each.value]"
    identifier = split.import_id(bucket_id) if split.import_id is not None else bucket_id
    lines = ["import {"]
    if for_each:
        lines.append(f"for_each = {for_each}")
    lines += [f"to = {to}", f"id = {identifier}", "}"]
    return "\n".join(lines) + "\n"
