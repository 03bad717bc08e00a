"""FX010 workspace-environment-drift: workspace use, guards, placement, safety and messages."""

from __future__ import annotations

import pytest

from codemods.workspace_environment_drift import WorkspaceEnvironmentDrift
from fixer.codemod import Context
from fixer.config import Settings
from fixer.findings import Applicability, Finding
from fixer.model.files import SourceFile
from fixer.runner import fix
from fixer.syntax.format import format_source

VARIABLES = 'variable "environment" {\n  type = string\n}\n'
LOCALS = 'locals {\n  name = "app-${terraform.workspace}"\n}\n'
VERSIONS = 'terraform {\n  required_version = "%s"\n}\n'


def project(**extra: str) -> dict[str, str]:
    texts = {
        "variables.tf": VARIABLES,
        "locals.tf": LOCALS,
        "versions.tf": VERSIONS % ">= 1.6",
        "dev.tfvars": 'environment = "dev"\n',
        "prod.tfvars": 'environment = "prod"\n',
    }
    texts.update({name.replace("__", "."): text for name, text in extra.items()})
    return {rel: text for rel, text in texts.items() if text}


def files_of(texts: dict[str, str]) -> dict[str, SourceFile]:
    return {rel: SourceFile(rel, text) for rel, text in texts.items()}


def run(texts: dict[str, str]) -> list[Finding]:
    codemod = WorkspaceEnvironmentDrift()
    return list(codemod.check(Context(files_of(texts), codemod=codemod)))


def fixed(texts: dict[str, str]) -> dict[str, str]:
    outcome = fix(files_of(texts), [WorkspaceEnvironmentDrift], Settings(), Applicability.UNSAFE)
    return {**texts, **outcome.texts}


def test_workspace_in_code_is_reported_at_the_variable() -> None:
    (finding,) = run(project())
    assert (finding.path, finding.span.start_line) == ("variables.tf", 1)
    assert finding.message.startswith(
        "Workspaces (locals.tf:2) and var.environment (dev.tfvars, prod.tfvars) both select"
    )


def test_guard_goes_beside_the_terraform_block_without_main_tf() -> None:
    texts = fixed(project())
    assert texts["variables.tf"] == VARIABLES
    guarded = texts["versions.tf"]
    assert guarded.startswith(VERSIONS % ">= 1.6" + "\n# Fails the plan")
    assert 'resource "terraform_data" "workspace_guard" {' in guarded
    assert (
        'condition     = terraform.workspace == "default" || terraform.workspace == var.environment'
        in guarded
    )
    assert format_source(guarded) == guarded
    assert run(texts) == []


def test_guard_goes_after_the_variable_without_main_tf_or_terraform_block() -> None:
    texts = fixed(project(versions__tf=""))
    assert texts["variables.tf"].startswith(VARIABLES + "\n# Fails the plan")


def test_guard_goes_at_the_end_of_main_tf() -> None:
    main = 'resource "aws_sqs_queue" "q" {\n  name = local.name\n}\n'
    texts = fixed(project(main__tf=main))
    assert texts["variables.tf"] == VARIABLES
    assert texts["main.tf"].startswith(main + "\n# Fails the plan")


def test_existing_resource_name_is_not_reused() -> None:
    other = 'resource "terraform_data" "workspace_guard" {\n  input = "x"\n}\n'
    (finding,) = run(project(main__tf=other))
    assert finding.fix is not None
    assert '"workspace_environment_guard"' in finding.fix.edits[0].content


def test_safe_when_documented_workspaces_are_environments() -> None:
    readme = "```sh\nterraform workspace new dev\nterraform workspace select prod\n```\n"
    (finding,) = run(project(README__md=readme, versions__tf=VERSIONS % ">= 1.4"))
    assert finding.fix is not None
    assert finding.fix.applicability is Applicability.SAFE
    assert "README.md:2" in finding.message


@pytest.mark.parametrize(
    ("readme", "versions"),
    [
        ("", ">= 1.6"),  # no documented workspace names
        ("terraform workspace new team-dev\n", ">= 1.6"),  # names that are not environments
        ("terraform workspace new dev\n", ">= 1.0"),  # terraform_data not guaranteed
        ("terraform workspace new dev\n", ""),
    ],
)
def test_unsafe_otherwise(readme: str, versions: str) -> None:
    texts = project(README__md=readme, versions__tf=VERSIONS % versions if versions else "")
    (finding,) = run(texts)
    assert finding.fix is not None
    assert finding.fix.applicability is Applicability.UNSAFE


def test_workspace_only_in_readme_or_script() -> None:
    readme = project(locals__tf="", README__md="Run `terraform workspace select dev` first.\n")
    (finding,) = run(readme)
    assert "Workspaces (README.md:1)" in finding.message
    script = project(locals__tf="")
    script["scripts/deploy.sh"] = 'export TF_WORKSPACE="$1"\n'
    (finding,) = run(script)
    assert "Workspaces (scripts/deploy.sh:1)" in finding.message


def test_old_terraform_gets_no_fix() -> None:
    (finding,) = run(project(versions__tf=VERSIONS % "~> 1.3.0"))
    assert finding.fix is None
    assert 'required_version "~> 1.3.0" excludes Terraform 1.4' in finding.message


@pytest.mark.parametrize(
    "texts",
    [
        project(locals__tf=""),  # no workspaces
        project(variables__tf='variable "size" {\n  type = string\n}\n'),  # no env variable
        project(variables__tf='variable "environment" {\n  type    = string\n  default = ""\n}\n'),
        project(
            locals__tf='locals {\n  prefix = terraform.workspace == "default" ? "" : terraform.workspace\n}\n'
        ),
        project(
            guard__tf=(
                'check "workspace" {\n  assert {\n'
                "    condition     = terraform.workspace == var.environment\n"
                '    error_message = "mismatch"\n  }\n}\n'
            )
        ),
    ],
    ids=["no-workspaces", "no-variable", "empty-default", "default-layer", "check-block-guard"],
)
def test_no_finding(texts: dict[str, str]) -> None:
    assert run(texts) == []


def test_docs_of_another_module_do_not_count() -> None:
    texts = project(locals__tf="")
    texts["other/main.tf"] = 'resource "aws_sqs_queue" "q" {\n  name = "x"\n}\n'
    texts["other/README.md"] = "terraform workspace new dev\n"
    assert run(texts) == []
