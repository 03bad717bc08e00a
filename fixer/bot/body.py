"""The pull request's title and body: what was fixed, where, how much, and what is left."""

from __future__ import annotations

from dataclasses import dataclass, field

from fixer.diff import DiffStats

MARKER = "<!-- fixer-bot:autofix -->"


@dataclass(frozen=True)
class CodemodCommit:
    """One commit of the bot: the fixes of one codemod."""

    code: str
    name: str
    safety: str
    fixes: int
    files: tuple[str, ...]
    sha: str = ""
    also_fixed: tuple[tuple[str, int], ...] = ()  # other codemods' findings it resolves

    @property
    def message(self) -> str:
        plural = "fix" if self.fixes == 1 else "fixes"
        return f"fixer: {self.code} {self.name} ({self.fixes} {plural})"


@dataclass(frozen=True)
class HeldBack:
    """A finding whose fix was not applied (unsafe without --unsafe-fixes, or display only)."""

    code: str
    path: str
    line: int
    message: str
    reason: str


@dataclass
class Plan:
    """What the bot would push: its commits, the diff and what it did not fix."""

    base: str
    branch: str
    commits: list[CodemodCommit] = field(default_factory=list)
    held_back: list[HeldBack] = field(default_factory=list)
    diff: str = ""
    stats: DiffStats | None = None
    unsafe: bool = False

    @property
    def fixes(self) -> int:
        return sum(commit.fixes for commit in self.commits)


def title(plan: Plan) -> str:
    plural = "fix" if plan.fixes == 1 else "fixes"
    return f"fixer: {plan.fixes} Terraform {plural} for {plan.base}"


def body(plan: Plan, rerun_hint: str) -> str:
    lines = [
        MARKER,
        f"fixer found problems in `{plan.base}` and fixed them on `{plan.branch}`, "
        "one commit per codemod.",
        "",
        "| codemod | fixes | fix safety |",
        "|---|---:|---|",
    ]
    for commit in plan.commits:
        lines.append(f"| `{commit.code}` {commit.name} | {commit.fixes} | {commit.safety} |")
    along = [(commit, code, count) for commit in plan.commits for code, count in commit.also_fixed]
    if along:
        lines += ["", "**Resolved along the way:**", ""]
        for commit, code, count in along:
            plural = "finding" if count == 1 else "findings"
            lines.append(
                f"- `{code}` {_name(code)}: {count} {plural}, resolved by the `{commit.code}` commit"
            )
    files = sorted({path for commit in plan.commits for path in commit.files})
    lines += ["", f"**Files touched ({len(files)}):**", ""]
    lines += [f"- `{path}`" for path in files]
    if plan.stats is not None:
        lines += ["", f"**Diff:** {plan.stats}."]
    lines += held_back_lines(plan)
    lines += [
        "",
        "<details><summary>How to suppress a finding or re-run the bot</summary>",
        "",
        "- To keep some code as it is, add `# fixer:ignore CODE reason` on the line above "
        "the block or attribute (`# fixer:ignore-file CODE` at the top of a file), then "
        "re-run the bot: it updates this pull request.",
        "- To skip a codemod everywhere, add it to `ignore` under `[tool.fixer]` in "
        "`pyproject.toml` or in `.fixer.toml`.",
        f"- To re-run the bot: {rerun_hint}",
        "- The bot owns this branch: if you push commits to it, the bot leaves it alone.",
        "",
        "</details>",
    ]
    return "\n".join(lines) + "\n"


UNSAFE_COMMAND = "fixer fix --unsafe-fixes ."


def held_back_lines(plan: Plan) -> list[str]:
    """The findings the bot did not fix, and how to fix the unsafe ones."""
    if not plan.held_back:
        return []
    lines = ["", f"**Not fixed here ({len(plan.held_back)}):**", ""]
    for item in plan.held_back:
        lines.append(f"- `{item.code}` `{item.path}:{item.line}`: {item.message} ({item.reason})")
    if any(item.reason == "needs --unsafe-fixes" for item in plan.held_back):
        lines += [
            "",
            "Unsafe fixes may replace resources or cut access: review them with "
            f"`fixer fix --dry-run --unsafe-fixes .` and apply them with `{UNSAFE_COMMAND}` "
            "(or run the bot with `--unsafe-fixes`, the action with `unsafe-fixes: true`).",
        ]
    return lines


def closing_comment(plan: Plan, marker: str, reason: str) -> str:
    """The comment closing the bot's pull request: why, and what is left."""
    lines = [marker, reason, *held_back_lines(plan)]
    return "\n".join(lines) + "\n"


def _name(code: str) -> str:
    from fixer.registry import find_codemod

    cls = find_codemod(code)
    return cls.name if cls is not None else ""
