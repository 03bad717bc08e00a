"""The pull-request bot against a real bare git remote and a contract-checked GitHub API."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import REPO, in_ci
from typer.testing import CliRunner, Result

from fixer.cli import app

TOKEN = "ghs_fixerTestToken0123456789abcdefXYZ"
UNFORMATTED = 'resource "aws_s3_bucket" "logs" {\nbucket="logs"\n}\n'
PASSWORD = 'resource "random_password" "db" {\n  length = 24\n}\n'
IDENTITY = ("fixer[bot]", "fixer-bot@users.noreply.github.com")


def git(cwd: Path, *args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=cwd, capture_output=True, text=True, check=True
    ).stdout.strip()


@dataclass
class World:
    """A bare remote, the user's checkout, a helper clone to push as a human, the API."""

    remote: Path
    checkout: Path
    human: Path
    fake: object
    url: str

    def commit_as_human(self, branch: str, path: str, content: str, message: str) -> None:
        git(self.human, "fetch", "-q", "origin")
        git(self.human, "checkout", "-q", "-B", branch, f"origin/{branch}")
        (self.human / path).write_text(content)
        git(self.human, "add", "-A")
        git(self.human, "commit", "-q", "-m", message)
        git(self.human, "push", "-q", "origin", f"HEAD:refs/heads/{branch}")

    def remote_sha(self, branch: str) -> str | None:
        out = git(self.remote, "for-each-ref", "--format=%(objectname)", f"refs/heads/{branch}")
        return out or None


@pytest.fixture
def world(tmp_path: Path) -> Iterator[World]:
    from github_fake import FakeGitHub, serve, spec_path

    if not spec_path().exists():
        if in_ci():
            pytest.fail(f"{spec_path()} is required in CI: .ci/run installs @octokit/openapi")
        pytest.skip("@octokit/openapi is not installed (see .ci/run)")
    remote = tmp_path / "remote.git"
    git(tmp_path, "init", "-q", "--bare", "-b", "main", str(remote))
    human = tmp_path / "human"
    git(tmp_path, "clone", "-q", str(remote), str(human))
    git(human, "config", "user.name", "A Human")
    git(human, "config", "user.email", "human@example.test")
    git(human, "checkout", "-q", "-b", "main")
    (human / "main.tf").write_text(UNFORMATTED)
    (human / "db.tf").write_text(PASSWORD)
    git(human, "add", "-A")
    git(human, "commit", "-q", "-m", "initial")
    git(human, "push", "-q", "origin", "main")
    checkout = tmp_path / "checkout"
    git(tmp_path, "clone", "-q", str(remote), str(checkout))
    fake = FakeGitHub("acme", "infra", remote, TOKEN)
    server, url = serve(fake)
    yield World(remote, checkout, human, fake, url)
    server.shutdown()
    assert fake.violations == [], "requests or responses outside GitHub's OpenAPI contract"


def bot(world: World, monkeypatch: pytest.MonkeyPatch, *args: str) -> Result:
    monkeypatch.setenv("GITHUB_TOKEN", TOKEN)
    monkeypatch.setenv("FIXER_BOT_BACKOFF", "0")
    monkeypatch.setenv("FIXER_BOT_THROTTLE", "0")
    monkeypatch.delenv("GITHUB_REPOSITORY", raising=False)
    subcommand, rest = (["review"], args[1:]) if args[:1] == ("review",) else ([], args)
    command = [
        "bot",
        *subcommand,
        *("--repo-dir", str(world.checkout), "--api-url", world.url),
        *("--repository", "acme/infra", "--select", "FX001,FX006"),
        *rest,
    ]
    result = CliRunner().invoke(app, command, catch_exceptions=False)
    everything = result.stdout + result.stderr
    assert TOKEN not in everything, "the token leaked into the output"
    return result


def action(result: Result) -> str:
    assert result.exit_code == 0, result.stdout + result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])["action"]


def commits_on(world: World, branch: str) -> list[tuple[str, str]]:
    log = git(world.remote, "log", "--format=%s%x09%ae", f"main..{branch}")
    return [tuple(line.split("\t")) for line in log.splitlines()]  # type: ignore[misc]


def user_checkout_untouched(world: World) -> None:
    assert git(world.checkout, "status", "--porcelain") == ""
    assert git(world.checkout, "rev-parse", "--abbrev-ref", "HEAD") == "main"
    assert (world.checkout / "main.tf").read_text() == UNFORMATTED


def test_first_run_opens_a_pull_request_one_commit_per_codemod(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    result = bot(world, monkeypatch, "--unsafe-fixes")
    assert action(result) == "opened"
    branch = "fixer/autofix/main"
    assert commits_on(world, branch) == [
        ("fixer: FX001 unformatted (1 fix)", IDENTITY[1]),
        ("fixer: FX006 random-password-special-characters (1 fix)", IDENTITY[1]),
    ]
    (pull,) = world.fake.pulls.values()
    assert (pull.head, pull.base, pull.state) == (branch, "main", "open")
    assert "| `FX001` unformatted | 1 | safe |" in pull.body
    assert "| `FX006` random-password-special-characters | 1 | unsafe |" in pull.body
    assert "- `main.tf`" in pull.body and "- `db.tf`" in pull.body
    assert "2 files changed" in pull.body
    assert "fixer:ignore" in pull.body
    user_checkout_untouched(world)


def test_safe_by_default_lists_unsafe_fixes_held_back(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert action(bot(world, monkeypatch)) == "opened"
    assert commits_on(world, "fixer/autofix/main") == [
        ("fixer: FX001 unformatted (1 fix)", IDENTITY[1])
    ]
    (pull,) = world.fake.pulls.values()
    assert "**Not fixed here (1):**" in pull.body
    assert "`FX006` `db.tf:1`" in pull.body and "needs --unsafe-fixes" in pull.body


def test_second_run_without_change_pushes_nothing(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    bot(world, monkeypatch)
    sha = world.remote_sha("fixer/autofix/main")
    writes = [r for r in world.fake.requests if r[0] != "GET"]
    assert action(bot(world, monkeypatch)) == "unchanged"
    assert world.remote_sha("fixer/autofix/main") == sha
    assert [r for r in world.fake.requests if r[0] != "GET"] == writes, "nothing is sent"
    assert len(world.fake.pulls) == 1


def test_new_finding_updates_the_pull_request(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    bot(world, monkeypatch)
    world.commit_as_human("main", "extra.tf", "a=1\n", "add extra")
    assert action(bot(world, monkeypatch)) == "updated"
    (pull,) = world.fake.pulls.values()
    assert "- `extra.tf`" in pull.body
    assert commits_on(world, "fixer/autofix/main") == [
        ("fixer: FX001 unformatted (2 fixes)", IDENTITY[1])
    ]
    assert len(world.fake.pulls) == 1, "never a duplicate"


def test_everything_fixed_closes_the_pull_request(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    bot(world, monkeypatch)
    git(world.human, "fetch", "-q", "origin")
    git(world.human, "checkout", "-q", "main")
    git(world.human, "merge", "-q", "--ff-only", "origin/fixer/autofix/main")
    git(world.human, "push", "-q", "origin", "main")
    assert action(bot(world, monkeypatch)) == "closed"
    (pull,) = world.fake.pulls.values()
    assert pull.state == "closed"
    # Safe mode: FX006's unsafe fix is still to do, and the comment says so and how.
    closing = pull.issue_comments[-1]
    assert "Nothing safe is left to fix on `main`" in closing
    assert "Nothing is left to fix" not in closing
    assert "`FX006` `db.tf:1`" in closing and "needs --unsafe-fixes" in closing
    assert "`fixer fix --unsafe-fixes .`" in closing
    assert world.remote_sha("fixer/autofix/main") is None
    assert action(bot(world, monkeypatch)) == "nothing"


def test_everything_fixed_with_unsafe_fixes_says_nothing_is_left(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    bot(world, monkeypatch, "--unsafe-fixes")
    git(world.human, "fetch", "-q", "origin")
    git(world.human, "checkout", "-q", "main")
    git(world.human, "merge", "-q", "--ff-only", "origin/fixer/autofix/main")
    git(world.human, "push", "-q", "origin", "main")
    assert action(bot(world, monkeypatch, "--unsafe-fixes")) == "closed"
    (pull,) = world.fake.pulls.values()
    assert "Nothing is left to fix on `main`" in pull.issue_comments[-1]
    assert "Not fixed here" not in pull.issue_comments[-1]


def test_a_human_touched_branch_is_closed_but_kept_once_the_base_is_clean(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    bot(world, monkeypatch)
    world.commit_as_human("fixer/autofix/main", "notes.tf", "# mine\n", "human touch")
    touched = world.remote_sha("fixer/autofix/main")
    assert action(bot(world, monkeypatch)) == "foreign"
    # Someone fixes main by hand (formats main.tf): the bot's fixes are no longer needed.
    world.commit_as_human(
        "main", "main.tf", 'resource "aws_s3_bucket" "logs" {\n  bucket = "logs"\n}\n', "fmt"
    )
    assert action(bot(world, monkeypatch)) == "closed"
    (pull,) = world.fake.pulls.values()
    assert pull.state == "closed"
    closing = pull.issue_comments[-1]
    assert "Someone else pushed to `fixer/autofix/main`" in closing
    assert "the branch is kept as it is" in closing
    assert "`FX006`" in closing, "what is left"
    assert world.remote_sha("fixer/autofix/main") == touched, "never delete a person's push"


def test_foreign_marker_is_found_on_a_later_page_of_comments(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    bot(world, monkeypatch)
    (pull,) = world.fake.pulls.values()
    pull.issue_comments += [f"review note {n}" for n in range(45)]
    world.commit_as_human("fixer/autofix/main", "notes.tf", "# mine\n", "human touch")
    assert action(bot(world, monkeypatch)) == "foreign"
    assert len(pull.issue_comments) == 46  # the marker comment, last: on page 2
    path = "/repos/acme/infra/issues/1/comments"
    assert (path, 2) in world.fake.pages
    assert action(bot(world, monkeypatch)) == "foreign"
    assert len(pull.issue_comments) == 46, "found on page 2: said once"


def test_a_merged_pull_request_is_left_alone_and_new_fixes_open_a_new_one(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    bot(world, monkeypatch)
    git(world.human, "fetch", "-q", "origin")
    git(world.human, "checkout", "-q", "main")
    git(world.human, "merge", "-q", "--ff-only", "origin/fixer/autofix/main")
    git(world.human, "push", "-q", "origin", "main")
    world.fake.pulls[1].merge()
    world.commit_as_human("main", "extra.tf", "a=1\n", "add extra")
    assert action(bot(world, monkeypatch)) == "opened"
    merged, new = world.fake.pulls[1], world.fake.pulls[2]
    assert (merged.state, merged.merged, merged.issue_comments) == ("closed", True, [])
    assert (new.state, new.head) == ("open", "fixer/autofix/main")
    assert "- `extra.tf`" in new.body
    patches = [r for r in world.fake.requests if r[0] == "PATCH"]
    assert patches == [], "a merged pull request is never edited"


def test_a_human_commit_on_the_branch_stops_the_bot(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    bot(world, monkeypatch)
    world.commit_as_human("fixer/autofix/main", "notes.tf", "# mine\n", "human touch")
    sha = world.remote_sha("fixer/autofix/main")
    world.commit_as_human("main", "extra.tf", "a=1\n", "add extra")
    assert action(bot(world, monkeypatch)) == "foreign"
    assert world.remote_sha("fixer/autofix/main") == sha, "the branch is left alone"
    (pull,) = world.fake.pulls.values()
    assert len(pull.issue_comments) == 1 and "leaves this branch alone" in pull.issue_comments[0]
    assert action(bot(world, monkeypatch)) == "foreign"
    assert len(pull.issue_comments) == 1, "said once"


def test_dry_run_talks_to_nothing(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    result = bot(world, monkeypatch, "--dry-run", "--unsafe-fixes")
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert out.startswith("branch: fixer/autofix/main\ncommits:\n")
    assert "  fixer: FX001 unformatted (1 fix)\n    main.tf\n" in out
    assert "title: fixer: 2 Terraform fixes for main" in out
    assert "diff:\ndiff --git a/db.tf b/db.tf" in out
    assert world.fake.requests == []
    assert world.remote_sha("fixer/autofix/main") is None
    user_checkout_untouched(world)


def test_server_errors_and_rate_limits_are_retried(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    from github_fake import Fault

    world.fake.faults = [
        Fault("GET", "/repos/{owner}/{repo}/pulls", 502, count=2),
        Fault("POST", "/repos/{owner}/{repo}/pulls", 429, headers={"retry-after": "0"}),
    ]
    assert action(bot(world, monkeypatch)) == "opened"
    statuses = [status for _, path, status in world.fake.requests if "/pulls" in path]
    assert statuses[:4] == [502, 502, 200, 429]
    assert len(world.fake.pulls) == 1


def test_a_client_error_is_clear_and_redacted(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    from github_fake import Fault

    world.fake.faults = [
        Fault(
            "POST",
            "/repos/{owner}/{repo}/pulls",
            422,
            message=f"Validation Failed for token {TOKEN}",
        )
    ]
    result = bot(world, monkeypatch)
    assert result.exit_code == 2
    assert "GitHub API error while trying to open a pull request: 422" in result.stderr
    assert "Validation Failed for token ***" in result.stderr


def test_missing_token_is_a_usage_error(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GITHUB_TOKEN", raising=False)
    result = CliRunner().invoke(app, ["bot", "--repo-dir", str(world.checkout)])
    assert result.exit_code == 2
    assert "GITHUB_TOKEN is not set" in result.stderr


def test_review_posts_suggestions_once(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    from github_fake import Pull

    world.commit_as_human("main", "keep.tf", "b = 2\n", "unrelated")
    git(world.human, "checkout", "-q", "-b", "feature", "origin/main")
    (world.human / "new.tf").write_text('resource "x" "y" {\nname="y"\n  count = 1\n}\n')
    (world.human / "README.md").write_text("# docs\n")
    git(world.human, "add", "-A")
    git(world.human, "commit", "-q", "-m", "feature")
    git(world.human, "push", "-q", "origin", "feature")
    world.fake.pulls[1] = Pull(1, "Feature", "", "feature", "main")

    result = bot(world, monkeypatch, "review", "--pr", "1")
    assert result.exit_code == 0, result.stderr
    comments = world.fake.pulls[1].review_comments
    assert [(c["path"], c.get("start_line"), c["line"]) for c in comments] == [
        ("new.tf", None, 2)
    ], "main.tf's finding is not on a changed line"
    assert '```suggestion\n  name  = "y"\n```' in comments[0]["body"]

    again = bot(world, monkeypatch, "review", "--pr", "1")
    assert again.exit_code == 0
    assert "0 comment(s), 1 already posted" in again.stdout
    assert len(world.fake.pulls[1].review_comments) == 1


def test_findings_resolved_by_another_codemods_commit_are_in_the_body(tmp_path: Path) -> None:
    """FX012 rewrites the README's backend section, which resolves FX013's finding too.

    The README fix describes the partial backend FX007's fix introduces, so it is offered
    only in a run that applies FX007's (unsafe) fix too (coherent fix sets)."""
    repo = tmp_path / "demo"
    shutil.copytree(REPO / "examples" / "multi-env", repo)
    git(repo, "init", "-q", "-b", "main")
    git(repo, "-c", "user.name=H", "-c", "user.email=h@example.test", "add", "-A")
    git(repo, "-c", "user.name=H", "-c", "user.email=h@example.test", "commit", "-q", "-m", "demo")
    result = CliRunner().invoke(
        app,
        [
            "bot",
            "--repo-dir",
            str(repo),
            "--dry-run",
            "--select",
            "FX007,FX012,FX013",
            "--unsafe-fixes",
        ],
    )
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert "  fixer: FX012 readme-manual-backend-setup (1 fix)\n" in out
    assert "fixer: FX013" not in out, "no commit of its own"
    assert "- `FX013` readme-backend-undocumented: 1 finding, resolved by the `FX012` commit" in out


def test_without_pygithub_the_bot_says_to_install_the_extra(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "github", None)  # `import github` fails
    result = bot(world, monkeypatch)
    assert result.exit_code == 2
    assert "pip install 'fixer[bot]'" in result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    review = bot(world, monkeypatch, "review", "--pr", "1")
    assert review.exit_code == 2 and "pip install 'fixer[bot]'" in review.stderr
    dry = bot(world, monkeypatch, "--dry-run")
    assert dry.exit_code == 0 and "title: fixer: 1 Terraform fix for main" in dry.stdout


def test_the_cli_never_imports_pygithub_and_the_bot_is_an_extra() -> None:
    code = (
        "import sys\n"
        "from typer.testing import CliRunner\n"
        "from fixer.cli import app\n"
        "r = CliRunner().invoke(app, ['check', 'examples/multi-env'])\n"
        "assert r.exit_code == 1, r.output\n"
        "assert 'github' not in sys.modules, 'the CLI imported PyGithub'\n"
    )
    subprocess.run([sys.executable, "-c", code], cwd=REPO, check=True)
    import tomllib

    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    assert not [d for d in project["dependencies"] if d.lower().startswith("pygithub")]
    assert [d for d in project["optional-dependencies"]["bot"] if d.startswith("PyGithub")]


def test_campaign_preview_over_ten_bare_repositories(tmp_path: Path) -> None:
    """`fixer bot --repos FILE --dry-run`: ten repositories (bare remotes and their
    checkouts) previewed in parallel; nothing is pushed, no checkout changes."""
    kinds = ["unformatted"] * 5 + ["unsafe"] * 2 + ["clean"] * 3
    checkouts = []
    for n, kind in enumerate(kinds):
        remote = tmp_path / "remotes" / f"repo{n}.git"
        git(tmp_path, "init", "-q", "--bare", "-b", "main", str(remote))
        work = tmp_path / "seed" / f"repo{n}"
        git(tmp_path, "clone", "-q", str(remote), str(work))
        git(work, "checkout", "-q", "-b", "main")
        content = {
            "unformatted": UNFORMATTED,
            "unsafe": PASSWORD,
            "clean": 'resource "aws_s3_bucket" "logs" {\n  bucket = "logs"\n}\n',
        }[kind]
        (work / "main.tf").write_text(content)
        git(work, "add", "-A")
        git(work, "-c", "user.name=H", "-c", "user.email=h@example.test", "commit", "-q", "-m", "x")
        git(work, "push", "-q", "origin", "main")
        checkout = tmp_path / "checkouts" / f"repo{n}"
        git(tmp_path, "clone", "-q", str(remote), str(checkout))
        checkouts.append(checkout)
    listing = tmp_path / "repos.txt"
    listing.write_text(
        "# the campaign\n"
        + "".join(f"checkouts/repo{n}\n" for n in range(10))
        + "checkouts/repo0  # listed twice: previewed once\n"
    )
    heads_before = [git(c, "rev-parse", "HEAD") for c in checkouts]
    result = CliRunner().invoke(
        app, ["bot", "--repos", str(listing), "--dry-run", "--jobs", "2", "--select", "FX001,FX006"]
    )
    assert result.exit_code == 0, result.stdout + result.stderr
    out = result.stdout
    headers = [line for line in out.splitlines() if line.startswith(str(tmp_path))]
    assert headers == [f"{c}:" for c in checkouts], "each repository once, in order"
    for n, kind in enumerate(kinds):
        block = out.split(f"{checkouts[n]}:\n", 1)[1].split(str(tmp_path), 1)[0]
        if kind == "unformatted":
            assert "pull request: fixer: 1 Terraform fix for main" in block
            assert "fixer: FX001 unformatted (1 fix)" in block
        elif kind == "unsafe":
            assert "nothing to fix" in block and "held back: 1" in block
        else:
            assert "nothing to fix: no pull request" in block
    assert out.rstrip().endswith(
        "10 repositories: 5 pull requests (5 fixes), 5 with nothing to fix, 0 errors"
    )
    for checkout, head in zip(checkouts, heads_before, strict=True):
        assert git(checkout, "rev-parse", "HEAD") == head
        assert git(checkout, "status", "--porcelain") == ""
        assert git(checkout, "ls-remote", "--heads", "origin", "fixer/*") == ""
    # The preview of one equals the bot's own dry run of it.
    single = CliRunner().invoke(
        app, ["bot", "--repo-dir", str(checkouts[0]), "--dry-run", "--select", "FX001,FX006"]
    )
    assert "title: fixer: 1 Terraform fix for main" in single.stdout


def test_campaign_needs_dry_run_and_reports_broken_entries(tmp_path: Path) -> None:
    listing = tmp_path / "repos.txt"
    (tmp_path / "not-a-repo").mkdir()
    listing.write_text("not-a-repo\n")
    refused = CliRunner().invoke(app, ["bot", "--repos", str(listing)])
    assert refused.exit_code == 2 and "fixer-campaign.yml" in refused.stderr
    result = CliRunner().invoke(app, ["bot", "--repos", str(listing), "--dry-run"])
    assert result.exit_code == 2
    assert "error: not a git checkout" in result.stdout
    assert "1 errors" in result.stdout
    empty = tmp_path / "empty.txt"
    empty.write_text("# nothing\n")
    assert (
        "lists no repository"
        in CliRunner().invoke(app, ["bot", "--repos", str(empty), "--dry-run"]).stderr
    )


# ---------------------------------------------------------------- the Action and the campaign

VALIDATOR = REPO / "tests" / ".action-validator" / "node_modules" / ".bin" / "action-validator"
WORKFLOWS = sorted((REPO / ".github" / "workflows").glob("*.yml"))


@pytest.mark.parametrize("path", [REPO / "action.yml", *WORKFLOWS], ids=lambda p: p.name)
def test_action_and_workflows_follow_githubs_schemas(path: Path) -> None:
    if not VALIDATOR.exists():
        if in_ci():
            pytest.fail(f"{VALIDATOR} is required in CI: .ci/run installs @action-validator/cli")
        pytest.skip("@action-validator/cli is not installed (see .ci/run)")
    done = subprocess.run([str(VALIDATOR), str(path)], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


def _steps(document: dict, job: str | None = None) -> dict[str, dict]:
    steps = document["runs"]["steps"] if job is None else document["jobs"][job]["steps"]
    return {step.get("id") or step.get("name") or step.get("uses"): step for step in steps}


def test_action_check_mode_writes_sarif_and_uploads_it(tmp_path: Path) -> None:
    import yaml
    from conftest import require_shared
    from jsonschema import Draft7Validator

    action_yml = yaml.safe_load((REPO / "action.yml").read_text())
    steps = _steps(action_yml)
    assert "check" in action_yml["inputs"]["mode"]["description"]
    upload = steps["Upload to code scanning"]
    assert upload["uses"].startswith("github/codeql-action/upload-sarif@")
    assert upload["with"]["sarif_file"] == "${{ inputs.sarif-file }}"
    assert "inputs.mode == 'check'" in upload["if"]
    assert steps["Run fixer bot"]["if"] == "inputs.mode != 'check'"
    # The check step's script, run as the runner runs it, on a copy of the demo.
    project = tmp_path / "multi-env"
    shutil.copytree(REPO / "examples" / "multi-env", project)
    output = tmp_path / "github_output"
    env = {
        **os.environ,
        "PATH": f"{Path(sys.executable).parent}:{os.environ['PATH']}",
        "INPUT_SELECT": "",
        "INPUT_IGNORE": "FX001",
        "INPUT_PATH": str(project),
        "SARIF": str(tmp_path / "fixer.sarif"),
        "GITHUB_OUTPUT": str(output),
    }
    done = subprocess.run(
        ["bash", "-c", steps["check"]["run"]], env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert "status=1\n" in output.read_text()
    sarif = json.loads((tmp_path / "fixer.sarif").read_text())
    schema = json.loads(require_shared("schemas", "sarif-schema-2.1.0.json").read_text())
    assert list(Draft7Validator(schema).iter_errors(sarif)) == []
    rules = {r["ruleId"] for run in sarif["runs"] for r in run["results"]}
    assert "FX007" in rules and "FX001" not in rules


def test_campaign_workflow_runs_one_job_per_repository(tmp_path: Path) -> None:
    import yaml

    workflow = yaml.safe_load((REPO / ".github" / "workflows" / "fixer-campaign.yml").read_text())
    on = workflow[True] if True in workflow else workflow["on"]  # YAML 1.1 reads `on` as true
    call = on["workflow_call"]
    assert call["inputs"]["repositories"]["required"] is True
    assert call["secrets"]["token"]["required"] is True
    fix = workflow["jobs"]["fix"]
    strategy = fix["strategy"]
    assert strategy["fail-fast"] is False
    assert strategy["max-parallel"] == "${{ inputs.max-parallel }}"
    assert strategy["matrix"]["repository"] == "${{ fromJSON(needs.plan.outputs.repositories) }}"
    assert fix["concurrency"]["group"].endswith("${{ matrix.repository }}")
    bot_step = _steps(workflow, "fix")["Run fixer bot"]
    assert bot_step["env"]["GITHUB_REPOSITORY"] == "${{ matrix.repository }}"
    assert "fixer bot" in bot_step["run"]
    # The plan step turns the list into the matrix.
    script = _steps(workflow, "plan")["list"]["run"]
    output = tmp_path / "out"
    listing = "acme/a\n\n# a comment\nacme/b  # trailing\nacme/a\nacme/c.d_e-f\n"
    done = subprocess.run(
        [sys.executable, "-c", script],
        env={**os.environ, "REPOSITORIES": listing, "GITHUB_OUTPUT": str(output)},
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    key, value = output.read_text().strip().split("=", 1)
    assert key == "repositories"
    assert json.loads(value) == ["acme/a", "acme/b", "acme/c.d_e-f"]
    bad = subprocess.run(
        [sys.executable, "-c", script],
        env={**os.environ, "REPOSITORIES": "acme/a\nnot a repo\n", "GITHUB_OUTPUT": str(output)},
        capture_output=True,
        text=True,
    )
    assert bad.returncode != 0 and "not owner/name" in bad.stderr
