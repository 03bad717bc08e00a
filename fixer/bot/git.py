"""Real git, through the `git` command: fetch, a throw-away worktree, commits, push."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path


class GitError(RuntimeError):
    """A git command failed; the message carries its stderr."""


@dataclass(frozen=True)
class Identity:
    """Who the bot's commits are authored and committed by."""

    name: str = "fixer[bot]"
    email: str = "fixer-bot@users.noreply.github.com"

    def env(self) -> dict[str, str]:
        return {
            "GIT_AUTHOR_NAME": self.name,
            "GIT_AUTHOR_EMAIL": self.email,
            "GIT_COMMITTER_NAME": self.name,
            "GIT_COMMITTER_EMAIL": self.email,
        }


class Git:
    """Runs git in one directory (a checkout or a worktree)."""

    def __init__(self, directory: Path, identity: Identity | None = None) -> None:
        self.directory = directory
        self.identity = identity or Identity()

    def run(self, *args: str, check: bool = True) -> str:
        env = {**os.environ, **self.identity.env(), "GIT_TERMINAL_PROMPT": "0"}
        try:
            done = subprocess.run(
                ["git", *args],
                cwd=self.directory,
                capture_output=True,
                text=True,
                env=env,
                check=False,
            )
        except OSError as error:  # no such directory, or no git
            reason = error.strerror or str(error)
            raise GitError(f"cannot run git in {self.directory}: {reason}") from None
        if check and done.returncode != 0:
            raise GitError(f"git {' '.join(args)} failed: {done.stderr.strip()}")
        return done.stdout

    def top_level(self) -> Path:
        return Path(self.run("rev-parse", "--show-toplevel").strip())

    def current_branch(self) -> str:
        return self.run("rev-parse", "--abbrev-ref", "HEAD").strip()

    def remote_url(self, remote: str) -> str:
        return self.run("remote", "get-url", remote).strip()

    def rev(self, ref: str) -> str | None:
        out = self.run("rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}", check=False)
        return out.strip() or None

    def tree(self, ref: str) -> str:
        return self.run("rev-parse", f"{ref}^{{tree}}").strip()

    def fetch(self, remote: str, branch: str) -> str | None:
        """Fetch a branch into refs/remotes/<remote>/<branch>; None if it does not exist."""
        refspec = f"+refs/heads/{branch}:refs/remotes/{remote}/{branch}"
        listed = self.run("ls-remote", "--heads", remote, f"refs/heads/{branch}")
        if not listed.strip():
            self.run("update-ref", "-d", f"refs/remotes/{remote}/{branch}", check=False)
            return None
        self.run("fetch", "--quiet", "--no-tags", remote, refspec)
        return self.rev(f"refs/remotes/{remote}/{branch}")

    @contextlib.contextmanager
    def worktree(self, start: str) -> Iterator[Git]:
        """A clean temporary worktree at `start`, removed afterwards."""
        parent = Path(tempfile.mkdtemp(prefix="fixer-bot-"))
        path = parent / "worktree"
        self.run("worktree", "add", "--quiet", "--detach", str(path), start)
        try:
            yield Git(path, self.identity)
        finally:
            self.run("worktree", "remove", "--force", str(path), check=False)
            shutil.rmtree(parent, ignore_errors=True)
            self.run("worktree", "prune", check=False)

    def commit_all(self, message: str) -> str | None:
        """Stage everything and commit; None when there was nothing to commit."""
        self.run("add", "--all")
        if not self.run("status", "--porcelain").strip():
            return None
        self.run("commit", "--quiet", "--no-verify", "-m", message)
        return self.rev("HEAD")

    def authors(self, revisions: str) -> list[tuple[str, str, str]]:
        """(sha, author email, committer email) of each commit in a revision range."""
        out = self.run("log", "--format=%H%x09%ae%x09%ce", revisions)
        return [tuple(line.split("\t")) for line in out.splitlines() if line]  # type: ignore[misc]

    def diff(self, base: str, head: str) -> str:
        return self.run("diff", "--no-color", "--no-ext-diff", f"{base}..{head}")

    def push(self, remote: str, branch: str, expected: str | None) -> None:
        """Force-push HEAD to the branch, but only if the remote is still at `expected`."""
        lease = f"--force-with-lease=refs/heads/{branch}:{expected or ''}"
        self.run("push", "--quiet", lease, remote, f"HEAD:refs/heads/{branch}")

    def delete_remote_branch(self, remote: str, branch: str) -> None:
        self.run("push", "--quiet", remote, f":refs/heads/{branch}", check=False)
