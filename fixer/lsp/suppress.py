"""Edits that silence a finding: `# fixer:ignore CODE` above its item, or for the whole file."""

from __future__ import annotations

import re

from fixer.findings import Finding, TextEdit
from fixer.model.files import SourceFile
from fixer.syntax import tokens as t
from fixer.syntax.cst import Block, Body, Item

_CODE_LIST = r"[ \t]*(?:[A-Za-z]+[0-9]+(?:[ \t]*,[ \t]*[A-Za-z]+[0-9]+)*)?"
_CODES = re.compile(r"fixer:ignore(?!-file)\b" + _CODE_LIST)
_FILE_CODES = re.compile(r"fixer:ignore-file\b" + _CODE_LIST)


def innermost_item(body: Body, offset: int) -> Item | None:
    """The innermost attribute or block whose span holds the offset."""
    for item in body.items:
        if item.start <= offset < max(item.end, item.start + 1):
            if isinstance(item, Block):
                return innermost_item(item.body, offset) or item
            return item
    return None


def suppression_edit(source: SourceFile, finding: Finding) -> tuple[TextEdit, str] | None:
    """The edit adding the finding's code to a suppression comment right above its item
    (a new comment line indented like the item, or the code appended to the directive
    already there), and what it covers: "attribute" or "block"."""
    tree = source.tree
    if tree is None:
        return None
    item = innermost_item(tree.body, finding.span.start)
    if item is None:
        return None
    what = "block" if isinstance(item, Block) else "attribute"
    code = finding.code
    if item.lead_comments:
        last = item.lead_comments[-1]
        match = _CODES.search(last.text)
        if match is not None:
            edit = _append_code(source.rel, last.start, match, code)
            return (edit, what) if edit is not None else None
    text = source.text
    line_start = text.rfind("\n", 0, item.start) + 1
    indent = text[line_start : item.start]
    if indent.strip():  # the item shares its line with other code: use the line's indent
        indent = indent[: len(indent) - len(indent.lstrip())]
    comment = f"{indent}# fixer:ignore {code}{source.newline}"
    return TextEdit.insertion(source.rel, line_start, comment), what


def file_suppression_edit(source: SourceFile, code: str) -> TextEdit | None:
    """The edit adding a code to the file's `# fixer:ignore-file` comment (before the
    first block), or a new such comment on the first line."""
    tree = source.tree
    if tree is None:
        return None
    first_item = tree.body.items[0].start if tree.body.items else len(source.text)
    for token in tree.tokens:
        if token.start >= first_item:
            break
        match = _FILE_CODES.search(token.text) if token.kind == t.COMMENT else None
        if match is not None:
            return _append_code(source.rel, token.start, match, code)
    return TextEdit.insertion(source.rel, 0, f"# fixer:ignore-file {code}{source.newline}")


def _append_code(rel: str, comment_start: int, match: re.Match[str], code: str) -> TextEdit | None:
    """Insert the code after a directive's codes; None when it is there already."""
    if code in re.findall(r"[A-Za-z]+[0-9]+", match.group().upper()):
        return None
    separator = ", " if match.group()[-1:].isdigit() else " "
    return TextEdit.insertion(rel, comment_start + match.end(), separator + code)
