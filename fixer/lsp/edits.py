"""Fixes as LSP workspace edits, within what the client says it can apply."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

from lsprotocol import types
from pygls.uris import from_fs_path

from fixer.apply import edit_content
from fixer.findings import Change, CreateFile, TextEdit
from fixer.lsp.analysis import Analysis
from fixer.lsp.textdiff import line_edits


@dataclass(frozen=True)
class EditSupport:
    """What the client can apply: versioned `documentChanges`, file creation, and
    edits the server sends (`workspace/applyEdit`)."""

    document_changes: bool = False
    create_files: bool = False
    apply_edit: bool = False

    @classmethod
    def of(cls, capabilities: types.ClientCapabilities | None) -> EditSupport:
        workspace = capabilities.workspace if capabilities else None
        edit = workspace.workspace_edit if workspace else None
        apply_edit = bool(workspace.apply_edit) if workspace else False
        if edit is None:
            return cls(apply_edit=apply_edit)
        operations = edit.resource_operations or []
        return cls(
            bool(edit.document_changes),
            bool(edit.document_changes) and types.ResourceOperationKind.Create in operations,
            apply_edit,
        )


class Unsupported(Exception):
    """A change the client cannot apply; the message says why."""


class NeedsServer(Unsupported):
    """A change creating files the client cannot create: the server applies it instead
    (a command that writes the new files and sends the rest as `workspace/applyEdit`)."""


def workspace_edit(
    analysis: Analysis,
    changes: Iterable[Change],
    support: EditSupport,
    encoding: str,
) -> types.WorkspaceEdit:
    """One edit applying every change together; raises Unsupported when the client cannot.

    Text edits keep the file's line endings (CRLF files get CRLF). With
    `documentChanges`, files that fixes create come first, then the edits of every file,
    each against the version of the buffer (or the file on disk) that the analysis saw;
    without it, the edits of every file go in `changes` (a map of URI to edits, which
    every client applies), and a change creating a file raises NeedsServer.
    """
    per_file: dict[str, list[TextEdit]] = {}
    created: list[CreateFile] = []
    for change in changes:
        if isinstance(change, CreateFile):
            created.append(change)
        else:
            per_file.setdefault(change.path, []).append(change)
    if analysis.root is None and created:
        raise Unsupported("the document is not a file on disk")
    if created and not support.create_files:
        raise NeedsServer(
            "the fix creates a file, which needs workspace.workspaceEdit.documentChanges "
            "and resourceOperations including 'create'"
        )
    broken = sorted(set(per_file) & set(analysis.problems))
    if broken:
        raise Unsupported(f"the fix edits {', '.join(broken)}, whose buffer does not parse")
    text_edits = {
        rel: _lsp_edits(analysis, rel, edits, encoding) for rel, edits in per_file.items()
    }
    if not support.document_changes:
        return types.WorkspaceEdit(
            changes={file_uri(analysis, r): e for r, e in text_edits.items()}
        )
    document_changes: list[types.TextDocumentEdit | types.CreateFile] = []
    for creation in created:
        uri = file_uri(analysis, creation.path)
        document_changes.append(
            types.CreateFile(
                uri=uri, options=types.CreateFileOptions(overwrite=False, ignore_if_exists=False)
            )
        )
        start = types.Position(line=0, character=0)
        document_changes.append(
            document_edit(uri, None, [types.TextEdit(types.Range(start, start), creation.content)])
        )
    for rel, edits in text_edits.items():
        document = analysis.documents.get(rel)
        version = document.version if document is not None else None
        document_changes.append(document_edit(file_uri(analysis, rel), version, edits))
    return types.WorkspaceEdit(document_changes=document_changes)


def text_changes(analysis: Analysis, texts: dict[str, str], created: set[str]) -> list[Change]:
    """Minimal changes turning the analysed files into `texts` (new files: `created`)."""
    out: list[Change] = []
    for rel in sorted(texts):
        if rel in created:
            out.append(CreateFile(rel, texts[rel]))
        else:
            out.extend(line_edits(rel, analysis.files[rel].text, texts[rel]))
    return out


def _lsp_edits(
    analysis: Analysis, rel: str, edits: list[TextEdit], encoding: str
) -> list[types.TextEdit]:
    positions = analysis.positions(rel, encoding)
    source = analysis.files[rel]
    ordered = sorted(edits, key=lambda e: (e.start, e.end))
    fitted = [replace(e, content=edit_content(source.text, e, source.newline)) for e in ordered]
    return [
        types.TextEdit(positions.range(e.start, e.end), e.content)
        for e in _anchored(source.text, fitted)
    ]


def _anchored(text: str, edits: list[TextEdit]) -> list[TextEdit]:
    """An insertion at the very end of a text that ends with a newline starts on a line
    past the last one; some clients (Neovim 0.10+) then add an empty line. Such an
    insertion becomes a replacement of the last line, which every client applies alike."""
    if not edits or not text.endswith(("\n", "\r")):
        return edits
    last = edits[-1]
    if not (last.start == last.end == len(text)):
        return edits
    start = max(text.rfind("\n", 0, len(text) - 1), text.rfind("\r", 0, len(text) - 1)) + 1
    if len(edits) > 1 and edits[-2].end > start:
        return edits
    anchored = TextEdit(last.path, start, last.end, text[start:] + last.content)
    return [*edits[:-1], anchored]


def document_edit(
    uri: str, version: int | None, edits: list[types.TextEdit]
) -> types.TextDocumentEdit:
    """The edits of one document, at its version (None: a file the client has not open)."""
    return types.TextDocumentEdit(
        text_document=types.OptionalVersionedTextDocumentIdentifier(uri=uri, version=version),
        edits=list(edits),
    )


def file_uri(analysis: Analysis, rel: str) -> str:
    """The URI of a file of the analysis: its open document's, else its path's."""
    document = analysis.documents.get(rel)
    if document is not None:
        return document.uri
    path = analysis.path(rel)
    assert path is not None
    return from_fs_path(str(path)) or path.as_uri()
