"""`# fixer:ignore CODE reason` comments: where they apply, which findings they silence, and
the rules about the comments themselves (FX000 invalid, FX100 unused)."""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass, field

from fixer.codemod import Codemod
from fixer.findings import Finding, Fix, Severity, Span, TextEdit
from fixer.model.files import SourceFile
from fixer.syntax import tokens as t
from fixer.syntax.canonical import format_preserving_newlines
from fixer.syntax.cst import Block, Body, Item
from fixer.syntax.errors import HCLSyntaxError

MARK = "fixer:"
# `fixer:ignore`, `fixer: ignore-file`; any other word starting with "ignore" is a misspelling.
_DIRECTIVE = re.compile(r"fixer:[ \t]*(?P<kind>ignore[\w-]*)")
_ENTRY = re.compile(r"[A-Za-z][A-Za-z0-9_-]*")
_SEPARATOR = re.compile(r"[ \t]*,[ \t]*")
_MARKER_ONLY = re.compile(r"[ \t]*(?:#|//|/\*)[ \t]*")  # a comment holding only the directive
KINDS = ("ignore", "ignore-file")
SCRIPT_HEAD_LINES = 5  # where `ignore-file` counts in files that are not HCL


class InvalidSuppression(Codemod):
    """
    ## What it does
    Reports `fixer:ignore` and `fixer:ignore-file` comments that fixer cannot use as written:
    a code or name that matches no rule (`--select` accepts the same codes, prefixes, names
    and `ALL`), a directive naming none, a misspelt directive (`fixer:ignore_file`), an
    `ignore-file` below the first block (or, in scripts and Markdown, below the fifth line),
    and an `ignore` outside any attribute or block.

    ## Why is this bad?
    The comment silences less than it says, or nothing: the finding it was written for is
    reported anyway, or a reader believes a reviewed exception exists where there is none.

    ## Example
    ```hcl
    # fixer: ignore-file unformated
    ```

    Use instead:
    ```hcl
    # fixer: ignore-file unformatted
    ```

    ## Fix safety
    No fix, safe or unsafe: which rule was meant is for the author to say.
    """

    code = "FX000"
    name = "invalid-suppression"
    summary = "Suppression comment that fixer cannot use as written"
    severity = Severity.WARNING
    fix_availability = "none"
    fix_safety = "none"


class UnusedSuppression(Codemod):
    """
    ## What it does
    Reports a `fixer:ignore` or `fixer:ignore-file` comment, or one code of it, that silences
    no finding: the code was fixed, or the comment moved away from what it was about. Only
    codes of rules that ran are judged. Off unless selected by its code or name
    (`--extend-select FX100`), like ruff's RUF100: `ALL` and prefixes do not turn it on.

    ## Why is this bad?
    A stale suppression silences the next real finding at that place without anyone
    deciding so, and tells readers about an exception that no longer exists.

    ## Example
    ```hcl
    # fixer:ignore FX006 the legacy app cannot take other special characters
    resource "random_password" "db" {
      length           = 24
      override_special = "!#$%&*()-_=+[]{}<>:?"
    }
    ```

    Use instead:
    ```hcl
    resource "random_password" "db" {
      length           = 24
      override_special = "!#$%&*()-_=+[]{}<>:?"
    }
    ```

    ## Fix safety
    Safe: only a comment changes. The fix removes the codes that silence nothing from the
    comment, or the whole comment (and its line, when it has one of its own) when none of
    its codes silences anything; a file in `terraform fmt` style stays so. A comment that
    also holds other text than the directive is left for the author to edit.
    """

    code = "FX100"
    name = "unused-suppression"
    summary = "Suppression comment that silences nothing"
    severity = Severity.WARNING
    fix_availability = "sometimes"
    fix_safety = "safe"
    explicit_only = True  # selected only by its code or name, never by ALL or a prefix


@dataclass(frozen=True, slots=True)
class Suppression:
    """Codes silenced in source[start:end] of one file (the whole file for ignore-file).

    `entries` are the codes, prefixes or names as written and `entry_codes` the rule codes
    each stands for; `unknown` lists the entries matching no rule. A directive with a
    `problem` (misspelt, naming nothing, misplaced) silences nothing.
    """

    path: str
    codes: frozenset[str]
    start: int
    end: int
    comment_start: int
    comment_end: int
    kind: str = "ignore"
    entries: tuple[str, ...] = ()
    entry_codes: tuple[frozenset[str], ...] = ()
    unknown: tuple[str, ...] = ()
    problem: str = ""
    silenced: set[str] = field(default_factory=set, compare=False, hash=False)
    entries_start: int = 0  # where the entries are written, for fixes
    entries_end: int = 0
    comment: tuple[int, int] | None = None  # a comment holding only the directive

    def covers(self, finding: Finding) -> bool:
        return (
            finding.path == self.path
            and finding.code in self.codes
            and self.start <= finding.span.start < max(self.end, self.start + 1)
        )


@dataclass(frozen=True, slots=True)
class _Directive:
    kind: str
    entries: tuple[str, ...]
    start: int  # of "fixer:" in the text searched
    end: int  # after the last entry
    problem: str
    entries_start: int = 0
    alone: bool = False  # nothing but a comment marker before "fixer:"


def _parse(text: str) -> _Directive | None:
    """The directive in a comment (or a script line), if it has one."""
    match = _DIRECTIVE.search(text)
    if match is None:
        return None
    kind = match["kind"]
    if kind not in KINDS:
        expected = "ignore-file" if "file" in kind else "ignore"
        return _Directive(
            kind, (), match.start(), match.end(), f"unknown directive `{kind}` (`{expected}`?)"
        )
    entries: list[str] = []
    at = match.end()
    gap = re.compile(r"[ \t]+").match(text, at)
    entry = _ENTRY.match(text, gap.end()) if gap else None
    entries_start = entry.start() if entry else at
    while entry is not None:
        entries.append(entry[0])
        at = entry.end()
        separator = _SEPARATOR.match(text, at)
        entry = _ENTRY.match(text, separator.end()) if separator else None
    problem = "" if entries else f"`{kind}` names no code (`fixer:{kind} CODE reason`)"
    alone = _MARKER_ONLY.fullmatch(text, 0, match.start()) is not None
    return _Directive(kind, tuple(entries), match.start(), at, problem, entries_start, alone)


def _suppression(
    source: SourceFile,
    directive: _Directive,
    offset: int,
    covered: tuple[int, int] | None,
    comment_end: int | None = None,
) -> Suppression:
    """The suppression of a directive found at `offset`, covering `covered` (None: it is
    misplaced; the problem says why)."""
    from fixer.registry import resolve_pattern

    entry_codes = tuple(resolve_pattern(entry) for entry in directive.entries)
    unknown = tuple(e for e, codes in zip(directive.entries, entry_codes, strict=True) if not codes)
    problem = directive.problem
    if not problem and covered is None:
        problem = (
            "`ignore-file` counts only above the first block"
            if directive.kind == "ignore-file" and source.kind != "other"
            else f"`ignore-file` counts only in the first {SCRIPT_HEAD_LINES} lines"
            if directive.kind == "ignore-file"
            else "`ignore` here covers no attribute or block"
        )
    start, end = covered or (offset, offset)
    codes = frozenset().union(*entry_codes) if not problem else frozenset()
    return Suppression(
        path=source.rel,
        codes=codes,
        start=start,
        end=end,
        comment_start=offset + directive.start,
        comment_end=offset + directive.end,
        kind=directive.kind,
        entries=directive.entries,
        entry_codes=entry_codes,
        unknown=unknown,
        problem=problem,
        entries_start=offset + directive.entries_start,
        entries_end=offset + directive.end,
        comment=(offset, comment_end) if directive.alone and comment_end is not None else None,
    )


def suppressions_in(source: SourceFile) -> list[Suppression]:
    """Every suppression comment of a file, with the range it covers (misplaced and
    malformed ones too: they cover nothing and say why)."""
    if MARK not in source.text:
        return []
    if source.tree is None:
        return list(_line_suppressions(source))
    found: list[Suppression] = []
    tree = source.tree
    first_item_start = tree.body.items[0].start if tree.body.items else len(tree.text)
    owners = _item_comment_owners(tree.body)
    blocks = list(_blocks(tree.body))
    for token in tree.tokens:
        if token.kind != t.COMMENT or MARK not in token.text:
            continue
        directive = _parse(token.text)
        if directive is None:
            continue
        if directive.kind == "ignore-file":
            whole = (0, len(tree.text)) if token.start < first_item_start else None
            found.append(_suppression(source, directive, token.start, whole, token.end))
            continue
        owner = owners.get(token.start) or _enclosing_block(blocks, token.start)
        found.append(_suppression(source, directive, token.start, owner, token.end))
    return found


def _item_comment_owners(body: Body) -> dict[int, tuple[int, int]]:
    """Map each lead or line comment's start to the full range of its attribute or block."""
    owners: dict[int, tuple[int, int]] = {}
    for item in _items(body):
        for comment in item.lead_comments:
            owners[comment.start] = (item.full_start, item.full_end)
        if item.line_comment is not None:
            owners[item.line_comment.start] = (item.full_start, item.full_end)
    return owners


def _items(body: Body) -> Iterator[Item]:
    """Every item of the body and of the blocks in it, each block before its items
    (iterative: nested blocks may be deep)."""
    stack = [iter(body.items)]
    while stack:
        item = next(stack[-1], None)
        if item is None:
            stack.pop()
            continue
        yield item
        if isinstance(item, Block):
            stack.append(iter(item.body.items))


def _blocks(body: Body) -> Iterator[Block]:
    return (item for item in _items(body) if isinstance(item, Block))


def _enclosing_block(blocks: list[Block], offset: int) -> tuple[int, int] | None:
    """The full range of the innermost block whose braces enclose offset."""
    best: Block | None = None
    for block in blocks:
        if block.open_brace.start < offset < block.close_brace.end and (
            best is None or block.open_brace.start > best.open_brace.start
        ):
            best = block
    return None if best is None else (best.full_start, best.full_end)


def _line_suppressions(source: SourceFile) -> Iterator[Suppression]:
    """For files that are not HCL: a directive covers its own line and the next one."""
    lines = source.text.splitlines(keepends=True)
    offset = 0
    for number, line in enumerate(lines):
        directive = _parse(line) if MARK in line else None
        if directive is not None:
            end = offset + len(line.rstrip("\r\n"))
            if directive.kind == "ignore-file":
                whole = (0, len(source.text)) if number < SCRIPT_HEAD_LINES else None
                yield _suppression(source, directive, offset, whole, end)
            else:
                following = len(lines[number + 1]) if number + 1 < len(lines) else 0
                covered = (offset, offset + len(line) + following)
                yield _suppression(source, directive, offset, covered, end)
        offset += len(line)


def apply_suppressions(
    findings: Iterable[Finding], suppressions: Collection[Suppression]
) -> list[Finding]:
    """The findings no suppression covers; each suppression notes the codes it silenced."""
    if not suppressions:
        return list(findings)
    kept = []
    for finding in findings:
        covering = [s for s in suppressions if s.covers(finding)]
        for suppression in covering:
            suppression.silenced.add(finding.code)
        if not covering:
            kept.append(finding)
    return kept


def suppression_findings(
    files: Mapping[str, SourceFile],
    suppressions: Iterable[Suppression],
    ran: Collection[str],
    invalid: bool,
    unused: bool,
) -> list[Finding]:
    """FX000 findings (when `invalid`) for suppressions fixer cannot use, and FX100 findings
    (when `unused`) for entries whose codes, among the rules that `ran`, silenced nothing."""
    out = []
    for suppression in suppressions:
        source = files[suppression.path]
        span = Span.of(source.lines, suppression.comment_start, suppression.comment_end)
        if invalid and (suppression.problem or suppression.unknown):
            problems = [suppression.problem] if suppression.problem else []
            if suppression.unknown:
                names = ", ".join(suppression.unknown)
                problems.append(f"names no known code or name: {names}")
            message = f"Suppression {'; '.join(problems)}"
            out.append(_finding(InvalidSuppression, message, suppression.path, span))
        if not unused or suppression.problem:
            continue
        stale = [
            entry
            for entry, codes in zip(suppression.entries, suppression.entry_codes, strict=True)
            if codes & set(ran) and not codes & suppression.silenced
        ]
        if not stale:
            continue
        judged = [e for e, c in zip(suppression.entries, suppression.entry_codes, strict=True) if c]
        what = "Unused suppression" if len(stale) == len(judged) else "Unused code in suppression"
        message = f"{what}: {', '.join(stale)} silences nothing here"
        fix = _removal(source, suppression, stale)
        out.append(_finding(UnusedSuppression, message, suppression.path, span, fix))
    return out


def _finding(
    rule: type[Codemod], message: str, path: str, span: Span, fix: Fix | None = None
) -> Finding:
    return Finding(rule.code, rule.name, message, path, span, rule.severity, fix)


def _removal(source: SourceFile, suppression: Suppression, stale: list[str]) -> Fix | None:
    """A safe fix removing the stale entries, or the whole comment when all its entries are
    stale and it holds nothing else (its own line goes too); a file that was canonical is
    formatted again (a comment line removed joins two runs of aligned attributes)."""
    text = source.text
    kept = [entry for entry in suppression.entries if entry not in stale]
    if kept:
        start, end = suppression.entries_start, suppression.entries_end
        new = text[:start] + ", ".join(kept) + text[end:]
        title = f"Remove {', '.join(stale)} from the suppression"
    elif suppression.comment is not None:
        start, end = suppression.comment
        line_start = text.rfind("\n", 0, start) + 1
        line_end = text.find("\n", end)
        line_end = len(text) if line_end < 0 else line_end + 1
        if not text[line_start:start].strip() and not text[end:line_end].strip():
            start, end = line_start, line_end  # the comment's own line
        else:
            while start > line_start and text[start - 1] in " \t":
                start -= 1
        new = text[:start] + text[end:]
        title = "Remove the unused suppression"
    else:
        return None
    if source.is_hcl:
        try:
            if source.canonical == text:
                new = format_preserving_newlines(new)
        except HCLSyntaxError:
            return None
    prefix = 0
    limit = min(len(text), len(new))
    while prefix < limit and text[prefix] == new[prefix]:
        prefix += 1
    suffix = 0
    while suffix < limit - prefix and text[-1 - suffix] == new[-1 - suffix]:
        suffix += 1
    edit = TextEdit(source.rel, prefix, len(text) - suffix, new[prefix : len(new) - suffix])
    return Fix.safe(title, edit)
