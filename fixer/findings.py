"""Findings and fixes as data: text edits, file creations, applicability, severity."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import IntEnum, StrEnum

from fixer.syntax.tokens import LineIndex


class Applicability(IntEnum):
    """How safe a fix is; ordered so that `>=` compares safety.

    SAFE: a plan after the fix replaces or destroys nothing and cuts no one's access.
    UNSAFE: anything else; applied only with `--unsafe-fixes`.
    DISPLAY_ONLY: shown as a suggestion, never applied.
    """

    DISPLAY_ONLY = 0
    UNSAFE = 1
    SAFE = 2

    @property
    def label(self) -> str:
        return {0: "display-only", 1: "unsafe", 2: "safe"}[self.value]


class Severity(StrEnum):
    """How much a finding matters."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True, slots=True)
class TextEdit:
    """Replace text[start:end] of the file at `path` with `content` (character offsets)."""

    path: str
    start: int
    end: int
    content: str = ""

    @classmethod
    def insertion(cls, path: str, at: int, content: str) -> TextEdit:
        return cls(path, at, at, content)

    @classmethod
    def deletion(cls, path: str, start: int, end: int) -> TextEdit:
        return cls(path, start, end, "")

    @classmethod
    def replacement(cls, path: str, start: int, end: int, content: str) -> TextEdit:
        return cls(path, start, end, content)

    def overlaps(self, other: TextEdit) -> bool:
        if self.path != other.path:
            return False
        if self.start == self.end == other.start == other.end:
            return True  # two insertions at one point: order would be ambiguous
        return self.start < other.end and other.start < self.end


@dataclass(frozen=True, slots=True)
class CreateFile:
    """Create a new file at `path` with `content`; fails if the file exists."""

    path: str
    content: str


Change = TextEdit | CreateFile


@dataclass(frozen=True, slots=True)
class Fix:
    """A set of changes that must be applied together, with a title and an applicability.

    `provides` names what the fix brings about (`s3-backend-partial:<module>`);
    `requires` names what another fix must bring about in the same run for this one to
    make sense (a README that describes the partial backend the other fix sets up).
    The engine applies a fix only when every requirement is provided: by a fix applied
    with it or before it (see `fixer.fixsets`).
    """

    title: str
    changes: tuple[Change, ...]
    applicability: Applicability
    provides: frozenset[str] = frozenset()
    requires: frozenset[str] = frozenset()

    @classmethod
    def safe(cls, title: str, *changes: Change) -> Fix:
        return cls(title, changes, Applicability.SAFE)

    @classmethod
    def unsafe(cls, title: str, *changes: Change) -> Fix:
        return cls(title, changes, Applicability.UNSAFE)

    @classmethod
    def display_only(cls, title: str, *changes: Change) -> Fix:
        return cls(title, changes, Applicability.DISPLAY_ONLY)

    @property
    def paths(self) -> set[str]:
        return {change.path for change in self.changes}

    @property
    def edits(self) -> list[TextEdit]:
        return [change for change in self.changes if isinstance(change, TextEdit)]

    @property
    def creations(self) -> list[CreateFile]:
        return [change for change in self.changes if isinstance(change, CreateFile)]


@dataclass(frozen=True, slots=True)
class Span:
    """A range in a file: character offsets plus 1-based lines and columns."""

    start: int
    end: int
    start_line: int
    start_column: int
    end_line: int
    end_column: int

    @classmethod
    def of(cls, lines: LineIndex, start: int, end: int) -> Span:
        """The span of text[start:end], with lines and columns from the file's line index."""
        first = lines.position(start)
        last = lines.position(end)
        return cls(start, end, first.line, first.column, last.line, last.column)


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem a codemod found, where, and optionally how to fix it."""

    code: str
    name: str
    message: str
    path: str
    span: Span
    severity: Severity = Severity.WARNING
    fix: Fix | None = None
    extra: dict[str, object] = field(default_factory=dict, compare=False, hash=False)

    @property
    def fixable(self) -> bool:
        return self.fix is not None and self.fix.applicability > Applicability.DISPLAY_ONLY

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.path, self.span.start_line, self.span.start_column, self.code)
