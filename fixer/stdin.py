"""Reading one file from standard input, for editors: `fixer fix -`, `fixer fmt -`."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from fixer.discover import Target, discover
from fixer.model.files import SourceFile
from fixer.reports.model import FileError
from fixer.syntax.errors import HCLSyntaxError
from fixer.syntax.source import BOM, decode


@dataclass
class StdinTarget(Target):
    """A target whose selected file came from stdin; siblings come from disk if any."""

    stdin_bytes: bytes = b""


def stdin_target(data: bytes, filename: str, exclude: tuple[str, ...] = ()) -> StdinTarget:
    """A target holding stdin as `filename`; when the name has a directory part that
    exists, the rest of the file's project (`fixer.project_root`) is read from disk."""
    path = Path(filename)
    name = path.name
    parent = path.parent
    target = StdinTarget(parent, str(PurePosixPath(filename).parent), stdin_bytes=data)
    rel = name
    if parent.is_dir() and str(parent) not in ("", "."):
        project = discover(path, filename, exclude) if path.exists() else None
        if project is not None and project.selected:
            (rel,) = project.selected
            target = StdinTarget(project.root, project.display, stdin_bytes=data)
            target.files.update({r: s for r, s in project.files.items() if r != rel})
            target.paths = project.paths
            target.ignored = project.ignored
    target.selected = {rel}
    try:
        decoded = decode(data, filename)
    except HCLSyntaxError as error:
        target.errors.append(FileError(filename, error.line, error.column, error.message))
        return target
    target.files[rel] = SourceFile(rel, decoded.text, decoded.bom)
    return target


def format_stdin(data: bytes) -> int:
    """Write the formatted text of stdin to stdout, ending with a newline as `terraform
    fmt -` does; exit status 0, or 2 on a syntax error."""
    from fixer.syntax.canonical import format_preserving_newlines
    from fixer.syntax.parser import parse

    try:
        decoded = decode(data, "<stdin>")
        # The byte-order mark is whitespace to terraform fmt, which drops it.
        text = BOM + decoded.text if decoded.bom else decoded.text
        parse(text, "<stdin>")
        formatted = format_preserving_newlines(text)
    except HCLSyntaxError as error:
        sys.stderr.write(f"{error}\n")
        return 2
    if not formatted.endswith("\n"):
        formatted += "\n"  # as `terraform fmt -` does (a file keeps its missing newline)
    sys.stdout.buffer.write(formatted.encode("utf-8"))
    return 0
