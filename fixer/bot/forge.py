"""GitHub's REST API through PyGithub: pull requests, comments, reviews; retries; clear errors."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

from fixer.bot.redact import Redactor

if TYPE_CHECKING:  # PyGithub is imported when the bot talks to GitHub, not at start-up
    from github.GithubRetry import GithubRetry
    from github.PullRequest import PullRequest as GhPullRequest

DEFAULT_API_URL = "https://api.github.com"
RETRIED_STATUSES = frozenset({429, *range(500, 600)})
T = TypeVar("T")


class ForgeError(RuntimeError):
    """A request GitHub refused (4xx) or kept failing (5xx after retries), token removed."""


@dataclass(frozen=True)
class PullRequest:
    """What the bot needs of a pull request."""

    number: int
    title: str
    body: str
    state: str
    head_ref: str
    head_sha: str
    base_ref: str
    url: str


@dataclass(frozen=True)
class ChangedFile:
    """A file a pull request changes, with its unified diff (absent for binary files)."""

    filename: str
    status: str
    patch: str | None


@dataclass(frozen=True)
class ReviewComment:
    """A comment on a line of a pull request's diff (a suggestion is one too)."""

    path: str
    line: int
    body: str
    start_line: int | None = None


def _retry(backoff: float) -> GithubRetry:
    from github.GithubRetry import GithubRetry

    return GithubRetry(
        total=6,
        backoff_factor=backoff,
        status_forcelist=sorted(RETRIED_STATUSES | {403}),
        allowed_methods=None,  # retry writes too: GitHub rejects duplicates by state
        secondary_rate_wait=max(backoff * 10, 0.0),
        respect_retry_after_header=True,
    )


class GitHub:
    """The endpoints the bot uses, on github.com or a GitHub Enterprise base URL."""

    def __init__(
        self,
        repository: str,
        token: str,
        api_url: str = DEFAULT_API_URL,
        backoff: float = 1.0,
        throttle: bool = True,
    ) -> None:
        from github import Auth, Github

        self.redact = Redactor(token)
        self.repository = repository
        self.client = Github(
            auth=Auth.Token(token),
            base_url=api_url.rstrip("/"),
            retry=_retry(backoff),
            seconds_between_requests=0.25 if throttle else None,
            seconds_between_writes=1.0 if throttle else None,
            user_agent="fixer-bot",
            lazy=True,
        )
        self.repo = self.client.get_repo(repository)
        self.owner = repository.split("/", 1)[0]

    def _call(self, what: str, function: Callable[[], T]) -> T:
        from github import GithubException

        try:
            return function()
        except GithubException as error:
            message = error.data.get("message", "") if isinstance(error.data, dict) else ""
            raise ForgeError(
                self.redact(f"GitHub API error while trying to {what}: {error.status} {message}")
            ) from None
        except Exception as error:  # connection errors after retries, with URLs in them
            raise ForgeError(
                self.redact(f"GitHub API unreachable while trying to {what}: {error}")
            ) from None

    # ------------------------------------------------------------ pull requests

    def open_pull_for(self, branch: str) -> PullRequest | None:
        def find() -> PullRequest | None:
            pulls = self.repo.get_pulls(state="open", head=f"{self.owner}:{branch}")
            for pull in pulls:
                if pull.head.ref == branch:
                    return _pull(pull)
            return None

        return self._call(f"find the open pull request for {branch}", find)

    def get_pull(self, number: int) -> PullRequest:
        return self._call(f"read pull request #{number}", lambda: _pull(self.repo.get_pull(number)))

    def create_pull(self, base: str, head: str, title: str, body: str) -> PullRequest:
        return self._call(
            "open a pull request",
            lambda: _pull(self.repo.create_pull(base=base, head=head, title=title, body=body)),
        )

    def update_pull(self, number: int, title: str, body: str) -> None:
        self._call(
            f"update pull request #{number}",
            lambda: self.repo.get_pull(number).edit(title=title, body=body),
        )

    def close_pull(self, number: int) -> None:
        self._call(
            f"close pull request #{number}", lambda: self.repo.get_pull(number).edit(state="closed")
        )

    def comment(self, number: int, body: str) -> None:
        self._call(
            f"comment on pull request #{number}",
            lambda: self.repo.get_pull(number).create_issue_comment(body),
        )

    def comments(self, number: int) -> list[str]:
        return self._call(
            f"read the comments of pull request #{number}",
            lambda: [c.body for c in self.repo.get_pull(number).get_issue_comments()],
        )

    # ------------------------------------------------------------ review mode

    def changed_files(self, number: int) -> list[ChangedFile]:
        return self._call(
            f"list the files of pull request #{number}",
            lambda: [
                ChangedFile(f.filename, f.status, f.patch)
                for f in self.repo.get_pull(number).get_files()
            ],
        )

    def review_comment_bodies(self, number: int) -> list[str]:
        return self._call(
            f"read the review comments of pull request #{number}",
            lambda: [c.body for c in self.repo.get_pull(number).get_review_comments()],
        )

    def post_review(self, number: int, commit_sha: str, comments: list[ReviewComment]) -> None:
        def post() -> None:
            pull = self.repo.get_pull(number)
            commit = self.repo.get_commit(commit_sha)
            payload = []
            for comment in comments:
                item: dict[str, object] = {
                    "path": comment.path,
                    "body": comment.body,
                    "line": comment.line,
                    "side": "RIGHT",
                }
                if comment.start_line is not None and comment.start_line < comment.line:
                    item["start_line"] = comment.start_line
                    item["start_side"] = "RIGHT"
                payload.append(item)
            pull.create_review(
                commit=commit,
                body=f"fixer found {len(comments)} thing(s) to fix in the lines this pull "
                "request changes.",
                event="COMMENT",
                comments=payload,  # type: ignore[arg-type]
            )

        self._call(f"post a review on pull request #{number}", post)


def _pull(pull: GhPullRequest) -> PullRequest:
    return PullRequest(
        number=pull.number,
        title=pull.title or "",
        body=pull.body or "",
        state=pull.state,
        head_ref=pull.head.ref,
        head_sha=pull.head.sha,
        base_ref=pull.base.ref,
        url=pull.html_url,
    )
