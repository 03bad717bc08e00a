"""Document formatting: `terraform fmt` layout as minimal line edits, nothing on bad input."""

from __future__ import annotations

from lsprotocol import types

from fixer.lsp.analysis import Document
from fixer.lsp.positions import PositionMap
from fixer.lsp.textdiff import line_edits
from fixer.syntax.errors import HCLSyntaxError


def formatting_edits(document: Document, encoding: str) -> list[types.TextEdit]:
    """Edits formatting the buffer; none when it does not parse or is binary."""
    source = document.source(document.name)
    if "\0" in source.text or source.tree is None:
        return []
    try:
        formatted = source.canonical
    except HCLSyntaxError:
        return []
    positions = PositionMap(document.text, encoding, int(source.bom))
    return [
        types.TextEdit(positions.range(edit.start, edit.end), edit.content)
        for edit in line_edits(source.rel, source.text, formatted)
    ]
