"""Environments: tfvars layouts, names, the environment variable, production or not."""

from __future__ import annotations

import textwrap

import pytest

from fixer.model.config import ModelConfig
from fixer.model.files import SourceFile
from fixer.model.project import Project, build_project


def build(files: dict[str, str], config: ModelConfig | None = None) -> Project:
    """A project from path -> text, each text dedented."""
    sources = {rel: SourceFile(rel, textwrap.dedent(text)) for rel, text in files.items()}
    return build_project(sources, config)


def names(project: Project) -> list[tuple[str, str]]:
    """(environment name, its file) for each environment."""
    return [(env.name, env.file.rel) for env in project.environments]


VARIABLES = 'variable "environment" {}\nvariable "region" {}\nvariable "size" { default = 1 }\n'


# ---------------------------------------------------------------- layouts and names


def test_tfvars_named_after_environments_beside_the_module():
    project = build({"main.tf": VARIABLES, "dev.tfvars": "size = 1\n", "prod.tfvars": "size = 3\n"})

    assert names(project) == [("dev", "dev.tfvars"), ("prod", "prod.tfvars")]
    assert all(env.module is project.modules[""] for env in project.environments)
    assert project.environments[1].values == {"size": 3}


def test_tfvars_in_an_env_directory_apply_to_the_nearest_module_above():
    project = build(
        {
            "main.tf": VARIABLES,
            "env/dev.tfvars": "",
            "env/prod.tfvars": "",
            "envs/qa/qa.tfvars": "",
        }
    )

    assert names(project) == [
        ("dev", "env/dev.tfvars"),
        ("prod", "env/prod.tfvars"),
        ("qa", "envs/qa/qa.tfvars"),
    ]
    assert {env.module.path for env in project.environments if env.module} == {""}


def test_terraform_tfvars_is_named_after_its_directory():
    project = build(
        {
            "infra/main.tf": VARIABLES,
            "infra/environments/staging/terraform.tfvars": "",
            "infra/environments/production/terraform.tfvars": "",
        }
    )

    assert names(project) == [
        ("production", "infra/environments/production/terraform.tfvars"),
        ("staging", "infra/environments/staging/terraform.tfvars"),
    ]
    assert project.environments[0].module is project.modules["infra"]


def test_each_environment_directory_with_its_own_root_module():
    project = build(
        {
            "modules/app/main.tf": 'variable "size" {}\n',
            "live/dev/main.tf": 'module "app" {\n  source = "../../modules/app"\n}\n',
            "live/dev/terraform.tfvars": "",
            "live/prod/main.tf": 'module "app" {\n  source = "../../modules/app"\n}\n',
            "live/prod/terraform.tfvars": "",
        }
    )

    assert names(project) == [
        ("dev", "live/dev/terraform.tfvars"),
        ("prod", "live/prod/terraform.tfvars"),
    ]
    app = project.modules["modules/app"]
    assert [env.name for env in project.environments_for(app)] == ["dev", "prod"]
    assert [env.name for env in project.environments_for(project.modules["live/dev"])] == ["dev"]


def test_auto_tfvars_alone_are_environments():
    project = build({"main.tf": VARIABLES, "prod.auto.tfvars": "size = 3\n"})

    assert names(project) == [("prod", "prod.auto.tfvars")]
    assert project.environments[0].auto_loaded


def test_auto_loaded_and_common_files_are_layers_under_explicit_environments():
    project = build(
        {
            "main.tf": VARIABLES,
            "terraform.tfvars": 'region = "eu-west-1"\nsize = 1\n',
            "common.tfvars": "size = 2\n",
            "dev.tfvars": "",
            "prod.tfvars": "size = 3\n",
        }
    )
    dev, prod = project.environments

    assert names(project) == [("dev", "dev.tfvars"), ("prod", "prod.tfvars")]
    assert [f.rel for f in dev.files] == ["terraform.tfvars", "common.tfvars", "dev.tfvars"]
    assert dev.values == {"region": "eu-west-1", "size": 2}
    assert prod.values == {"region": "eu-west-1", "size": 3}
    assert prod.assignments["region"][0].rel == "terraform.tfvars"
    assert project.module_for("terraform.tfvars") is project.modules[""]


def test_tfvars_outside_any_module_go_to_the_only_root_module():
    project = build(
        {
            "terraform/main.tf": VARIABLES,
            "vars/dev.tfvars": "",
        }
    )
    assert project.environments[0].module is project.modules["terraform"]


def test_tfvars_outside_any_module_with_several_roots_apply_to_none():
    project = build({"a/main.tf": "", "b/main.tf": "", "vars/dev.tfvars": ""})
    assert project.environments[0].module is None
    assert project.environments_for(project.modules["a"]) == []


def test_literal_values_keep_placeholders_for_what_is_not_literal():
    project = build({"main.tf": VARIABLES, "dev.tfvars": 'size = 1\nregion = upper("x")\n'})
    values = project.environments[0].values

    assert values["size"] == 1
    assert type(values["region"]).__name__ == "Unknown"


def test_unparsable_tfvars_are_errors_not_environments():
    project = build({"main.tf": VARIABLES, "prod.tfvars": "size = \n", "dev.tfvars": ""})

    assert names(project) == [("dev", "dev.tfvars")]
    assert [f.rel for f in project.errors] == ["prod.tfvars"]


# ---------------------------------------------------------------- the environment variable


def test_the_environment_variable_is_found_from_tfvars_values():
    project = build(
        {
            "main.tf": 'variable "environment_suffix" {}\nvariable "region" {}\n',
            "env/dev.tfvars": 'environment_suffix = "dev"\nregion = "eu-west-1"\n',
            "env/prod.tfvars": 'environment_suffix = "prod"\nregion = "eu-west-1"\n',
        }
    )

    assert project.environment_variable(project.modules[""]) == "environment_suffix"
    assert [env.environment_value for env in project.environments] == ["dev", "prod"]


def test_a_variable_with_any_name_counts_when_it_names_each_file_environment():
    project = build(
        {
            "main.tf": 'variable "flavour" {}\nvariable "cluster" {}\n',
            "staging.tfvars": 'flavour = "staging"\ncluster = "staging-cluster"\n',
            "prod.tfvars": 'flavour = "prod"\ncluster = "prod-cluster"\n',
        }
    )
    assert project.environment_variable(project.modules[""]) == "flavour"


def test_values_that_are_not_environment_names_do_not_count():
    project = build(
        {
            "main.tf": 'variable "region" {}\n',
            "dev.tfvars": 'region = "eu-west-1"\n',
            "prod.tfvars": 'region = "us-east-1"\n',
        }
    )
    assert project.environment_variable(project.modules[""]) is None


def test_a_file_without_an_environment_name_is_named_by_the_environment_variable():
    project = build(
        {
            "examples/complete/main.tf": 'variable "stage" {}\nvariable "region" {}\n',
            "examples/complete/fixtures.us-east-2.tfvars": 'stage = "test"\nregion = "us-east-2"\n',
        }
    )

    assert project.environment_variable(project.modules["examples/complete"]) == "stage"
    assert names(project) == [("test", "examples/complete/fixtures.us-east-2.tfvars")]
    assert project.environments[0].path_name == "fixtures.us-east-2"


def test_the_configured_environment_variable_replaces_detection():
    files = {
        "main.tf": 'variable "environment" {}\nvariable "tier" {}\n',
        "dev.tfvars": 'environment = "dev"\ntier = "small"\n',
    }
    config = ModelConfig(environment_variable="tier")
    project = build(files, config)

    assert build(files).environment_variable(build(files).modules[""]) == "environment"
    assert project.environment_variable(project.modules[""]) == "tier"
    assert project.environments[0].environment_value == "small"


def test_configured_variable_not_declared_anywhere_gives_none():
    project = build(
        {"main.tf": 'variable "environment" {}\n'}, ModelConfig(environment_variable="x")
    )
    assert project.environment_variable(project.modules[""]) is None


def test_a_child_module_knows_its_environment_variable_from_its_caller():
    project = build(
        {
            "main.tf": """
                variable "environment_suffix" {}
                module "db" {
                  source     = "./modules/db"
                  deployment = var.environment_suffix
                }
                module "cache" {
                  source = "./modules/cache"
                  tier   = "${var.environment_suffix}"
                  label  = "x-${var.environment_suffix}"
                }
            """,
            "modules/db/main.tf": 'variable "deployment" {}\n',
            "modules/cache/main.tf": 'variable "tier" {}\nvariable "label" {}\n',
            "dev.tfvars": 'environment_suffix = "dev"\n',
            "prod.tfvars": 'environment_suffix = "prod"\n',
        }
    )

    assert project.environment_variable(project.modules["modules/db"]) == "deployment"
    assert project.environment_variable(project.modules["modules/cache"]) == "tier"


def test_environment_modules_are_those_with_an_environment_variable():
    project = build(
        {
            "main.tf": 'variable "env" {}\nmodule "db" {\n  source = "./db"\n  stage = var.env\n}\n',
            "db/main.tf": 'variable "stage" {}\n',
            "tools/main.tf": 'variable "name" {}\n',
            "dev.tfvars": 'env = "dev"\n',
        }
    )
    found = [(module.path, variable) for module, variable in project.environment_modules()]
    assert found == [("", "env"), ("db", "stage")]


def test_without_tfvars_a_variable_named_like_an_environment_counts():
    project = build({"main.tf": 'variable "name" {}\nvariable "env" {}\nvariable "stage" {}\n'})
    assert project.environment_variable(project.modules[""]) == "env"


def test_configured_names_recognise_environments_in_paths_and_values():
    config = ModelConfig(environments=["blue", "green"])
    project = build(
        {
            "main.tf": 'variable "colour" {}\n',
            "deploy/blue/eu/terraform.tfvars": 'colour = "blue"\n',
            "deploy/green/eu/terraform.tfvars": 'colour = "green"\n',
        },
        config,
    )

    assert names(project) == [
        ("blue", "deploy/blue/eu/terraform.tfvars"),
        ("green", "deploy/green/eu/terraform.tfvars"),
    ]
    assert project.environment_variable(project.modules[""]) == "colour"


def test_colliding_names_fall_back_to_the_path():
    project = build(
        {
            "main.tf": 'variable "stage" {}\n',
            "a/fixtures.tfvars": 'stage = "test"\n',
            "b/fixtures.tfvars": 'stage = "test"\n',
        }
    )
    assert names(project) == [
        ("a/fixtures", "a/fixtures.tfvars"),
        ("b/fixtures", "b/fixtures.tfvars"),
    ]


# ---------------------------------------------------------------- production or development


@pytest.mark.parametrize(
    ("name", "production", "development"),
    [
        ("prod", True, False),
        ("production", True, False),
        ("prod-eu", True, False),
        ("eu_prod_2", True, False),
        ("prodEu", True, False),
        ("live", True, False),
        ("nonprod", False, False),
        ("non-prod", False, False),
        ("pre-prod", False, False),
        ("product", False, False),
        ("dev", False, True),
        ("dev-us", False, True),
        ("test", False, True),
        ("sandbox", False, True),
        ("staging", False, False),
    ],
)
def test_production_and_development_names(name: str, production: bool, development: bool):
    project = build({})
    assert project.is_production(name) is production
    assert project.is_development(name) is development


def test_classification_follows_the_configured_lists():
    project = build(
        {}, ModelConfig(production_environments=["main"], development_environments=["dev"])
    )
    assert project.is_production("main-eu") and not project.is_production("prod")


def test_an_environment_is_production_by_its_name_or_its_environment_variable_value():
    project = build(
        {
            "main.tf": 'variable "environment" {}\n',
            "eu-west-1.tfvars": 'environment = "prod"\n',
        }
    )
    env = project.environments[0]

    assert env.name == "prod" and env.path_name == "eu-west-1"
    assert project.is_production(env)
