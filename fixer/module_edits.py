"""Edit verbs for a whole module: they choose the file a new item belongs in.

`fixer.edits` works on one file; these verbs pick the file first (with
`Module.file_for`) and then use its Editor, or create the file when it does not exist.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from fixer.edits import Editor, create_file
from fixer.findings import Change, TextEdit
from fixer.model.files import SourceFile
from fixer.model.module import Module, Resource
from fixer.syntax.format import format_fragment, format_source


def add_local(
    files: Mapping[str, SourceFile],
    module: Module,
    name: str,
    value: str,
    fallback: SourceFile | None = None,
) -> list[Change]:
    """Changes adding `name = value` (HCL source) to the module's locals.

    The local goes into the last `locals` block of `module.file_for("locals")`, after a
    blank line when the block's last value spans several lines, or into a new `locals`
    block at the end of that file. When that file does not exist or does not parse, the
    local goes to `fallback` the same way (the file of the resource that uses it, say);
    without a fallback, a file that does not exist is created and one that does not
    parse raises EditError.
    """
    rel = module.file_for("locals")
    source = files.get(rel)
    if source is None or source.tree is None:
        if fallback is not None:
            source = fallback
        elif source is None:
            block = format_source(f"locals {{\n{name} = {value}\n}}\n")
            return [create_file(rel, block.replace("\n", module.newline))]
    editor = Editor(source)  # EditError when the file does not parse
    blocks = editor.tree.body.blocks_of_type("locals")
    if blocks:
        body = blocks[-1].body
        last = body.items[-1] if body.items else None
        if (
            last is not None
            and "\n" in source.text[last.start : last.end]
            and source.text[: last.full_end].endswith("\n")
        ):
            # After a multi-line value (a map of tags), a blank line, as people write it.
            line = format_fragment(f"{name} = {value}\n", editor.level(body))
            return [TextEdit(source.rel, last.full_end, last.full_end, "\n" + line)]
        return list(editor.insert_attribute(blocks[-1], name, value))
    return list(editor.append_block(None, f"locals {{\n{name} = {value}\n}}"))


def local_name(resources: Sequence[Resource], resource: Resource, base: str) -> str:
    """The name of a local that serves one of several similar resources: `base`, or
    `<resource name>_<base>` when there are several, so that each gets its own."""
    if len(resources) == 1:
        return base
    return f"{resource.name}_{base}"
