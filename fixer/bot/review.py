"""`fixer bot review`: fixes for the lines a pull request changed, as suggestion comments."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from unidiff import PatchSet

from fixer.apply import apply_edits
from fixer.bot.autofix import BotOptions
from fixer.bot.forge import ChangedFile, GitHub, ReviewComment
from fixer.bot.git import Git
from fixer.config import Settings
from fixer.discover import discover
from fixer.findings import Applicability, Finding, TextEdit
from fixer.session import Request, codemods_for, process_target


@dataclass(frozen=True)
class DiffLines:
    """Right-side lines of a file in a pull request: all lines in hunks, and added ones."""

    in_hunks: frozenset[int]
    added: frozenset[int]


@dataclass
class ReviewOutcome:
    """What review mode posted (or would post) and what it skipped as already posted."""

    posted: list[ReviewComment] = field(default_factory=list)
    already_posted: int = 0


def diff_lines(changed: ChangedFile) -> DiffLines:
    """Parse a file's patch (GitHub gives hunks without file headers) into line sets."""
    if not changed.patch:
        return DiffLines(frozenset(), frozenset())
    patch = PatchSet(f"--- a/{changed.filename}\n+++ b/{changed.filename}\n{changed.patch}\n")
    in_hunks: set[int] = set()
    added: set[int] = set()
    for patched_file in patch:
        for hunk in patched_file:
            in_hunks.update(range(hunk.target_start, hunk.target_start + hunk.target_length))
            added.update(line.target_line_no for line in hunk if line.is_added)
    return DiffLines(frozenset(in_hunks), frozenset(added))


def marker(finding: Finding) -> str:
    """A hidden tag identifying a finding, so that the same comment is never posted twice."""
    digest = hashlib.sha256(finding.message.encode()).hexdigest()[:12]
    return f"<!-- fixer-bot:review {finding.code} {finding.path}:{finding.span.start_line} {digest} -->"


def suggestion(finding: Finding, text: str, allowed: Applicability) -> ReviewComment | None:
    """A suggestion comment for a fix confined to one file and applicable here, else None."""
    fix = finding.fix
    if (
        fix is None
        or fix.applicability < allowed
        or fix.applicability == Applicability.DISPLAY_ONLY
    ):
        return None
    edits = fix.edits
    if fix.creations or not edits or {edit.path for edit in edits} != {finding.path}:
        return None
    first_line = text.count("\n", 0, min(edit.start for edit in edits)) + 1
    end = max(edit.end for edit in edits)
    last_line = text.count("\n", 0, end) + 1
    if end > min(edit.start for edit in edits) and (end == 0 or text[end - 1] == "\n"):
        last_line -= 1  # the edit ends at a line break: that next line is untouched
    last_line = max(last_line, first_line)
    lines = text.splitlines(keepends=True)
    prefix = "".join(lines[: first_line - 1])
    suffix = "".join(lines[last_line:])
    new_text = apply_edits(text, [TextEdit(e.path, e.start, e.end, e.content) for e in edits])
    replacement = new_text[len(prefix) : len(new_text) - len(suffix)]
    fence = "````" if "```" in replacement else "```"
    body = (
        f"**{finding.code}** {finding.message}\n\n{fence}suggestion\n{replacement}"
        f"{'' if replacement.endswith(chr(10)) or not replacement else chr(10)}{fence}\n"
        f"{marker(finding)}"
    )
    return ReviewComment(
        finding.path, last_line, body, first_line if first_line < last_line else None
    )


def plain_comment(finding: Finding, why: str) -> ReviewComment:
    body = f"**{finding.code}** {finding.message}\n\n{why}\n{marker(finding)}"
    return ReviewComment(finding.path, finding.span.start_line, body)


def review_comments(
    findings: list[Finding],
    texts: dict[str, str],
    lines: dict[str, DiffLines],
    allowed: Applicability,
) -> list[ReviewComment]:
    """Comments for findings on lines the pull request changed."""
    comments = []
    for finding in findings:
        diff = lines.get(finding.path)
        if diff is None or finding.path not in texts:
            continue
        comment = suggestion(finding, texts[finding.path], allowed)
        if comment is not None:
            span = range(comment.start_line or comment.line, comment.line + 1)
            if all(line in diff.in_hunks for line in span) and any(
                line in diff.added for line in span
            ):
                comments.append(comment)
                continue
        if finding.span.start_line in diff.added:
            why = _why_no_suggestion(finding, allowed)
            comments.append(plain_comment(finding, why))
    return comments


def _why_no_suggestion(finding: Finding, allowed: Applicability) -> str:
    if finding.fix is None or finding.fix.applicability == Applicability.DISPLAY_ONLY:
        return "fixer has no automatic fix for this; see `fixer explain " + finding.code + "`."
    if finding.fix.applicability < allowed:
        return "Its fix is unsafe: run `fixer fix --unsafe-fixes` locally to apply it."
    return "Its fix touches more than these lines or other files: run `fixer fix` locally."


def run_review(
    options: BotOptions, settings: Settings, forge: GitHub, number: int, dry_run: bool = False
) -> ReviewOutcome:
    pull = forge.get_pull(number)
    changed = forge.changed_files(number)
    lines = {c.filename: diff_lines(c) for c in changed if c.status != "removed"}
    git = Git(options.repo_dir, options.identity)
    head = git.fetch(options.remote, pull.head_ref)
    if head != pull.head_sha and git.rev(pull.head_sha) is None:
        raise ValueError(f"pull request head {pull.head_sha} is not in {options.remote}")
    allowed = Applicability.UNSAFE if settings.unsafe_fixes else Applicability.SAFE
    with git.worktree(pull.head_sha) as worktree:
        target = discover(worktree.directory, ".", settings.exclude)
        codes = tuple(cls.code for cls in codemods_for(settings))
        result = process_target(target, Request("check", settings, codes))
        texts = {rel: source.text for rel, source in target.files.items()}
    comments = review_comments(result.findings, texts, lines, allowed)
    existing = "\n".join(forge.review_comment_bodies(number))
    fresh = [c for c in comments if c.body.rsplit("\n", 1)[-1] not in existing]
    outcome = ReviewOutcome(posted=fresh, already_posted=len(comments) - len(fresh))
    if fresh and not dry_run:
        forge.post_review(number, pull.head_sha, fresh)
    return outcome
