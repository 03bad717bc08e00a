"""A check part by part (fixer.split, fixer.parts): each part checked alone, with what it
reads of the others, gives what the whole project's check gives (corpus, golden cases);
the links that put files in one part; an edit re-checks the parts that may read it."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from fixer import parts
from fixer.cache import open_project_cache
from fixer.cache.store import Store
from fixer.cli import app
from fixer.config import Settings
from fixer.discover import Target, discover
from fixer.model.files import SourceFile
from fixer.registry import READS, codemod_entries, load, selected_codemod_codes
from fixer.session import Request
from fixer.split import MODEL, split

REPO = Path(__file__).resolve().parents[1]
GOLDEN_PROJECTS = sorted(
    path for path in (REPO / "golden").glob("*/*") if path.is_dir() and path.parent.name != "runs"
)
ALL = frozenset({"calls", "homes", "tests", "readmes", "scripts", "facts"})
# Corpus repositories with fragments, environments and READMEs-like layouts: by default;
# every repository with `pytest -m slow`.
DEFAULT_REPOSITORIES = (
    "cds-snc__forms-terraform",
    "navapbc__template-infra",
    "terraform-aws-modules__terraform-aws-eks",
)


def isolated_pieces(
    target: Target,
    request: Request,
    cache: object = None,
    prepare: object = None,
    reuse: bool = True,
) -> list[parts.Piece]:
    """`parts.check_pieces` as if every part but one were in the cache, for each part in
    turn: each part checked alone, beside the helpers its facts call for. Each piece must
    also equal the one the parts checked together give."""
    links = parts.links_of(request.codemod_codes)
    found = split(target.files, links)
    if found is None or len(found) < 2:  # checked whole: nothing to compare
        return CHECK_PIECES(target, request)
    everything = list(range(len(found)))
    together = parts._check_together(target, request, found, everything, ([], set()), links, None)
    ISOLATED.append(len(found))
    pieces = []
    for i in everything:
        known = {j: piece for j, piece in together.items() if j != i}
        helpers = parts._helpers(found, known, *parts._needs(target, found, [i], known, request))
        alone = parts._check_together(target, request, found, [i], helpers, links, None)[i]
        assert (alone.findings, alone.parse_errors, alone.outside, alone.facts) == (
            together[i].findings,
            together[i].parse_errors,
            together[i].outside,
            together[i].facts,
        ), found[i].files
        pieces.append(alone)
    return pieces


ISOLATED: list[int] = []
CHECK_PIECES = parts.check_pieces


def check_json(root: Path, monkeypatch: pytest.MonkeyPatch, isolated: bool) -> tuple[int, str]:
    monkeypatch.chdir(root)
    with monkeypatch.context() as patched:
        if isolated:
            patched.setattr(parts, "check_pieces", isolated_pieces)
        result = CliRunner().invoke(
            app, ["check", "--no-cache", "--format", "json", "."], catch_exceptions=False
        )
    return result.exit_code, result.stdout


def assert_parts_agree(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    ISOLATED.clear()
    whole = check_json(root, monkeypatch, isolated=False)
    alone = check_json(root, monkeypatch, isolated=True)
    assert alone == whole


@pytest.mark.parametrize(
    "golden", [pytest.param(p, id=f"{p.parent.name}/{p.name}") for p in GOLDEN_PROJECTS]
)
def test_golden_cases_part_by_part_equal_the_whole(
    golden: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "project"
    shutil.copytree(golden, root)
    (root / "expected.diff").unlink(missing_ok=True)
    assert_parts_agree(root, monkeypatch)


def test_the_corpus_as_one_project_part_by_part_equals_the_whole(
    corpus_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert_parts_agree(corpus_dir / "files", monkeypatch)
    assert ISOLATED and ISOLATED[0] > 200  # directories and what links them, not a handful of blobs


@pytest.mark.parametrize(
    "repository",
    [
        pytest.param(name, marks=() if name in DEFAULT_REPOSITORIES else pytest.mark.slow)
        for name in sorted(
            path.name for path in (Path(__file__).parents[2] / "shared/corpus/files").glob("*")
        )
        or DEFAULT_REPOSITORIES
    ],
)
def test_each_corpus_repository_part_by_part_equals_the_whole(
    repository: str, corpus_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert_parts_agree(corpus_dir / "files" / repository, monkeypatch)


def test_the_registry_knows_what_each_codemod_reads() -> None:
    for entry in codemod_entries():
        assert READS[entry.code] == load(entry).reads, entry.code


# ---------------------------------------------------------------- the links


def files_of(texts: dict[str, str]) -> dict[str, SourceFile]:
    return {rel: SourceFile(rel, text) for rel, text in texts.items()}


def together(texts: dict[str, str], links: frozenset[str] = ALL) -> list[set[str]]:
    found = split(files_of(texts), links)
    assert found is not None
    return sorted((set(part.files) for part in found), key=sorted)


def test_each_directory_is_a_part_of_its_own() -> None:
    assert together({"a/main.tf": "", "a/vars.tf": "", "b/main.tf": ""}) == [
        {"a/main.tf", "a/vars.tf"},
        {"b/main.tf"},
    ]


def test_a_module_and_the_local_modules_it_calls_are_one_part() -> None:
    texts = {
        "env/prod/main.tf": 'module "net" {\n  source = "../../modules/net"\n}\n',
        "modules/net/main.tf": "",
        "modules/other/main.tf": "",
        "win/main.tf": 'module "w" {\n  source = "..\\\\modules\\\\other"\n}\n',
    }
    assert together(texts) == [
        {"env/prod/main.tf", "modules/net/main.tf"},
        {"modules/other/main.tf", "win/main.tf"},
    ]
    assert len(together(texts, frozenset())) == 4  # codemods that read one file each


def test_tfvars_readmes_and_scripts_join_the_module_they_belong_to() -> None:
    texts = {
        "main.tf": "",
        "app/main.tf": 'resource "aws_lambda_function" "f" {}\n',
        "app/envs/dev.tfvars": "",
        "app/tests/a.tftest.hcl": "",
        "db/main.tf": 'variable "db_password" {}\n',
        "db/README.md": "",
        "db/inner/main.tf": "",
        "web/main.tf": "",
        "scripts/set.sh": "export TF_VAR_db_password=x\n",
    }
    found = together(texts)
    assert {"app/main.tf", "app/envs/dev.tfvars", "app/tests/a.tftest.hcl"} <= found[0]
    # The script may set db's variable (FX022) and build app's package (FX003); its home
    # is the root module, and db/inner's README is db's (`Project.readme_for`).
    assert {"main.tf", "scripts/set.sh", "db/main.tf", "db/README.md", "db/inner/main.tf"} <= (
        found[0]
    )
    assert found[1] == {"web/main.tf"}


def test_a_file_above_every_module_or_a_codemod_reading_anything_stops_the_split() -> None:
    texts = {"a/main.tf": "", "b/main.tf": "", "prod.tfvars": ""}
    assert split(files_of(texts), MODEL) is None  # which root is its module: all decide
    assert split(files_of(texts), frozenset()) is not None
    assert split(files_of({"a/main.tf": ""}), frozenset({"project"})) is None


# ---------------------------------------------------------------- edits and the cache


CALLER = 'module "b" {\n  source = "../b"\n  name   = var.name\n}\n\nvariable "name" {}\n'
CALLEE = 'variable "name" {}\n\nvariable "unused" {}\n\noutput "name" {\n  value = var.name\n}\n'


def layout(root: Path) -> None:
    for rel, text in {
        "a/main.tf": CALLER,
        "b/main.tf": CALLEE,
        "c/main.tf": 'variable "lonely" {}\n',
        "a/dev.tfvars": 'name = "x"\n',
    }.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text)


def run_check(root: Path, cache: Path | None, monkeypatch: pytest.MonkeyPatch) -> tuple[int, str]:
    monkeypatch.chdir(root)
    where = ["--cache-dir", str(cache)] if cache else ["--no-cache"]
    result = CliRunner().invoke(
        app, ["check", *where, "--format", "json", "."], catch_exceptions=False
    )
    return result.exit_code, result.stdout


def messages(run: tuple[int, str]) -> list[str]:
    return [finding["message"] for finding in json.loads(run[1])["findings"]]


def checked_files(monkeypatch: pytest.MonkeyPatch) -> list[set[str]]:
    """The files each run part by part checks (its dirty parts and their helpers)."""
    seen: list[set[str]] = []
    original = parts._check_together

    def spy(
        target: Target, request: Request, found: list, dirty: list, *rest: object, **named: bool
    ) -> dict:
        seen.append({rel for i in dirty for rel in found[i].files})
        return original(target, request, found, dirty, *rest, **named)  # type: ignore[arg-type]

    monkeypatch.setattr(parts, "_check_together", spy)
    return seen


@pytest.mark.parametrize(
    ("edited", "text", "rechecked"),
    [
        # the callee: its caller's part (a, b) is checked again, c is read from the cache
        ("b/main.tf", CALLEE.replace('variable "unused" {}\n\n', ""), {"a", "b"}),
        # the caller: the callee's findings may depend on how it is called
        ("a/main.tf", CALLER.replace("var.name", '"fixed"'), {"a", "b"}),
        # an environment of the caller: the callee's values per environment change
        ("a/dev.tfvars", 'name = "y"\n', {"a", "b"}),
        ("c/main.tf", 'variable "lonely" {}\n\nvariable "more" {}\n', {"c"}),
    ],
)
def test_an_edit_rechecks_every_part_that_may_read_it(
    edited: str,
    text: str,
    rechecked: set[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    root = tmp_path / "project"
    layout(root)
    cache = tmp_path / "cache"
    run_check(root, cache, monkeypatch)
    (root / edited).write_text(text)
    seen = checked_files(monkeypatch)
    after = run_check(root, cache, monkeypatch)
    assert after == run_check(root, None, monkeypatch)
    assert seen[0] and {rel.split("/")[0] for rel in seen[0]} == rechecked


def test_the_callee_edit_changes_the_findings_and_they_are_not_stale(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "project"
    layout(root)
    cache = tmp_path / "cache"
    before = run_check(root, cache, monkeypatch)
    assert 'variable "unused" is declared but not used' in messages(before)
    (root / "b/main.tf").write_text(CALLEE.replace('variable "unused" {}\n\n', ""))
    after = run_check(root, cache, monkeypatch)
    assert 'variable "unused" is declared but not used' not in messages(after)
    assert after == run_check(root, None, monkeypatch)


def test_a_fragment_edit_elsewhere_rechecks_the_declarations_it_may_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """FX022 counts what any fragment module of the project reads as used: a fragment
    that starts reading `var.lonely` makes c's finding go, though c is another part."""
    root = tmp_path / "project"
    layout(root)
    (root / "frag").mkdir()
    (root / "frag/main.tf").write_text('output "x" {\n  value = var.other\n}\n')
    cache = tmp_path / "cache"
    before = run_check(root, cache, monkeypatch)
    assert 'variable "lonely" is declared but not used' in messages(before)
    (root / "frag/main.tf").write_text('output "x" {\n  value = var.lonely\n}\n')
    after = run_check(root, cache, monkeypatch)
    assert 'variable "lonely" is declared but not used' not in messages(after)
    assert after == run_check(root, None, monkeypatch)


def test_pieces_are_one_entry_per_project_bounded_by_prune(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "project"
    layout(root)
    cache = tmp_path / "cache"
    for number in range(3):
        (root / "c/main.tf").write_text(f'variable "lonely{number}" {{}}\n')
        run_check(root, cache, monkeypatch)
    assert len(list(cache.glob("pieces-*.entry"))) == 1  # rewritten, not one per edit
    Store(cache, b"k" * 32).prune(max_bytes=10**9, max_entries=1)
    assert len(list(cache.glob("*.entry"))) == 1


def test_a_run_part_by_part_checks_the_whole_when_a_guard_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """a/main.tf does not parse: a/dev.tfvars belongs to no module of a, so its module is
    the project's only root module if there is one, which a part cannot know."""
    root = tmp_path / "project"
    layout(root)
    request = Request("check", Settings(), selected_codemod_codes())

    def pieces() -> list[parts.Piece]:
        target = discover(root, str(root))
        cache = open_project_cache(str(tmp_path / "pieces"), target, request)
        return parts.check_pieces(target, request, cache, reuse=False)

    assert len(pieces()) == 2  # a with the b it calls; c
    (root / "a/main.tf").write_text("module {{{\n")
    assert len(pieces()) == 1  # the whole project, in one piece
    assert run_check(root, tmp_path / "cache", monkeypatch) == run_check(root, None, monkeypatch)
