"""FX013 readme-backend-undocumented: when a README lacks the backend, where the section goes."""

from __future__ import annotations

from pathlib import Path

import pytest

from codemods.readme_backend_undocumented import ReadmeBackendUndocumented
from codemods.readme_manual_backend_setup import ReadmeManualBackendSetup
from codemods.s3_backend_hardcoded import S3BackendHardcoded
from codemods.workspace_environment_drift import WorkspaceEnvironmentDrift
from fixer.codemod import Context
from fixer.config import Settings
from fixer.findings import Applicability, Finding
from fixer.model.backends import partial_backend
from fixer.model.files import SourceFile
from fixer.model.module import Module
from fixer.runner import fix, run_codemods

DEMO = Path(__file__).resolve().parents[1] / "examples" / "multi-env"
MANUAL = (
    "# acme\n\n## Setup\n\nThe state bucket:\n\n    aws s3 mb s3://acme-state\n\n## Deploying\n"
)
HARD_CODED = 'terraform {\n  backend "s3" {\n    bucket = "acme-state"\n  }\n}\n'
PARTIAL = 'terraform {\n  required_version = ">= 1.10"\n\n  backend "s3" {}\n}\n'
README = "# acme\n\nIntro.\n\n## Prerequisites\n\n- Terraform\n\n## Deploying\n\nRun it.\n"


def files_of(texts: dict[str, str]) -> dict[str, SourceFile]:
    return {rel: SourceFile(rel, text) for rel, text in texts.items()}


def run(texts: dict[str, str], paths: frozenset[str] = frozenset()) -> list[Finding]:
    codemod = ReadmeBackendUndocumented()
    files = files_of(texts)
    return list(codemod.check(Context(files, codemod=codemod, paths=paths | frozenset(files))))


def inserted(finding: Finding) -> tuple[int, str]:
    assert finding.fix is not None
    (edit,) = finding.fix.edits
    assert edit.start == edit.end
    return edit.start, edit.content


def test_section_goes_before_deploying_at_its_level() -> None:
    (finding,) = run({"versions.tf": HARD_CODED, "README.md": README})
    at, content = inserted(finding)
    assert at == README.index("## Deploying")
    assert content.startswith("## Backend configuration\n\n")
    assert content.endswith(".\n\n")
    # The backend still hard-codes its bucket: the section describes FX007's result.
    assert finding.fix is not None and finding.fix.applicability is Applicability.UNSAFE
    assert finding.fix.requires == {partial_backend(Module(""))}
    assert (finding.span.start_line, finding.message) == (
        1,
        "README.md does not say how the S3 backend in versions.tf is configured: "
        "no section on the backend or the state",
    )


@pytest.mark.parametrize(
    ("text", "prefix", "level"),
    [
        ("# acme\n\n## Layout\n\nFiles.\n", "\n", 2),
        ("# acme\n\n## Layout\n\nFiles.", "\n\n", 2),
        ("# acme\n\n### Notes\n\nx\n\n", "", 3),
        ("# acme\n", "\n", 2),
        ("", "", 2),
    ],
)
def test_section_goes_at_the_end_otherwise(text: str, prefix: str, level: int) -> None:
    (finding,) = run({"versions.tf": PARTIAL, "README.md": text})
    at, content = inserted(finding)
    assert at == len(text)
    assert content.startswith(prefix + "#" * level + " Backend configuration\n")


def test_example_is_named_only_when_it_exists_or_fx007_creates_it() -> None:
    (hard,) = run({"versions.tf": HARD_CODED, "README.md": README})
    assert "copy `backend.hcl.example` to `backend.hcl`" in inserted(hard)[1]
    (partial,) = run({"versions.tf": PARTIAL, "README.md": README})
    assert "write a `backend.hcl`" in inserted(partial)[1]
    assert "for locking `use_lockfile = true`)" in " ".join(inserted(partial)[1].split())
    (present,) = run(
        {"versions.tf": PARTIAL, "README.md": README}, frozenset({"backend.hcl.example"})
    )
    assert "copy `backend.hcl.example`" in inserted(present)[1]


def test_environments_and_workspaces_are_named() -> None:
    texts = {
        "versions.tf": PARTIAL,
        "README.md": README,
        "variables.tf": 'variable "stage" {\n  type = string\n}\n',
        "env/qa.tfvars": 'stage = "qa"\n',
        "env/prod.tfvars": 'stage = "prod"\n',
    }
    (plain,) = run(texts)
    content = " ".join(inserted(plain)[1].split())
    assert "(`env/prod.tfvars`, `env/qa.tfvars`), which sets `stage`" in content
    assert "workspace" not in content
    texts["main.tf"] = 'locals {\n  name = "app-${terraform.workspace}"\n}\n'
    (workspaces,) = run(texts)
    content = inserted(workspaces)[1]
    assert "terraform workspace select prod" in content
    assert "terraform plan -var-file=env/prod.tfvars" in content


@pytest.mark.parametrize(
    ("tf", "text"),
    [
        (HARD_CODED, README.replace("Prerequisites", "Remote state")),
        (HARD_CODED, README.replace("Prerequisites", "State management")),
        (HARD_CODED, README.replace("Prerequisites", "Terraform backend")),
        (HARD_CODED, "Backends\n--------\n\nx\n"),
        (PARTIAL.replace('"s3"', '"local"'), README),
        ('resource "aws_sqs_queue" "q" {\n  name = "q"\n}\n', README),
    ],
    ids=["remote-state", "state-management", "backend", "setext", "local", "none"],
)
def test_no_finding(tf: str, text: str) -> None:
    assert run({"versions.tf": tf, "README.md": text}) == []


def test_headings_in_code_fences_do_not_count() -> None:
    text = "# acme\n\n```sh\n# remote state setup\n```\n"
    (finding,) = run({"versions.tf": HARD_CODED, "README.md": text})
    assert finding.code == "FX013"


def test_no_readme_no_finding() -> None:
    assert run({"versions.tf": HARD_CODED, "infra/README.md": README}) == []


def test_fix_is_stable_and_suppressible() -> None:
    texts = {"versions.tf": HARD_CODED, "README.md": README}
    codemods = [ReadmeBackendUndocumented, S3BackendHardcoded]
    outcome = fix(files_of(texts), codemods, Settings(), Applicability.UNSAFE)
    assert run({**texts, **outcome.texts}) == []
    suppressed = {**texts, "README.md": "<!-- fixer:ignore FX013 handbook -->\n" + README}
    assert run_codemods(files_of(suppressed), [ReadmeBackendUndocumented], Settings()) == []


def test_with_manual_setup_fx013_offers_fx012s_fix() -> None:
    texts = {"versions.tf": HARD_CODED, "README.md": MANUAL}
    (undocumented,) = run(texts)
    (manual,) = run_codemods(files_of(texts), [ReadmeManualBackendSetup], Settings())
    assert undocumented.code == "FX013"
    assert undocumented.fix == manual.fix, "one shared fix, applied once"


def test_fx012_and_fx013_together_write_one_section() -> None:
    texts = {"versions.tf": HARD_CODED, "README.md": MANUAL}
    codemods = (ReadmeManualBackendSetup, ReadmeBackendUndocumented, S3BackendHardcoded)
    outcome = fix(files_of(texts), codemods, Settings(), Applicability.UNSAFE)
    texts = {**texts, **outcome.texts}
    assert texts["README.md"].count("Backend configuration") == 1
    assert "aws s3 mb" not in texts["README.md"]
    assert dict(outcome.fixed) == {"FX012": 1, "FX013": 1, "FX007": 1}
    assert sum(outcome.applied.values()) == 2  # the shared README fix once, and FX007's


def demo() -> dict[str, str]:
    return {
        path.relative_to(DEMO).as_posix(): path.read_text(encoding="utf-8")
        for path in sorted(DEMO.rglob("*"))
        if path.is_file() and path.suffix in (".tf", ".tfvars", ".md", ".sh")
    }


def test_the_four_backend_codemods_compose_on_the_demo() -> None:
    codemods = (
        S3BackendHardcoded,
        WorkspaceEnvironmentDrift,
        ReadmeManualBackendSetup,
        ReadmeBackendUndocumented,
    )
    outcome = fix(files_of(demo()), codemods, Settings(), Applicability.UNSAFE)
    assert not outcome.errors
    assert dict(outcome.fixed) == {"FX007": 1, "FX010": 1, "FX012": 1, "FX013": 1}
    assert outcome.created == {"backend.hcl.example"}
    texts = {**demo(), **outcome.texts}
    assert texts["README.md"].count("## Backend configuration") == 1
    assert run_codemods(files_of(texts), codemods, Settings()) == []


# ---------------------------------------------------------------- coherent fix sets

DEPLOYING = "# acme\n\n## Deploying\n\n```sh\nterraform init\nterraform apply\n```\n"
ALL_README = (ReadmeManualBackendSetup, ReadmeBackendUndocumented, S3BackendHardcoded)


def test_safe_only_run_leaves_the_readme_while_the_backend_is_hard_coded() -> None:
    """Issue 11 point 6: a safe run changed the README to describe a partial backend and
    a backend.hcl.example that only the unsafe FX007 creates, and dropped the lock-table
    step while dynamodb_table was still in use."""
    texts = {"versions.tf": HARD_CODED, "README.md": MANUAL}
    outcome = fix(files_of(texts), ALL_README, Settings(), Applicability.SAFE)
    assert outcome.texts == {}
    assert {f.code for f in outcome.findings} == {"FX007", "FX012", "FX013"}


def test_readme_fix_needs_the_backend_fix_in_the_same_run() -> None:
    texts = {"versions.tf": HARD_CODED, "README.md": MANUAL}
    alone = fix(files_of(texts), ALL_README[:2], Settings(), Applicability.UNSAFE)
    assert alone.texts == {}, "without FX007 in the run, the README stays as it is"
    together = fix(files_of(texts), ALL_README, Settings(), Applicability.UNSAFE)
    assert set(together.texts) == {"README.md", "versions.tf", "backend.hcl.example"}
    assert together.findings == []


def test_readme_fix_waits_for_a_backend_fix_that_is_only_displayed() -> None:
    texts = {"versions.tf": HARD_CODED, "README.md": MANUAL, "backend.hcl.example": "{{ x }}\n"}
    outcome = fix(files_of(texts), ALL_README, Settings(), Applicability.UNSAFE)
    assert "README.md" not in outcome.texts


def test_partial_backend_readme_fix_is_safe_and_passes_the_backend_config() -> None:
    (finding,) = run({"versions.tf": PARTIAL, "README.md": DEPLOYING})
    assert finding.fix is not None and finding.fix.applicability is Applicability.SAFE
    assert finding.fix.requires == frozenset()
    outcome = fix(
        files_of({"versions.tf": PARTIAL, "README.md": DEPLOYING}),
        ALL_README,
        Settings(),
        Applicability.SAFE,
    )
    readme = outcome.texts["README.md"]
    assert "terraform init -backend-config=backend.hcl\nterraform apply\n" in readme
    assert "## Backend configuration" in readme


@pytest.mark.parametrize(
    "line",
    [
        "terraform init -backend=false",
        "terraform init -backend-config=prod.hcl",
        "cd bootstrap && terraform init",
        "terraform -chdir=bootstrap init",
        "# terraform init",
    ],
)
def test_init_lines_left_alone(line: str) -> None:
    readme = DEPLOYING.replace("terraform init\n", line + "\n")
    outcome = fix(
        files_of({"versions.tf": PARTIAL, "README.md": readme}),
        ALL_README,
        Settings(),
        Applicability.SAFE,
    )
    assert line + "\n" in outcome.texts["README.md"]
