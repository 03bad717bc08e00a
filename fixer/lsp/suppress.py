"""Edits that silence a finding: `fixer:ignore CODE` for its attribute, block or line, or
`fixer:ignore-file CODE` for its file, added to a directive already there when there is one.

Directives are read by `fixer.suppressions`, as `fixer check` reads them (codes, prefixes,
names, `ALL`, a space after `fixer:`), so what an edit writes silences what the
diagnostics show, and a directive already covering a code is never offered again.
"""

from __future__ import annotations

import contextlib
from pathlib import PurePosixPath

from fixer.findings import Finding, TextEdit
from fixer.markdown import markdown_lines
from fixer.model.files import MARKDOWN_SUFFIXES, SourceFile
from fixer.suppressions import KINDS, Suppression, suppressions_in
from fixer.syntax.canonical import format_preserving_newlines
from fixer.syntax.cst import Block, Body, Item
from fixer.syntax.errors import HCLSyntaxError

_HASH = ("# ", "")
_HTML = ("<!-- ", " -->")
_HASH_COMMENT_SUFFIXES = (".hcl", ".hcl.example", ".yml", ".yaml")


def innermost_item(body: Body, offset: int) -> Item | None:
    """The innermost attribute or block whose span holds the offset."""
    found: Item | None = None
    items = body.items
    while True:  # down the blocks holding the offset (a loop: they may be deeply nested)
        for item in items:
            if item.start <= offset < max(item.end, item.start + 1):
                break
        else:
            return found
        found = item
        if not isinstance(item, Block):
            return found
        items = item.body.items


def comment_style(source: SourceFile) -> tuple[str, str] | None:
    """How a directive is written in this kind of file (opening, closing), or None when
    fixer does not know its comments."""
    if source.is_hcl:
        return _HASH
    name = PurePosixPath(source.rel).name.lower()
    if name.endswith(MARKDOWN_SUFFIXES):
        return _HTML
    if source.is_shell_script or source.build_file or name.endswith(_HASH_COMMENT_SUFFIXES):
        return _HASH
    return None


def suppression_edit(source: SourceFile, finding: Finding) -> tuple[TextEdit, str] | None:
    """The edit silencing the finding where it is, and what it covers ("attribute",
    "block" or "line"): its code added to the directive of that attribute, block or line,
    else a new directive on a line of its own above it (indented like it); None when
    no directive can be placed there or the code is already named."""
    style = comment_style(source)
    if style is None or (source.is_hcl and source.tree is None):
        return None
    found = suppressions_in(source)
    if source.tree is not None:
        item = innermost_item(source.tree.body, finding.span.start)
        if item is None:
            return None
        what = "block" if isinstance(item, Block) else "attribute"
        scope = (item.full_start, item.full_end)
        mine = [s for s in found if (s.start, s.end) == scope]
        at = item.start
    else:
        what = "line"
        mine = [s for s in found if s.start <= finding.span.start < s.end]
        at = finding.span.start
    existing = next((s for s in mine if s.kind == "ignore" and _extendable(s)), None)
    if existing is not None:
        if _names(existing, finding.code):
            return None
        return _edit(source, _extended(source.text, existing, finding.code)), what
    text = source.text
    line_start = text.rfind("\n", 0, at) + 1
    indent = _indent(source, line_start)
    if indent is None:
        return None
    directive = f"{indent}{style[0]}fixer:ignore {finding.code}{style[1]}{source.newline}"
    return _edit(source, text[:line_start] + directive + text[line_start:]), what


def file_suppression_edit(source: SourceFile, code: str) -> TextEdit | None:
    """The edit adding a code to the file's `fixer:ignore-file` directive (one that counts:
    above the first block, or in the first lines of other files), or a new directive on
    the first line (after a script's shebang); None when the code is already named."""
    style = comment_style(source)
    if style is None or (source.is_hcl and source.tree is None):
        return None
    whole = (0, len(source.text))
    for suppression in suppressions_in(source):
        if suppression.kind != "ignore-file" or (suppression.start, suppression.end) != whole:
            continue
        if _names(suppression, code):
            return None
        if _extendable(suppression):
            return _edit(source, _extended(source.text, suppression, code))
    text = source.text
    at = 1 if text.startswith("\ufeff") else 0  # after a byte-order mark (kept in HCL text)
    if not source.is_hcl and text.startswith("#!"):
        at = text.find("\n") + 1 or len(text)
    directive = f"{style[0]}fixer:ignore-file {code}{style[1]}{source.newline}"
    if at == len(text) and at and not text.endswith("\n"):
        directive = source.newline + directive
    return _edit(source, text[:at] + directive + text[at:])


def _extendable(suppression: Suppression) -> bool:
    """A directive a code can be added to: well formed, or one that names nothing yet."""
    return suppression.kind in KINDS and (not suppression.problem or not suppression.entries)


def _names(suppression: Suppression, code: str) -> bool:
    """Whether the directive already covers the code (as a code, prefix, name or `ALL`,
    or written as is when the code is not a known rule's)."""
    return code in suppression.codes or code.upper() in {e.upper() for e in suppression.entries}


def _extended(text: str, suppression: Suppression, code: str) -> str:
    """The text with the code written after the directive's last entry."""
    at = suppression.entries_end
    return text[:at] + (", " if suppression.entries else " ") + code + text[at:]


def _indent(source: SourceFile, line_start: int) -> str | None:
    """The indentation of a directive placed above the line, or None when a line of its
    own cannot go there: a Markdown code block, a script's shebang, the continuation
    of a command, a justfile recipe (only `ignore-file` is offered there)."""
    text = source.text
    line_end = text.find("\n", line_start)
    line = text[line_start:] if line_end < 0 else text[line_start:line_end]
    indent = line[: len(line) - len(line.lstrip(" \t"))]
    if source.is_hcl:
        return indent
    if comment_style(source) == _HTML:
        fenced = any(m.start == line_start and m.fenced for m in markdown_lines(text))
        return None if fenced else indent
    above = text[:line_start].rstrip("\r\n")
    if (line_start == 0 and line.startswith("#!")) or above.endswith("\\"):
        return None
    build = source.build_file
    if build == "just":
        return None
    return "" if build == "make" else indent  # make: a comment line, not a recipe line


def _edit(source: SourceFile, new: str) -> TextEdit:
    """One edit of whole lines turning the file into `new`; an HCL file in `terraform fmt`
    style is formatted again (a comment line splits a run of aligned attributes)."""
    old = source.text
    if source.is_hcl:
        with contextlib.suppress(HCLSyntaxError):
            if source.canonical == old:
                new = format_preserving_newlines(new)
    old_lines = old.splitlines(keepends=True)
    new_lines = new.splitlines(keepends=True)
    head = 0
    limit = min(len(old_lines), len(new_lines))
    while head < limit and old_lines[head] == new_lines[head]:
        head += 1
    tail = 0
    while tail < limit - head and old_lines[-1 - tail] == new_lines[-1 - tail]:
        tail += 1
    start = sum(len(line) for line in old_lines[:head])
    end = len(old) - sum(len(line) for line in old_lines[len(old_lines) - tail :])
    content = "".join(new_lines[head : len(new_lines) - tail])
    return TextEdit(source.rel, start, end, content)
