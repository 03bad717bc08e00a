"""The data a report renders: findings, input errors, fix counts, rules and source texts."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from fixer.findings import Applicability, Finding, Severity, Span

MODES = ("check", "fix", "dry-run")


@dataclass(frozen=True, slots=True)
class FileError:
    """An input problem (syntax error, unreadable file); line and column 0 mean unknown."""

    path: str
    line: int
    column: int
    message: str

    @property
    def has_position(self) -> bool:
        return self.line >= 1


@dataclass(frozen=True, slots=True)
class AppliedFix:
    """A fix a run applied (or, in a dry run, would apply), located in the original texts.

    span: the finding it fixes, in its file as it was before the run (None when that
        file is one the run creates).
    edited: (path, start, end) of each original text range the fix changes, widened to
        whole ranges of earlier fixes it rewrites; created: the files it creates.
    diff: the hunks of the run's diff that the fix changes (a hunk several fixes change
        belongs to each), "" until the diff is made.
    """

    code: str
    name: str
    title: str
    applicability: Applicability
    path: str
    message: str
    span: Span | None
    edited: tuple[tuple[str, int, int], ...] = ()
    created: tuple[str, ...] = ()
    diff: str = ""

    @property
    def label(self) -> str:
        """`FX001 unformatted (safe)`: what a diff hunk of this fix is annotated with."""
        return f"{self.code} {self.name} ({self.applicability.label})"


@dataclass(frozen=True, slots=True)
class FixRef:
    """Which fix resolved a finding: its codemod, title, safety and its own finding's file."""

    code: str
    name: str
    title: str
    applicability: Applicability
    path: str

    @property
    def label(self) -> str:
        return f"{self.code} {self.name} ({self.applicability.label})"


@dataclass(frozen=True, slots=True)
class ResolvedFinding:
    """A finding of the run that another codemod's fix resolved (its own fix, if it has one,
    was not applied): located in its file as it was before the run, without its fix;
    `by` are the fixes applied in the pass after which it was gone, nearest first."""

    finding: Finding
    by: tuple[FixRef, ...]


@dataclass(frozen=True, slots=True)
class RuleInfo:
    """What a report says about a rule: code, kebab-case name, summary, docs link."""

    code: str
    name: str
    summary: str
    help_uri: str  # "" when there is none
    severity: Severity
    fix_availability: str  # "always", "sometimes", "none", or "" when unknown
    fix_safety: str = ""  # "safe", "unsafe", "safe or unsafe", "none", or "" when unknown


@dataclass(frozen=True, slots=True)
class Report:
    """The outcome of one run, as the report formats need it.

    findings: what is still there after the run, sorted (every finding in "check" mode;
        those left after fixing in "fix" and "dry-run" modes).
    errors: input problems, in the order to show them.
    fixed: fixes applied ("fix") or that would be applied ("dry-run"); 0 in "check".
    unsafe_held_back: findings fixable only with --unsafe-fixes, which were not fixed.
    mode: "check", "fix" or "dry-run".
    rules: the rules that ran, by code.
    texts: the text of each file as the positions refer to it, by path: the file on disk
        (as it was in "check" and "dry-run", as written in "fix"); not needed for creations.
    fixes: the fixes applied (or that would be), each with its part of the diff.
    fixed_by_code: `fixed`, per code of the findings fixed.
    diff: the whole diff of the run ("" in "check").
    after: the text of each file the run changes (or would), after it.
    unsafe_fixes: whether the run allowed unsafe fixes (--unsafe-fixes).
    resolved: findings the run found that other codemods' fixes resolved (counted in
        `fixed`), located in the files as they were before the run.
    notes: what text output prints on stderr beside the report (skipped files, fixes held
        back and why), neither findings nor errors.
    """

    findings: Sequence[Finding]
    errors: Sequence[FileError] = ()
    fixed: int = 0
    unsafe_held_back: int = 0
    mode: str = "check"
    rules: Mapping[str, RuleInfo] = field(default_factory=dict)
    texts: Mapping[str, str] = field(default_factory=dict)
    fixes: Sequence[AppliedFix] = ()
    fixed_by_code: Mapping[str, int] = field(default_factory=dict)
    diff: str = ""
    after: Mapping[str, str] = field(default_factory=dict)
    unsafe_fixes: bool = False  # the run allowed unsafe fixes
    resolved: Sequence[ResolvedFinding] = ()
    notes: Sequence[str] = ()

    def __post_init__(self) -> None:
        if self.mode not in MODES:
            raise ValueError(f"unknown mode {self.mode!r}; expected one of {', '.join(MODES)}")

    @property
    def total(self) -> int:
        """Findings the run found: those fixed plus those remaining."""
        return self.fixed + len(self.findings)

    @property
    def fixable(self) -> int:
        """Remaining findings with a fix applicable without --unsafe-fixes."""
        return sum(1 for finding in self.findings if is_safe_fixable(finding))


def is_safe_fixable(finding: Finding) -> bool:
    return finding.fix is not None and finding.fix.applicability == Applicability.SAFE


def is_unsafe_fixable(finding: Finding) -> bool:
    return finding.fix is not None and finding.fix.applicability == Applicability.UNSAFE
