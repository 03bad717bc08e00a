"""The edits of one refactoring, gathered per file and turned into new file texts."""

from __future__ import annotations

import posixpath
from collections.abc import Mapping
from dataclasses import dataclass, field

from fixer.apply import apply_edits
from fixer.edits import append_paragraph, line_edits
from fixer.findings import Change, CreateFile, TextEdit
from fixer.model.files import SourceFile
from fixer.syntax.errors import HCLSyntaxError
from fixer.syntax.format import format_fragment, format_source


class RefactorError(Exception):
    """A refactoring the user asked for that cannot be made; `message` says why."""

    def __init__(self, message: str, path: str | None = None, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}: " if self.path and self.line else ""
        return where + self.message


@dataclass
class ChangeSet:
    """Edits on the original texts of a project's files, blocks to append, files to create.

    Every edit refers to the text the file had when the refactoring started, so edits
    gathered in any order apply together; two that overlap are a bug of the refactoring.
    """

    files: Mapping[str, SourceFile]
    edits: dict[str, list[TextEdit]] = field(default_factory=dict)
    appended: dict[str, list[str]] = field(default_factory=dict)  # rel -> top-level blocks
    notes: list[str] = field(default_factory=list)
    # False for an editor that cannot create files: new blocks go into existing ones.
    can_create: bool = True

    def add(self, *edits: TextEdit) -> None:
        for edit in edits:
            self.edits.setdefault(edit.path, []).append(edit)

    def replace(self, source: SourceFile, start: int, end: int, content: str) -> None:
        if source.text[start:end] != content:
            self.add(TextEdit(source.rel, start, end, content))

    def append_block(self, rel: str, text: str) -> None:
        """Append a top-level block (HCL source) to a file, creating it if needed."""
        self.appended.setdefault(rel, []).append(text.strip("\n") + "\n")

    def note(self, message: str) -> None:
        if message not in self.notes:
            self.notes.append(message)

    def source(self, rel: str) -> SourceFile | None:
        return self.files.get(rel)

    def newline_near(self, rel: str) -> str:
        """The line ending for a file created at rel: that of the Terraform files of its
        directory taken together ("\n" when there are none)."""
        directory = posixpath.dirname(rel)
        near = [
            f.text
            for path, f in self.files.items()
            if posixpath.dirname(path) == directory and path.endswith(".tf")
        ]
        return SourceFile(rel, "".join(near)).newline

    # ------------------------------------------------------------ results

    def texts(self) -> dict[str, str]:
        """The new text of every file that changes or is created.

        A file that was in `terraform fmt` style before stays so (the whole file is
        formatted, which touches only what the edits disturbed, such as alignment); a
        file that was not keeps its other lines as they were. Raises RefactorError if a
        result does not parse (which would be a bug of the refactoring).
        """
        out: dict[str, str] = {}
        for rel in sorted(set(self.edits) | set(self.appended)):
            source = self.files.get(rel)
            blocks = [format_source(block) for block in self.appended.get(rel, [])]
            if source is None:
                out[rel] = "\n".join(blocks).replace("\n", self.newline_near(rel))
                continue
            edits = list(self.edits.get(rel, []))
            if blocks:
                edits.append(_append_edit(source, edits, "\n".join(blocks)))
            try:
                text = apply_edits(source.text, edits, source.newline)
            except ValueError as error:
                raise RefactorError(f"internal error: {error} in {rel}") from None
            out[rel] = _normalized(source, text)
        for rel, text in out.items():
            checked = SourceFile(rel, text)
            if checked.is_hcl and checked.tree is None:
                raise RefactorError(
                    f"internal error: the result for {rel} does not parse ({checked.error})"
                )
        return out

    def raw_changes(self) -> list[Change]:
        """The edits as they are (on the original texts, nothing reformatted), appended
        blocks as one insertion per file or a file creation: for a codemod's Fix."""
        out: list[Change] = []
        for rel in sorted(set(self.edits) | set(self.appended)):
            edits = list(self.edits.get(rel, []))
            blocks = [format_source(block) for block in self.appended.get(rel, [])]
            source = self.files.get(rel)
            if source is None:
                out.append(CreateFile(rel, "\n".join(blocks).replace("\n", self.newline_near(rel))))
                continue
            if blocks:
                edits.append(_append_edit(source, edits, "\n".join(blocks)))
            out.extend(edits)
        return out

    def changes(self) -> list[Change]:
        """The result as changes: minimal line edits of changed files, and creations."""
        out: list[Change] = []
        for rel, text in self.texts().items():
            source = self.files.get(rel)
            if source is None:
                out.append(CreateFile(rel, text))
            elif text != source.text:
                out.extend(line_edits(source, text))
        return out


def _append_edit(source: SourceFile, edits: list[TextEdit], text: str) -> TextEdit:
    """An insertion of blocks at the end of a file, after a blank line."""
    edit = append_paragraph(source, text)
    end = len(source.text)
    for other in edits:
        if other.start == other.end == end:
            raise RefactorError(f"internal error: two insertions at the end of {source.rel}")
    return edit


def _normalized(source: SourceFile, text: str) -> str:
    """`text` formatted when the original file was canonical (and is HCL)."""
    if not source.is_hcl or source.tree is None:
        return text
    try:
        canonical = source.canonical == source.text
    except HCLSyntaxError:
        return text
    if not canonical:
        return text
    try:
        return SourceFile(source.rel, text, source.bom).canonical
    except HCLSyntaxError:
        return text


def block_text(text: str, level: int = 0) -> str:
    """HCL source of blocks formatted at an indentation level."""
    return format_fragment(text.strip("\n") + "\n", level)
