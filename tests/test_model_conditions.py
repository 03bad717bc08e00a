"""fixer.model.conditions: production or development environments of a module, and the
HCL condition that tests for them."""

from __future__ import annotations

from fixer.model.conditions import EnvironmentSplit, environment_condition, split_environments
from fixer.model.config import ModelConfig
from fixer.model.files import SourceFile
from fixer.model.project import Project, build_project

VARIABLE = 'variable "env" {\n  type = string\n}\n'


def build(config: ModelConfig | None = None, **tfvars: str) -> Project:
    files = {"main.tf": SourceFile("main.tf", VARIABLE)}
    for name, value in tfvars.items():
        rel = f"{name}.tfvars"
        files[rel] = SourceFile(rel, f"env = {value}\n")
    return build_project(files, config)


def split(project: Project, kind: str) -> EnvironmentSplit:
    return split_environments(project, project.modules[""], "env", kind)


def test_environment_condition_for_one_and_several_values() -> None:
    assert environment_condition("env", ["prod"]) == 'var.env == "prod"'
    assert environment_condition("env", ["prod", "production"]) == (
        'contains(["prod", "production"], var.env)'
    )


def test_split_by_production_with_the_variable_values() -> None:
    project = build(dev='"dev"', prod='"prod"', prod_eu='"prod-eu"', staging='"staging"')
    found = split(project, "production")
    assert found == EnvironmentSplit(
        ["prod", "prod-eu"], True, ["prod", "prod_eu"], ["dev", "staging"]
    )


def test_split_by_development() -> None:
    project = build(dev='"dev"', test='"test"', prod='"prod"')
    found = split(project, "development")
    assert found.values == ["dev", "test"] and found.resolved
    assert found.others == ["prod"]


def test_unresolved_values_fall_back_to_the_configured_names() -> None:
    project = build(dev="var.x", prod="var.y")
    found = split(project, "production")
    assert not found.resolved
    assert found.values == ModelConfig().production_environments
    assert found.matched == ["prod"]


def test_configured_production_names() -> None:
    config = ModelConfig(production_environments=["main"])
    found = split(build(config, dev='"dev"', main='"main"', live='"live"'), "production")
    assert (found.values, found.matched) == (["main"], ["main"])


def test_a_module_without_environments_splits_into_nothing() -> None:
    project = build_project({"main.tf": SourceFile("main.tf", VARIABLE)})
    found = split(project, "production")
    assert (found.matched, found.others, found.resolved) == ([], [], False)
