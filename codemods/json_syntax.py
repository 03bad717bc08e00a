"""FX019 json-syntax: `.tf.json` files whose root is an array instead of an object."""

from __future__ import annotations

import json
from collections.abc import Iterator

from fixer.codemod import Codemod, Context
from fixer.findings import Finding, Fix, Severity, TextEdit
from fixer.json_text import JsonSyntaxError, JsonValue, parse_json
from fixer.model.files import SourceFile

UNIT = "  "


class JsonSyntax(Codemod):
    """Reports `.tf.json` files whose root is an array of objects, and merges them into one object.

    ## What it does
    Reads each `.tf.json` file (the only thing fixer reads in JSON configuration) and
    finds those whose root is an array of objects, `[{"resource": ...}, {"variable":
    ...}]`. The fix writes one root object with every object's properties, in their
    order; a block type that several objects give (two `"resource"` properties)
    becomes one property whose value is the array of their values, which Terraform
    reads as the same blocks. Each property's value is kept as it was written, only
    moved left with the nesting it lost.

    ## Why is this bad?
    Terraform's JSON syntax is documented as a root object whose properties are
    block types. HCL also flattens a root array, so Terraform accepts it, but other
    tools that read Terraform JSON by its documented structure (generators,
    scanners, editors) do not.

    ## Example
    ```json
    [
      {"resource": {"aws_s3_bucket": {"logs": {"bucket": "acme-logs"}}}},
      {"variable": {"region": {"type": "string"}}}
    ]
    ```

    Use instead:
    ```json
    {
      "resource": {"aws_s3_bucket": {"logs": {"bucket": "acme-logs"}}},
      "variable": {"region": {"type": "string"}}
    }
    ```

    ## Fix safety
    Safe: the blocks are the same, in the same order for each block type, so
    Terraform reads the same configuration. A root array holding anything but objects
    (which Terraform rejects) is reported without a fix.

    ## Compared with tflint
    tflint's `terraform_json_syntax` decodes the file and prints it back, so the fixed
    file has its properties sorted by name, its numbers and strings re-encoded and its
    layout replaced; where two objects share a block type it deep-merges them, and
    collects them into an array only when they conflict. We move the text of each
    property unchanged and always collect a repeated block type into an array, which
    needs no merging rules.

    ## JSON files
    fixer does not read the blocks of `.tf.json` and `.tfvars.json` files: every other
    codemod skips them, a run says so (`skipped: JSON configuration ...`), and the
    codemods whose findings depend on every reference of a module (FX021, FX022)
    skip a module directory that holds `.tf.json` files. This codemod reads only the
    structure of `.tf.json` files, as JSON.
    """

    code = "FX019"
    name = "json-syntax"
    summary = "JSON configuration has an array at its root instead of an object"
    severity = Severity.WARNING
    fix_availability = "sometimes"
    fix_safety = "safe"
    reads = frozenset()  # fixer.split

    def check(self, context: Context) -> Iterator[Finding]:
        for rel in sorted(context.files):
            source = context.files[rel]
            if source.kind != "tfjson" or not rel.endswith(".tf.json"):
                continue
            try:
                root = parse_json(source.text)
            except JsonSyntaxError:
                continue  # Terraform reports a file that is not JSON
            if root.kind == "array":
                yield _finding(context, source, root)


def _finding(context: Context, source: SourceFile, root: JsonValue) -> Finding:
    message = "JSON configuration has an array at its root; Terraform documents an object"
    where = (root.start, root.start + 1)
    rewritten = root_object(source.text, root)
    if rewritten is None:
        return context.finding(
            source, where, message + " (it holds values that are not objects: no fix)"
        )
    edit = TextEdit.replacement(source.rel, root.start, root.end, rewritten)
    return context.finding(source, where, message, Fix.safe("Merge into one root object", edit))


def root_object(text: str, root: JsonValue) -> str | None:
    """The root array's objects as one object (text replacing text[root.start:root.end]),
    or None when an item is not an object."""
    if any(item.kind != "object" for item in root.items):
        return None
    groups: dict[str, list[tuple[JsonValue, JsonValue]]] = {}
    for item in root.items:
        for key, value in item.members:
            groups.setdefault(key.key(text), []).append((key, value))
    if "\n" not in text[root.start : root.end]:
        members = [
            f"{_text(text, entries[0][0])}: {_inline_value(text, entries)}"
            for entries in groups.values()
        ]
        result = "{" + ", ".join(members) + "}"
    else:
        base = _line_indent(text, root.start)
        unit = _unit(text, root, base)
        members = [_member(text, entries, base + unit, unit) for entries in groups.values()]
        result = "{\n" + ",\n".join(members) + "\n" + base + "}" if members else "{}"
    json.loads(result)  # the rewrite is JSON (a bug here must not write a broken file)
    return result


def _inline_value(text: str, entries: list[tuple[JsonValue, JsonValue]]) -> str:
    if len(entries) == 1:
        return _text(text, entries[0][1])
    return "[" + ", ".join(_text(text, value) for value in _flattened(entries)) + "]"


def _member(text: str, entries: list[tuple[JsonValue, JsonValue]], indent: str, unit: str) -> str:
    key = entries[0][0]
    if len(entries) == 1:
        value = entries[0][1]
        shown = _moved(text, value, _line_indent(text, key.start), indent)
        return f"{indent}{_text(text, key)}: {shown}"
    items = [
        indent + unit + _moved(text, value, _line_indent(text, value.start), indent + unit)
        for value in _flattened(entries)
    ]
    return f"{indent}{_text(text, key)}: [\n" + ",\n".join(items) + f"\n{indent}]"


def _flattened(entries: list[tuple[JsonValue, JsonValue]]) -> list[JsonValue]:
    """The values of a repeated property, an array value giving its items."""
    values: list[JsonValue] = []
    for _, value in entries:
        values.extend(value.items if value.kind == "array" else [value])
    return values


def _moved(text: str, value: JsonValue, old_indent: str, new_indent: str) -> str:
    """The value's text with its continuation lines shifted from old to new indentation
    (JSON strings hold no line breaks, so only whitespace between tokens moves)."""
    lines = _text(text, value).split("\n")
    shift = len(new_indent) - len(old_indent)
    moved = [lines[0]]
    for line in lines[1:]:
        if shift >= 0:
            moved.append(" " * shift + line if line.strip() else line)
        else:
            leading = len(line) - len(line.lstrip(" \t"))
            moved.append(line[min(-shift, leading) :])
    return "\n".join(moved)


def _text(text: str, value: JsonValue) -> str:
    return text[value.start : value.end]


def _line_indent(text: str, offset: int) -> str:
    start = text.rfind("\n", 0, offset) + 1
    line = text[start:offset]
    return line[: len(line) - len(line.lstrip(" \t"))]


def _unit(text: str, root: JsonValue, base: str) -> str:
    """The file's indentation step: how much deeper the first object sits than the root."""
    if root.items:
        first = _line_indent(text, root.items[0].start)
        if first.startswith(base) and len(first) > len(base):
            return first[len(base) :]
    return UNIT
