"""`fixer bot --repos FILE --dry-run`: preview a campaign's pull requests over many checkouts."""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path


class CampaignError(ValueError):
    """The repository list cannot be used; the message says why."""


@dataclass(frozen=True)
class Options:
    """The bot's options shared by every repository of the campaign."""

    select: str | None = None
    ignore: str | None = None
    unsafe_fixes: bool = False
    base: str | None = None
    branch_prefix: str = "fixer/autofix/"


@dataclass
class Preview:
    """What the bot would push and open for one repository, or why it cannot tell."""

    repo: Path
    branch: str = ""
    title: str = ""
    commits: list[str] = field(default_factory=list)
    files: int = 0
    fixes: int = 0
    held_back: int = 0
    stats: str = ""
    error: str | None = None


def read_repos(file: Path) -> list[Path]:
    """The checkouts listed in a file: one path a line (relative to the file), `#` comments."""
    try:
        lines = file.read_text().splitlines()
    except (OSError, UnicodeDecodeError) as error:
        raise CampaignError(f"cannot read {file}: {error}") from None
    repos: list[Path] = []
    for line in lines:
        entry = line.split("#", 1)[0].strip()
        if entry:
            path = Path(entry).expanduser()
            repos.append(path if path.is_absolute() else file.parent / path)
    if not repos:
        raise CampaignError(f"{file} lists no repository")
    return list(dict.fromkeys(repos))


def preview_all(repos: list[Path], options: Options, jobs: int) -> list[Preview]:
    """Dry runs of the bot in every checkout, `jobs` at a time (one process each)."""
    if jobs <= 1 or len(repos) == 1:
        return [preview_one(repo, options) for repo in repos]
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
        return list(pool.map(preview_one, repos, [options] * len(repos)))


def preview_one(repo: Path, options: Options) -> Preview:
    """One repository's dry run; any problem is the preview's error, never an exception."""
    from fixer.bot.autofix import BotOptions, run_bot
    from fixer.bot.body import title
    from fixer.bot.git import GitError
    from fixer.config import ConfigError, load_settings
    from fixer.registry import UnknownCodeError, select_codemods

    preview = Preview(repo)
    try:
        if not (repo / ".git").exists():
            raise CampaignError("not a git checkout")
        split = lambda v: tuple(p.strip() for p in v.split(",") if p.strip()) if v else None  # noqa: E731
        settings = load_settings(repo).merged(
            select=split(options.select),
            ignore=split(options.ignore),
            unsafe_fixes=options.unsafe_fixes or None,
        )
        select_codemods(settings.select, settings.ignore)
        bot_options = BotOptions(
            repo_dir=repo, base=options.base, branch_prefix=options.branch_prefix
        )
        plan = run_bot(bot_options, settings, None).plan
    except (CampaignError, ConfigError, GitError, UnknownCodeError, ValueError, OSError) as error:
        preview.error = str(error).splitlines()[0] if str(error) else type(error).__name__
        return preview
    assert plan is not None
    preview.branch = plan.branch
    preview.commits = [commit.message for commit in plan.commits]
    preview.files = len({path for commit in plan.commits for path in commit.files})
    preview.fixes = plan.fixes
    preview.held_back = len(plan.held_back)
    preview.stats = str(plan.stats) if plan.stats is not None else ""
    preview.title = title(plan) if plan.commits else ""
    return preview


def default_jobs() -> int:
    return max(1, min(os.cpu_count() or 1, 8))


def render(previews: list[Preview]) -> str:
    """The campaign as text: one block per repository, then a summary line."""
    lines: list[str] = []
    for preview in previews:
        lines.append(f"{preview.repo}:")
        if preview.error is not None:
            lines.append(f"  error: {preview.error}")
        elif not preview.commits:
            lines.append("  nothing to fix: no pull request")
        else:
            lines.append(f"  pull request: {preview.title} (branch {preview.branch})")
            lines += [f"    {message}" for message in preview.commits]
            lines.append(f"  {preview.files} files; {preview.stats}")
        if preview.error is None and preview.held_back:
            lines.append(f"  held back: {preview.held_back} (unsafe or suggestion only)")
    opened = [p for p in previews if p.error is None and p.commits]
    clean = [p for p in previews if p.error is None and not p.commits]
    failed = [p for p in previews if p.error is not None]
    fixes = sum(p.fixes for p in opened)
    lines.append(
        f"{len(previews)} repositories: {len(opened)} pull requests ({fixes} fixes), "
        f"{len(clean)} with nothing to fix, {len(failed)} errors"
    )
    return "\n".join(lines) + "\n"
