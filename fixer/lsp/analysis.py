"""Running the codemods over a project root with the open buffers in place of their files."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from fixer.config import ConfigError, Settings, load_settings
from fixer.discover import excluded
from fixer.findings import Finding
from fixer.links import as_reported, unformatted, unwritable
from fixer.lsp.disk import DiskFiles
from fixer.lsp.incremental import BufferSource, IncrementalParser
from fixer.lsp.positions import PositionMap
from fixer.model.files import SourceFile, file_kind
from fixer.registry import CodemodClass, UnknownCodeError, select_codemods
from fixer.reports.model import FileError
from fixer.runner import run_codemods

_LANGUAGE_SUFFIXES = {"terraform": ".tf", "terraform-vars": ".tfvars", "hcl": ".tf"}


@dataclass(eq=False)
class Document:
    """An open editor buffer at one version; a change makes a new Document."""

    uri: str
    text: str
    version: int | None
    path: Path | None  # None when the URI is not a file (an untitled buffer)
    language_id: str = ""
    parser: IncrementalParser | None = field(default=None, repr=False)
    _sources: dict[str, SourceFile] = field(default_factory=dict, repr=False)

    @property
    def name(self) -> str:
        """The file name the engine knows the buffer by."""
        name = self.path.name if self.path is not None else PurePosixPath(self.uri).name
        if file_kind(name) == "other":
            name = (name or "untitled") + _LANGUAGE_SUFFIXES.get(self.language_id, "")
        return name

    def source(self, rel: str) -> SourceFile:
        """The buffer as a SourceFile (parsed once per version)."""
        if rel not in self._sources:
            bom = self.text.startswith("\ufeff")
            self._sources[rel] = BufferSource(rel, self.text[bom:], bom, parser=self.parser)
        return self._sources[rel]

    @property
    def is_hcl(self) -> bool:
        return file_kind(self.name) in ("tf", "tfvars", "tftest")


@dataclass(frozen=True)
class Problem:
    """Why a document could not be analysed (a syntax error, binary content), and where."""

    message: str
    offset: int


@dataclass
class Analysis:
    """One run over a root: what the codemods saw and found, per file (relative path)."""

    root: Path | None
    settings: Settings
    codemods: tuple[CodemodClass, ...]
    files: dict[str, SourceFile] = field(default_factory=dict)
    paths: frozenset[str] = frozenset()
    ignored: frozenset[str] = frozenset()  # present files that git ignores
    linked: frozenset[str] = frozenset()  # `fixer.links.unformatted`: FX001 skips them
    unwritable: dict[str, str] = field(default_factory=dict)  # path -> why no fix writes it
    documents: dict[str, Document] = field(default_factory=dict)
    findings: dict[str, list[Finding]] = field(default_factory=dict)
    problems: dict[str, Problem] = field(default_factory=dict)
    disk_errors: dict[str, FileError] = field(default_factory=dict)  # files not open
    log: list[str] = field(default_factory=list)
    _maps: dict[tuple[str, str], PositionMap] = field(default_factory=dict, repr=False)
    # What the editor offers for findings whose fix requires others' (see `offers`), by id.
    offers: dict[int, tuple[Any, str]] = field(default_factory=dict, repr=False)

    def rel(self, document: Document) -> str | None:
        """The document's path relative to the root (None when it lies outside)."""
        if self.root is None or document.path is None:
            return document.name if self.root is None else None
        try:
            return document.path.relative_to(self.root).as_posix()
        except ValueError:
            return None

    def codemod(self, code: str) -> CodemodClass | None:
        """The codemod of a finding's code (None for fixer's own FX000)."""
        return next((c for c in self.codemods if c.code == code), None)

    def path(self, rel: str) -> Path | None:
        return None if self.root is None else self.root / rel

    def positions(self, rel: str, encoding: str) -> PositionMap:
        """Positions in a file as the editor holds it: the open buffer, else the file."""
        key = (rel, encoding)
        if key not in self._maps:
            document = self.documents.get(rel)
            if document is not None:
                # The engine's offsets count a byte-order mark where it keeps one (an
                # HCL file's text starts with it) and not where it removed it.
                source = self.files.get(rel)
                if source is not None:
                    removed = source.bom
                else:
                    removed = file_kind(rel) not in ("tf", "tfvars", "tftest")
                shift = int(document.text.startswith("\ufeff") and removed)
                self._maps[key] = PositionMap(document.text, encoding, shift)
            else:
                self._maps[key] = PositionMap(self.files[rel].text, encoding)
        return self._maps[key]

    def is_current(self, documents: Sequence[Document]) -> bool:
        """Whether the run saw exactly these buffers (same versions)."""
        seen = {d.uri: d for d in self.documents.values()}
        return len(seen) == len(documents) and all(seen.get(d.uri) is d for d in documents)


def settings_for(root: Path | None, log: list[str]) -> tuple[Settings, tuple[CodemodClass, ...]]:
    """The configuration found upward from the root, and the codemods it selects."""
    settings = Settings()
    if root is not None:
        try:
            settings = load_settings(root)
        except ConfigError as error:
            log.append(f"{error}; using the defaults")
    try:
        return settings, select_codemods(settings.select, settings.ignore)
    except UnknownCodeError as error:
        log.append(f"{settings.source}: {error}; running every codemod")
        return settings, select_codemods()


def analyse(
    root: Path | None,
    documents: Sequence[Document],
    disk: DiskFiles,
) -> Analysis:
    """Check the root's files, each open document's buffer in place of its file.

    Files that do not parse are left out of the run, as in the CLI; for an open document
    that does not parse (or is binary), its problem is recorded and the file on disk, if
    it parses, stands in for it so the other files keep their context (its findings are
    not the document's). Excluded documents are not checked.
    """
    log: list[str] = []
    settings, codemods = settings_for(root, log)
    analysis = Analysis(root, settings, codemods, log=log)
    target = disk.read(root, settings.exclude) if root is not None else None
    paths: set[str] = set()
    if target is not None:
        analysis.files.update(target.files)
        paths = target.paths
        analysis.ignored = frozenset(target.ignored)
        analysis.disk_errors.update((e.path, e) for e in target.errors)
    for document in documents:
        rel = analysis.rel(document)
        if rel is None:
            continue
        analysis.documents[rel] = document
        if excluded(rel, settings.exclude):  # not checked, as in the CLI
            analysis.files.pop(rel, None)
            continue
        if not document.is_hcl:
            if rel in analysis.files:  # a README or script the codemods read
                analysis.files[rel] = document.source(rel)
            continue
        problem = _problem(document, rel)
        if problem is not None:
            analysis.problems[rel] = problem
            continue
        analysis.files[rel] = document.source(rel)
    for rel, source in analysis.files.items():
        if source.is_hcl and source.error is not None and rel not in analysis.documents:
            error = source.error
            analysis.disk_errors[rel] = FileError(rel, error.line, error.column, error.message)
    for rel in analysis.documents:
        analysis.disk_errors.pop(rel, None)  # the buffer, not the file, is what counts
    run = {rel: s for rel, s in analysis.files.items() if not (s.is_hcl and s.error)}
    analysis.files = run
    analysis.paths = frozenset(paths) | frozenset(run)
    found = target.linked if target is not None else {}
    linked = {rel: link for rel, link in found.items() if rel in run}
    analysis.linked = unformatted(linked)
    analysis.unwritable = unwritable(linked, str)
    errors: list[FileError] = []
    findings = run_codemods(
        run, codemods, settings, errors, analysis.paths, analysis.ignored, analysis.linked
    )
    findings = as_reported(findings, linked, analysis.unwritable)
    log.extend(error.message for error in errors)
    for finding in findings:
        if finding.path not in analysis.problems:  # those are about the file on disk
            analysis.findings.setdefault(finding.path, []).append(finding)
    return analysis


def _problem(document: Document, rel: str) -> Problem | None:
    source = document.source(rel)
    if "\0" in source.text:
        return Problem("Binary file (contains a NUL byte)", source.text.index("\0"))
    error = source.error
    if error is None:
        return None
    line = min(max(error.line, 1), len(source.lines.line_starts))
    offset = source.lines.offset(line, max(error.column, 1))
    return Problem(error.message, min(offset, len(source.text)))
