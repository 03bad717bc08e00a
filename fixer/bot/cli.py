"""`fixer bot` and `fixer bot review`: the bot's command line."""

from __future__ import annotations

import json
import logging
import os
import re
import sys
from pathlib import Path
from typing import Annotated

import typer

from fixer.bot.autofix import BotOptions, Outcome, run_bot
from fixer.bot.body import body, title
from fixer.bot.forge import DEFAULT_API_URL, ForgeError, GitHub
from fixer.bot.git import Git, GitError, Identity
from fixer.bot.redact import Redactor
from fixer.config import ConfigError, Settings, load_settings
from fixer.registry import UnknownCodeError, select_codemods

bot_app = typer.Typer(
    help="Open and keep up to date one pull request with fixer's fixes; or review one.",
    no_args_is_help=False,
)

RepoDirOpt = Annotated[Path, typer.Option("--repo-dir", help="The repository checkout.")]
RemoteOpt = Annotated[str, typer.Option("--remote", help="The git remote to fetch and push.")]
RepositoryOpt = Annotated[
    str | None,
    typer.Option("--repository", help="owner/name (default: $GITHUB_REPOSITORY or the remote)."),
]
ApiOpt = Annotated[
    str | None,
    typer.Option("--api-url", help="REST API base URL (default: $GITHUB_API_URL or github.com)."),
]
UnsafeOpt = Annotated[bool, typer.Option("--unsafe-fixes", help="Include unsafe fixes.")]
SelectOpt = Annotated[str | None, typer.Option("--select", help="Codes to run.")]
IgnoreOpt = Annotated[str | None, typer.Option("--ignore", help="Codes to skip.")]
DryRunOpt = Annotated[
    bool, typer.Option("--dry-run", help="Print what would be pushed and posted; talk to nothing.")
]
NameOpt = Annotated[str, typer.Option("--bot-name", help="Commit author name.")]
EmailOpt = Annotated[str, typer.Option("--bot-email", help="Commit author email.")]


def _fail(message: str, redact: Redactor | None = None) -> typer.Exit:
    text = redact(message) if redact else message
    typer.echo(f"fixer bot: error: {text}", err=True)
    return typer.Exit(2)


def _settings(repo_dir: Path, select: str | None, ignore: str | None, unsafe: bool) -> Settings:
    try:
        base = load_settings(repo_dir)
    except ConfigError as error:
        raise _fail(str(error)) from None
    split = lambda v: tuple(p.strip() for p in v.split(",") if p.strip()) if v else None  # noqa: E731
    settings = base.merged(select=split(select), ignore=split(ignore), unsafe_fixes=unsafe or None)
    try:
        select_codemods(settings.select, settings.ignore)
    except UnknownCodeError as error:
        raise _fail(str(error)) from None
    return settings


def repository_from_remote(url: str) -> str | None:
    """owner/name from a GitHub remote URL (https or ssh), if it looks like one."""
    match = re.search(r"[:/]([^/:]+)/([^/]+?)(?:\.git)?/?$", url)
    return f"{match.group(1)}/{match.group(2)}" if match else None


def _forge(
    repo_dir: Path, remote: str, repository: str | None, api_url: str | None
) -> tuple[GitHub, Redactor]:
    token = os.environ.get("GITHUB_TOKEN", "")
    redact = Redactor(token)
    if not token:
        raise _fail("GITHUB_TOKEN is not set (use --dry-run to try without it)")
    repository = repository or os.environ.get("GITHUB_REPOSITORY")
    if not repository:
        try:
            repository = repository_from_remote(Git(repo_dir).remote_url(remote))
        except GitError as error:
            raise _fail(str(error), redact) from None
    if not repository:
        raise _fail("cannot tell owner/name of the repository: pass --repository")
    url = api_url or os.environ.get("GITHUB_API_URL") or DEFAULT_API_URL
    backoff = float(os.environ.get("FIXER_BOT_BACKOFF", "1.0"))
    throttle = os.environ.get("FIXER_BOT_THROTTLE", "1") != "0"
    try:
        return GitHub(repository, token, url, backoff=backoff, throttle=throttle), redact
    except ImportError:
        raise _fail(MISSING_EXTRA) from None


MISSING_EXTRA = (
    "fixer bot talks to GitHub through PyGithub, which is not installed: "
    "pip install 'fixer[bot]' (--dry-run works without it)"
)


def _logging(redact: Redactor) -> None:
    logger = logging.getLogger("fixer.bot")
    if not logger.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("fixer bot: %(message)s"))
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
    redact.install(logger)
    for name in ("github", "urllib3"):
        redact.install(logging.getLogger(name))


@bot_app.callback(invoke_without_command=True)
def bot_command(
    context: typer.Context,
    repo_dir: RepoDirOpt = Path("."),
    base: Annotated[
        str | None, typer.Option("--base", help="Branch to fix (default: the current one).")
    ] = None,
    branch_prefix: Annotated[
        str, typer.Option("--branch-prefix", help="The bot's branch is <prefix><base>.")
    ] = "fixer/autofix/",
    remote: RemoteOpt = "origin",
    repository: RepositoryOpt = None,
    api_url: ApiOpt = None,
    unsafe_fixes: UnsafeOpt = False,
    select: SelectOpt = None,
    ignore: IgnoreOpt = None,
    dry_run: DryRunOpt = False,
    bot_name: NameOpt = Identity.name,
    bot_email: EmailOpt = Identity.email,
    repos: Annotated[
        Path | None,
        typer.Option(
            "--repos",
            help="With --dry-run: preview the pull requests of every checkout listed in "
            "this file (one path a line), in parallel.",
        ),
    ] = None,
    jobs: Annotated[
        int | None, typer.Option("--jobs", "-j", help="Parallel previews with --repos.")
    ] = None,
) -> None:
    """Fix the base branch and open, update or close the bot's pull request."""
    if context.invoked_subcommand is not None:
        return
    if repos is not None:
        _campaign(repos, dry_run, jobs, select, ignore, unsafe_fixes, base, branch_prefix)
        return
    settings = _settings(repo_dir, select, ignore, unsafe_fixes)
    options = BotOptions(
        repo_dir=repo_dir,
        base=base,
        remote=remote,
        branch_prefix=branch_prefix,
        identity=Identity(bot_name, bot_email),
    )
    forge, redact = (None, Redactor()) if dry_run else _forge(repo_dir, remote, repository, api_url)
    _logging(redact)
    try:
        outcome = run_bot(options, settings, forge)
    except (ForgeError, GitError, ValueError) as error:
        raise _fail(str(error), redact) from None
    if dry_run:
        _print_dry_run(outcome, options)
        return
    _print_outcome(outcome, redact)


def _campaign(
    repos: Path,
    dry_run: bool,
    jobs: int | None,
    select: str | None,
    ignore: str | None,
    unsafe: bool,
    base: str | None,
    branch_prefix: str,
) -> None:
    from fixer.bot import campaign

    if not dry_run:
        raise _fail(
            "--repos previews a campaign (add --dry-run); the campaign itself runs as one "
            "GitHub Actions job per repository (.github/workflows/fixer-campaign.yml)"
        )
    try:
        checkouts = campaign.read_repos(repos)
    except campaign.CampaignError as error:
        raise _fail(str(error)) from None
    options = campaign.Options(select, ignore, unsafe, base, branch_prefix)
    previews = campaign.preview_all(checkouts, options, jobs or campaign.default_jobs())
    typer.echo(campaign.render(previews), nl=False)
    if any(p.error is not None for p in previews):
        raise typer.Exit(2)


def _print_dry_run(outcome: Outcome, options: BotOptions) -> None:
    plan = outcome.plan
    assert plan is not None
    typer.echo(f"branch: {plan.branch}")
    if not plan.commits:
        typer.echo("nothing to fix: no commit, no pull request")
        return
    typer.echo("commits:")
    for commit in plan.commits:
        typer.echo(f"  {commit.message}")
        for path in commit.files:
            typer.echo(f"    {path}")
    typer.echo(f"title: {title(plan)}")
    typer.echo("body:")
    typer.echo(body(plan, options.rerun_hint))
    typer.echo("diff:")
    sys.stdout.write(plan.diff)


def _print_outcome(outcome: Outcome, redact: Redactor) -> None:
    summary = {
        "action": outcome.action,
        "pull_request": outcome.pull.url if outcome.pull else None,
        "fixes": outcome.plan.fixes if outcome.plan else 0,
    }
    typer.echo(redact(json.dumps(summary)))


@bot_app.command("review")
def review_command(
    pull_number: Annotated[
        int | None,
        typer.Option("--pr", help="Pull request number (default: from $GITHUB_EVENT_PATH)."),
    ] = None,
    repo_dir: RepoDirOpt = Path("."),
    remote: RemoteOpt = "origin",
    repository: RepositoryOpt = None,
    api_url: ApiOpt = None,
    unsafe_fixes: UnsafeOpt = False,
    select: SelectOpt = None,
    ignore: IgnoreOpt = None,
    dry_run: DryRunOpt = False,
) -> None:
    """Post fixes for the lines a pull request changed as one-click suggestions."""
    from fixer.bot.review import run_review

    number = pull_number or _event_pull_number()
    if number is None:
        raise _fail("no pull request: pass --pr N or run on a pull_request event")
    settings = _settings(repo_dir, select, ignore, unsafe_fixes)
    forge, redact = _forge(repo_dir, remote, repository, api_url)
    _logging(redact)
    options = BotOptions(repo_dir=repo_dir, remote=remote)
    try:
        outcome = run_review(options, settings, forge, number, dry_run=dry_run)
    except (ForgeError, GitError, ValueError) as error:
        raise _fail(str(error), redact) from None
    for comment in outcome.posted:
        verb = "would post" if dry_run else "posted"
        typer.echo(f"{verb}: {comment.path}:{comment.line}: {comment.body.splitlines()[0]}")
    typer.echo(f"{len(outcome.posted)} comment(s), {outcome.already_posted} already posted")


def _event_pull_number() -> int | None:
    path = os.environ.get("GITHUB_EVENT_PATH")
    if not path or not Path(path).is_file():
        return None
    event = json.loads(Path(path).read_text())
    number = (event.get("pull_request") or {}).get("number") or event.get("number")
    return int(number) if number else None
