"""The fix: a `data "archive_file"` that builds the package, the function (or its S3
object) pointed at its outputs, `hashicorp/archive` in `required_providers`."""

from __future__ import annotations

import posixpath
from collections.abc import Sequence

from codemods.lambda_package_not_built.paths import OBJECT_HASHES, ZipPath, quote
from codemods.lambda_package_not_built.sources import Sources
from fixer.edits import Editor, minimal_edit
from fixer.findings import TextEdit
from fixer.model.files import SourceFile
from fixer.model.module import Module, Resource
from fixer.syntax.cst import (
    Attribute,
    Body,
    Item,
)
from fixer.syntax.format import format_fragment
from fixer.syntax.values import try_literal

ARCHIVE_SOURCE = "hashicorp/archive"

# ---------------------------------------------------------------- the fix


def archive_block(name: str, sources: Sources, zip_path: ZipPath, output_path: str) -> str:
    """The `data "archive_file"` block that builds the zip from the sources."""
    lines = [
        f'data "archive_file" "{name}" {{',
        'type = "zip"',
        f"{sources.attribute} = {zip_path.spell(sources.rel)}",
        f"output_path = {output_path}",
    ]
    if sources.attribute == "source_dir":
        inside = posixpath.relpath(zip_path.rel, sources.rel or ".")
        excludes = list(sources.excludes)
        if not inside.startswith("../") and inside not in excludes:
            excludes.insert(0, inside)
        if len(excludes) == 1:
            lines.append(f"excludes = [{quote(excludes[0])}]")
        elif excludes:
            lines.append("excludes = [\n" + "".join(f"{quote(e)},\n" for e in excludes) + "]")
    lines.append("}")
    return "\n".join(lines) + "\n"


def pointing_edits(resource: Resource, obj: Resource | None, data_name: str) -> list[TextEdit]:
    """Point the function (or the S3 object it is deployed from, and the function's hash)
    at the archive's outputs."""
    if obj is None:
        return [_point_at_archive(resource.file, resource, data_name)]
    data = f"data.archive_file.{data_name}"
    body = obj.block.body
    changed = [attr for name in ("source", *OBJECT_HASHES) if (attr := body.attribute(name))]
    values = {"source": f"{data}.output_path", **dict.fromkeys(OBJECT_HASHES, f"{data}.output_md5")}
    splices = [(a.expr.start, a.expr.end, values[a.name]) for a in changed]
    edits = [rewrite_items(obj.file, body, changed, splices, level=1)]
    hash_attr = resource.block.body.attribute("source_code_hash")
    function_hash = f"{data}.output_base64sha256"
    if hash_attr is not None:
        splice = [(hash_attr.expr.start, hash_attr.expr.end, function_hash)]
        edits.append(rewrite_items(resource.file, resource.block.body, [hash_attr], splice, 1))
    else:
        key = resource.block.body.attribute("s3_key")
        assert key is not None
        added = [(key.full_end, key.full_end, f"source_code_hash = {function_hash}\n")]
        edits.append(rewrite_items(resource.file, resource.block.body, [key], added, 1))
    return edits


def _point_at_archive(source: SourceFile, resource: Resource, data_name: str) -> TextEdit:
    """Set filename and source_code_hash to the archive's outputs, in one edit."""
    body = resource.block.body
    filename = body.attribute("filename")
    assert filename is not None
    data = f"data.archive_file.{data_name}"
    values = {"filename": f"{data}.output_path", "source_code_hash": f"{data}.output_base64sha256"}
    hash_attr = body.attribute("source_code_hash")
    changed: list[Item] = [filename] if hash_attr is None else [filename, hash_attr]
    splices = [
        (attr.expr.start, attr.expr.end, values[attr.name])
        for attr in changed
        if isinstance(attr, Attribute)
    ]
    if hash_attr is None:
        at = filename.full_end
        splices.append((at, at, f"source_code_hash = {values['source_code_hash']}\n"))
    return rewrite_items(source, body, changed, splices, level=1)


def rewrite_items(
    source: SourceFile,
    body: Body,
    changed: Sequence[Item],
    splices: Sequence[tuple[int, int, str]],
    level: int,
) -> TextEdit:
    """One edit applying splices to the items of a body, re-rendered as terraform fmt would.

    The re-rendered region runs from the first to the last changed item, grown over the
    one-line attributes aligned with them, so that the `=` signs of the run line up;
    the edit is then trimmed to the lines that change.
    """
    text = source.text
    items = body.items
    indexes = sorted(items.index(item) for item in changed)
    lo, hi = indexes[0], indexes[-1]
    while lo > 0 and _one_line(text, items[lo - 1]) and _adjacent(items[lo - 1], items[lo]):
        lo -= 1
    while (
        hi + 1 < len(items)
        and _one_line(text, items[hi + 1])
        and _adjacent(items[hi], items[hi + 1])
    ):
        hi += 1
    start = text.rfind("\n", 0, items[lo].full_start) + 1
    end = items[hi].full_end
    region = text[start:end]
    for splice_start, splice_end, content in sorted(splices, reverse=True):
        region = region[: splice_start - start] + content + region[splice_end - start :]
    if not region.endswith("\n"):
        region += "\n"
        formatted = format_fragment(region, level).removesuffix("\n")
    else:
        formatted = format_fragment(region, level)
    return minimal_edit(source, start, end, formatted)


def _one_line(text: str, item: Item) -> bool:
    return isinstance(item, Attribute) and "\n" not in text[item.start : item.end]


def _adjacent(first: Item, second: Item) -> bool:
    return first.full_end == second.full_start and not second.lead_comments


def free_data_name(module: Module, wanted: str) -> str:
    name, n = wanted, 2
    while f"data.archive_file.{name}" in module.data:
        name, n = f"{wanted}_{n}", n + 1
    return name


def require_archive(module: Module) -> list[TextEdit]:
    """Add `archive` to required_providers when the module lists its providers there."""
    required = module.required_providers
    if not required or any(_provider_source(attr) == ARCHIVE_SOURCE for attr in required.values()):
        return []
    if "archive" in required:
        return []  # the name is taken by another provider: leave it to the author
    for terraform in module.terraform_blocks:
        blocks = terraform.block.body.blocks_of_type("required_providers")
        if blocks:
            block = blocks[0]
            versions = [_provider_version(attr) for attr in required.values()]
            lines = ["archive = {", f'source = "{ARCHIVE_SOURCE}"']
            if versions and all(versions):
                style = ">=" if all(v and v.startswith(">=") for v in versions) else "~>"
                lines.append(f'version = "{style} 2.0"')
            lines.append("}")
            return Editor(terraform.file).insert_after(block, "\n".join(lines))
    return []


def _provider_source(attr: Attribute) -> str | None:
    ok, value = try_literal(attr.expr)
    if ok and isinstance(value, dict) and isinstance(value.get("source"), str):
        return str(value["source"]).lower().removeprefix("registry.terraform.io/")
    return None


def _provider_version(attr: Attribute) -> str | None:
    ok, value = try_literal(attr.expr)
    if ok and isinstance(value, dict) and isinstance(value.get("version"), str):
        return str(value["version"]).strip()
    return None


def finding_message(
    resource: Resource,
    zip_path: ZipPath,
    sources: Sources | None,
    script: tuple[str, bool] | None,
    existing: Resource | None,
    obj: Resource | None = None,
) -> str:
    built = f" ({script[0]} builds it by hand)" if script else ""
    through = f" (uploaded by {obj.address})" if obj is not None else ""
    head = (
        f"{resource.address} deploys {zip_path.rel}{through}, which is not in the repository"
        f"{built}: a plan on a fresh checkout fails and a stale zip deploys old code"
    )
    if existing is not None:
        return f"{head}; {existing.address} builds it, use its outputs"
    assert sources is not None
    tail = f'; build it from {sources.rel} with data "archive_file"'
    if sources.dependency_file is not None:
        tail += (
            f" ({sources.dependency_file} lists dependencies it would not install: fix not applied)"
        )
    elif script is not None and script[1]:
        tail += f" ({script[0]} does more than zip: fix not applied)"
    return head + tail
