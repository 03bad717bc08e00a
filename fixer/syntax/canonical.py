"""The canonical text of a whole file as fixer writes it: `terraform fmt` style, line ends kept."""

from __future__ import annotations

from fixer.syntax.chunks import format_by_chunks
from fixer.syntax.format import format_scanned
from fixer.syntax.tokens import Token


def format_preserving_newlines(
    text: str,
    tokens: list[Token] | None = None,
    scanned: tuple[list[str], list[str]] | None = None,
) -> str:
    """Canonical text in which every line keeps its own line ending, LF or CRLF.

    That is what `terraform fmt` does: it re-spaces tokens and never rewrites a
    newline, so a file mixing LF and CRLF lines comes back mixed, line for line.
    Formats by closed chunks, remembered: re-checking a file after a small edit (the
    fix passes, the editor) costs about what the edited chunk costs. `tokens`, if
    given, are the tokens of text (a parsed file's), so that it is not scanned again.
    `scanned`, if given instead, is `lexer.scan(text)`, lists it changes: the text is
    then formatted whole from it, remembering nothing (a text formatted once).
    """
    if scanned is not None:
        return format_scanned(text, *scanned, settle=True)
    return format_by_chunks(text, tokens)
