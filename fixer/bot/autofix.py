"""`fixer bot`: fix a base branch in a clean worktree and keep one pull request up to date."""

from __future__ import annotations

import logging
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from fixer.bot.body import CodemodCommit, HeldBack, Plan, body, closing_comment, title
from fixer.bot.git import Git, Identity
from fixer.config import Settings
from fixer.diff import diff_stats
from fixer.discover import discover
from fixer.findings import Applicability
from fixer.registry import CodemodClass
from fixer.session import Request, TargetResult, codemods_for, process_target
from fixer.writer import write_atomic

if TYPE_CHECKING:
    from fixer.bot.forge import GitHub, PullRequest

log = logging.getLogger("fixer.bot")

FOREIGN_MARKER = "<!-- fixer-bot:foreign-commits -->"
CLOSED_MARKER = "<!-- fixer-bot:nothing-left -->"
FORMATTER_CODE = "FX001"


@dataclass(frozen=True)
class BotOptions:
    """How the bot runs: where, against what, and as whom."""

    repo_dir: Path
    base: str | None = None
    remote: str = "origin"
    branch_prefix: str = "fixer/autofix/"
    identity: Identity = field(default_factory=Identity)
    rerun_hint: str = "run the fixer workflow again (Actions tab, *Run workflow*)."

    def branch(self, base: str) -> str:
        return f"{self.branch_prefix}{base}"


@dataclass
class Outcome:
    """What the bot did, for its log and for tests."""

    action: str  # "opened", "updated", "unchanged", "closed", "nothing", "foreign", "dry-run"
    plan: Plan | None = None
    pull: PullRequest | None = None
    messages: list[str] = field(default_factory=list)


def ordered_codemods(settings: Settings) -> list[CodemodClass]:
    """Selected codemods, the formatter last so that it tidies after the others."""
    selected = list(codemods_for(settings))
    return sorted(selected, key=lambda cls: (cls.code == FORMATTER_CODE, cls.code))


def make_plan(worktree: Git, settings: Settings, base: str, branch: str) -> Plan:
    """Fix the worktree one codemod at a time, one commit each; collect what is left.

    Every codemod is checked before and after each commit, so a commit also names the
    findings of other codemods it resolves (FX012's README rewrite documents the backend,
    which resolves FX013's finding too)."""
    plan = Plan(base=base, branch=branch, unsafe=settings.unsafe_fixes)
    start = worktree.rev("HEAD")
    codes = tuple(cls.code for cls in codemods_for(settings))
    remaining = _check(worktree, settings, codes)
    for cls in ordered_codemods(settings):
        target = discover(worktree.directory, ".", settings.exclude)
        result = process_target(target, Request("fix", settings, (cls.code,)))
        fixes = result.fixed.get(cls.code, 0)
        if not result.writes or not fixes:
            continue
        for path, (data, _new) in result.writes.items():
            write_atomic(worktree.directory / path, data)
        safety = "unsafe" if result.fixed_unsafe.get(cls.code) else "safe"
        commit = CodemodCommit(cls.code, cls.name, safety, fixes, tuple(sorted(result.writes)))
        sha = worktree.commit_all(commit.message)
        if sha is None:
            continue
        after = _check(worktree, settings, codes)
        before_counts = Counter(f.code for f in remaining.findings)
        after_counts = Counter(f.code for f in after.findings)
        also = tuple(
            sorted(
                (code, before_counts[code] - after_counts[code])
                for code in before_counts
                if code != cls.code and before_counts[code] > after_counts[code]
            )
        )
        remaining = after
        plan.commits.append(replace(commit, sha=sha, also_fixed=also))
    for finding in remaining.findings:
        if finding.fix is None:
            continue
        reason = (
            "needs --unsafe-fixes"
            if finding.fix.applicability == Applicability.UNSAFE
            else "suggestion only"
        )
        plan.held_back.append(
            HeldBack(finding.code, finding.path, finding.span.start_line, finding.message, reason)
        )
    if plan.commits and start is not None:
        plan.diff = worktree.diff(start, "HEAD")
        plan.stats = diff_stats(plan.diff)
    return plan


def _check(worktree: Git, settings: Settings, codes: tuple[str, ...]) -> TargetResult:
    target = discover(worktree.directory, ".", settings.exclude)
    return process_target(target, Request("check", settings, codes))


def run_bot(options: BotOptions, settings: Settings, forge: GitHub | None) -> Outcome:
    """One run. With forge None (dry run) nothing is fetched, pushed or sent."""
    git = Git(options.repo_dir, options.identity)
    base = options.base or git.current_branch()
    branch = options.branch(base)
    dry_run = forge is None
    if dry_run:
        start = git.rev(f"refs/remotes/{options.remote}/{base}") or git.rev(base)
        remote_sha = None
    else:
        start = git.fetch(options.remote, base)
        remote_sha = git.fetch(options.remote, branch)
    if start is None:
        raise ValueError(f"base branch {base!r} not found")
    with git.worktree(start) as worktree:
        plan = make_plan(worktree, settings, base, branch)
        if dry_run:
            return Outcome("dry-run", plan)
        assert forge is not None
        return _sync(options, forge, worktree, plan, remote_sha)


def _sync(
    options: BotOptions, forge: GitHub, worktree: Git, plan: Plan, remote_sha: str | None
) -> Outcome:
    branch = plan.branch
    pull = forge.open_pull_for(branch)
    foreign: list[str] = []
    if remote_sha is not None:
        foreign = [
            sha
            for sha, author, committer in worktree.authors(
                f"refs/remotes/{options.remote}/{plan.base}..{remote_sha}"
            )
            if options.identity.email not in (author, committer)
        ]
    if not plan.commits:
        if pull is not None:
            forge.comment(
                pull.number,
                closing_comment(plan, CLOSED_MARKER, _closing_reason(plan, branch, foreign)),
            )
            forge.close_pull(pull.number)
        if remote_sha is not None and not foreign:  # never delete what a person pushed
            worktree.delete_remote_branch(options.remote, branch)
        return Outcome("closed" if pull else "nothing", plan, pull)
    if foreign:
        return _leave_alone(forge, pull, branch, foreign)
    same_tree = remote_sha is not None and worktree.tree("HEAD") == worktree.tree(remote_sha)
    same_base = remote_sha is not None and _based_on(worktree, remote_sha, plan, options)
    if not (same_tree and same_base):
        worktree.push(options.remote, branch, remote_sha)
    new_title, new_body = title(plan), body(plan, options.rerun_hint)
    if pull is None:
        pull = forge.create_pull(plan.base, branch, new_title, new_body)
        return Outcome("opened", plan, pull)
    if same_tree and same_base:
        if (pull.title, pull.body) != (new_title, new_body):
            forge.update_pull(pull.number, new_title, new_body)
        return Outcome("unchanged", plan, pull)
    forge.update_pull(pull.number, new_title, new_body)
    return Outcome("updated", plan, pull)


def _closing_reason(plan: Plan, branch: str, foreign: list[str]) -> str:
    what = "Nothing safe is left" if plan.held_back and not plan.unsafe else "Nothing is left"
    if plan.held_back and plan.unsafe:
        what = "Nothing the bot can fix is left"
    reason = f"{what} to fix on `{plan.base}`: closing this pull request."
    if foreign:
        reason += (
            f" Someone else pushed to `{branch}` "
            f"({', '.join(sha[:8] for sha in foreign)}): the branch is kept as it is."
        )
    return reason


def _based_on(worktree: Git, remote_sha: str, plan: Plan, options: BotOptions) -> bool:
    """Whether the pushed branch already sits on the current base (no rebase needed)."""
    base_sha = worktree.rev(f"refs/remotes/{options.remote}/{plan.base}")
    done = worktree.run("rev-list", "--count", f"{remote_sha}..{base_sha}")
    return done.strip() == "0"


def _leave_alone(
    forge: GitHub, pull: PullRequest | None, branch: str, foreign: list[str]
) -> Outcome:
    message = (
        f"{FOREIGN_MARKER}\nSomeone else pushed to `{branch}` "
        f"({', '.join(sha[:8] for sha in foreign)}), so fixer leaves this branch alone. "
        "Delete the branch (or close this pull request and delete it) to let the bot "
        "start over."
    )
    if pull is not None and not any(FOREIGN_MARKER in c for c in forge.comments(pull.number)):
        forge.comment(pull.number, message)
    log.warning("someone else pushed to %s; leaving it alone", branch)
    return Outcome("foreign", None, pull, [message])
