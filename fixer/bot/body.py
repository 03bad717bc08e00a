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
    files = sorted({path for commit in plan.commits for path in commit.files})
    lines += ["", f"**Files touched ({len(files)}):**", ""]
    lines += [f"- `{path}`" for path in files]
    if plan.stats is not None:
        lines += ["", f"**Diff:** {plan.stats}."]
    if plan.held_back:
        lines += ["", f"**Not fixed here ({len(plan.held_back)}):**", ""]
        for item in plan.held_back:
            lines.append(
                f"- `{item.code}` `{item.path}:{item.line}`: {item.message} ({item.reason})"
            )
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
