"""fixer.model.workspaces: where a module uses workspaces (code, READMEs, scripts), and
the names it spells out."""

from __future__ import annotations

import pytest

from fixer.model.files import SourceFile
from fixer.model.project import Project, build_project
from fixer.model.workspaces import WORKSPACE_NAME, doc_files, workspace_use

LOCALS = 'locals {\n  name = "app-${terraform.workspace}"\n}\n'


def build(texts: dict[str, str]) -> Project:
    return build_project({rel: SourceFile(rel, text) for rel, text in texts.items()})


def test_workspace_use_names_and_places() -> None:
    project = build(
        {
            "locals.tf": LOCALS,
            "README.md": "terraform workspace new dev\nterraform workspace select prod\n",
        }
    )
    use = workspace_use(project, project.modules[""])
    assert use.places == ["locals.tf:2", "README.md:1", "README.md:2"]
    assert use.names == {"dev", "prod"}


def test_docs_are_placed_relative_to_the_module() -> None:
    project = build(
        {
            "infra/main.tf": "",
            "infra/scripts/deploy.sh": "export TF_WORKSPACE=dev\n",
        }
    )
    use = workspace_use(project, project.modules["infra"])
    assert use.places == ["scripts/deploy.sh:1"]
    assert use.names == set()


def test_no_workspaces() -> None:
    project = build({"main.tf": "", "README.md": "terraform apply\n"})
    use = workspace_use(project, project.modules[""])
    assert use.places == [] and use.names == set()


def test_doc_files_are_readmes_and_shell_scripts_of_the_module() -> None:
    project = build(
        {
            "main.tf": "",
            "README.md": "",
            "README.ops.md": "",
            "docs/guide.md": "",
            "scripts/build.sh": "",
            "scripts/run.bash": "",
            "modules/x/main.tf": "",
            "modules/x/README.md": "",
            "modules/x/tools/lint.sh": "",
        }
    )
    root, child = project.modules[""], project.modules["modules/x"]
    assert [f.rel for f in doc_files(project, root)] == [
        "README.md",
        "README.ops.md",
        "scripts/build.sh",
        "scripts/run.bash",
    ]
    assert [f.rel for f in doc_files(project, child)] == [
        "modules/x/README.md",
        "modules/x/tools/lint.sh",
    ]


@pytest.mark.parametrize(
    ("line", "names"),
    [
        ("terraform workspace new dev", ["dev"]),
        ("terraform workspace select -or-create prod", ["prod"]),
        ("terraform workspace select -or-create=true qa", ["qa"]),
        ('terraform workspace select "$ENV"', []),
        ("terraform workspace select <env>", []),
        ("`terraform workspace new staging`", ["staging"]),
    ],
)
def test_workspace_names(line: str, names: list[str]) -> None:
    assert [m.group(1) for m in WORKSPACE_NAME.finditer(line)] == names
