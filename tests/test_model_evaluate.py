"""The evaluator: each construct, per-environment values through module calls, UNKNOWN."""

from __future__ import annotations

import textwrap

import pytest

from fixer.model.config import ModelConfig
from fixer.model.files import SourceFile
from fixer.model.project import Project, build_project
from fixer.model.unknown import UNKNOWN, is_known
from fixer.syntax.cst import Expression
from fixer.syntax.parser import parse


def build(files: dict[str, str], config: ModelConfig | None = None) -> Project:
    """A project from path -> text, each text dedented."""
    sources = {rel: SourceFile(rel, textwrap.dedent(text)) for rel, text in files.items()}
    return build_project(sources, config)


def expression(text: str) -> Expression:
    attr = parse(f"x = {text}\n").body.items[0]
    return attr.expr  # type: ignore[attr-defined]


ROOT = """
    variable "env" {
      type    = string
      default = "dev"
    }
    variable "sizes" {
      default = { dev = "t3.small", prod = "m5.large" }
    }
    variable "zones" {
      default = ["a", "b", "c"]
    }
    variable "required" {}
    locals {
      name    = "app-${var.env}"
      is_prod = var.env == "prod"
      size    = var.sizes[var.env]
      loop_a  = local.loop_b
      loop_b  = local.loop_a
    }
"""


def value(text: str, tf: str = ROOT) -> object:
    """The value of an expression in a root module, without environment."""
    project = build({"main.tf": tf})
    return project.evaluate(project.modules[""], expression(text))


# ---------------------------------------------------------------- constructs


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # literals
        ('"hello"', "hello"),
        ("42", 42),
        ("1.5", 1.5),
        ("true", True),
        ("null", None),
        ('["a", 1]', ["a", 1]),
        ('{ a = 1, "b" = 2 }', {"a": 1, "b": 2}),
        # variables (default) and locals, recursively
        ("var.env", "dev"),
        ("var.zones[1]", "b"),
        ("var.zones.0", "a"),
        ("local.name", "app-dev"),
        ("local.is_prod", False),
        ("local.size", "t3.small"),
        ("var.sizes[var.env]", "t3.small"),
        ('var.sizes["prod"]', "m5.large"),
        # conditionals, comparison, boolean operators
        ('var.env == "prod" ? 3 : 1', 1),
        ('var.env != "prod" && true', True),
        ("false || !false", True),
        ('true ? 1 : "x"', "1"),  # the branches unify to string
        ("2 >= 2", True),
        ("1 < 0.5", False),
        ("1 == 1.0", True),
        ('1 == "1"', False),
        ("true == 1", False),
        # arithmetic
        ("1 + 2 * 3", 7),
        ("10 / 4", 2.5),
        ("10 / 2", 5),
        ("-7 % 3", -1),
        ('"2" + 1', 3),
        ("-(3)", -3),
        # templates
        ('"${var.env}-${1 + 1}-${true}"', "dev-2-true"),
        ('"$${literal}"', "${literal}"),
        ('"${var.zones}"', ["a", "b", "c"]),  # a lone interpolation keeps its type
        # functions
        ("length(var.zones)", 3),
        ('length("abc")', 3),
        ('lookup(var.sizes, "prod")', "m5.large"),
        ('lookup(var.sizes, "qa", "t3.nano")', "t3.nano"),
        ('contains(["dev", "test"], var.env)', True),
        ('lower("DEV")', "dev"),
        ("upper(var.env)", "DEV"),
        ('tolist(["a"])', ["a"]),
        ('toset(["b", "a", "b"])', ["a", "b"]),
        ('coalesce("", null, "x")', "x"),
        ('coalesce(1, "x")', "1"),
        ('concat(["a"], ["b"])', ["a", "b"]),
        ("merge({ a = 1 }, { b = 2 })", {"a": 1, "b": 2}),
        ('join("-", var.zones)', "a-b-c"),
        ('format("%s-%d", var.env, 3)', "dev-3"),
        ('try(var.sizes["qa"], "none")', "none"),
        ('can(var.sizes["qa"])', False),
        ("max(1, 5, 3)", 5),
        ("element(var.zones, 4)", "b"),
        ("keys(var.sizes)", ["dev", "prod"]),
        # for expressions and splats
        ('[for z in var.zones : upper(z) if z != "b"]', ["A", "C"]),
        ("{ for k, v in var.sizes : v => k }", {"t3.small": "dev", "m5.large": "prod"}),
        ("[{ a = 1 }, { a = 2 }][*].a", [1, 2]),
    ],
)
def test_constructs(text: str, expected: object):
    assert value(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "aws_vpc.main.id",  # a resource attribute
        "data.aws_caller_identity.current.account_id",
        "count.index",
        "each.value",
        "path.module",
        "var.required",  # no default and no environment
        "var.undeclared",
        "local.undeclared",
        "local.loop_a",  # a cycle
        'var.sizes["qa"]',  # Terraform would fail
        "1 / 0",
        'false && var.sizes["qa"]',  # whether Terraform short-circuits depends on its version
        "timestamp()",  # a function we do not implement
        'regex("a+", "caa")',
        'replace("abc", "/b/", "x")',  # a regular expression
        'provider::aws::arn_parse("x")',
        '"${aws_vpc.main.id}-x"',
        'aws_vpc.main.id == "x"',
        "<<-EOT\n  heredoc\n  EOT",
        '"%{ if true }yes%{ endif }"',
        "terraform.workspace",
        "module.nowhere.output",
        "merge(var.sizes, { x = aws_vpc.main.id })",
    ],
)
def test_what_cannot_be_known_is_unknown(text: str):
    assert value(text) is UNKNOWN


def test_conditions_on_unknowns_are_known_when_both_branches_agree():
    assert value('aws_vpc.main.id == "x" ? 2 : 2') == 2
    assert value("aws_vpc.main.enabled && false") is False
    assert value("aws_vpc.main.enabled || true") is True


def test_containers_may_hold_unknown_parts():
    result = value('{ name = "a", id = aws_vpc.main.id }')

    assert isinstance(result, dict)
    assert result["name"] == "a" and result["id"] is UNKNOWN
    assert not is_known(result)
    assert value('length([aws_vpc.main.id, "b"])') == 2


def test_unknown_refuses_truth_tests():
    with pytest.raises(TypeError):
        bool(UNKNOWN)


# ---------------------------------------------------------------- variable types


def test_values_are_converted_to_the_declared_type_with_optional_defaults():
    project = build(
        {
            "main.tf": """
                variable "settings" {
                  type = object({
                    size    = optional(string, "small")
                    count   = number
                    enabled = optional(bool)
                  })
                }
                variable "ports" {
                  type    = set(number)
                  default = ["443", 80, 80]
                }
            """,
            "dev.tfvars": 'settings = { count = "2", extra = 1 }\n',
        }
    )
    root, dev = project.modules[""], project.environments[0]

    assert project.evaluate(root, expression("var.settings"), dev) == {
        "size": "small",
        "count": 2,
        "enabled": None,
    }
    assert project.evaluate(root, expression("var.ports"), dev) == [80, 443]


# ---------------------------------------------------------------- per environment

PROJECT = {
    "main.tf": """
        variable "environment_suffix" {
          type = string
        }
        variable "instance_sizes" {
          type = map(string)
          default = {
            dev  = "t3.small"
            prod = "m5.large"
          }
        }
        locals {
          is_production = var.environment_suffix == "prod"
        }
        module "network" {
          source      = "./modules/network"
          environment = var.environment_suffix
          nat_count   = local.is_production ? 3 : 1
        }
        module "other_network" {
          source      = "./modules/network"
          environment = var.environment_suffix
          nat_count   = local.is_production ? 3 : 1
        }
    """,
    "modules/network/main.tf": """
        variable "environment" {}
        variable "nat_count" {
          type    = number
          default = 1
        }
        variable "single_nat" {
          default = true
        }
        resource "aws_nat_gateway" "main" {
          count = var.single_nat ? 1 : var.nat_count
          tags  = { Name = "nat-${var.environment}" }
        }
        output "nat_count" {
          value = var.nat_count
        }
    """,
    "env/dev.tfvars": 'environment_suffix = "dev"\n',
    "env/prod.tfvars": 'environment_suffix = "prod"\n',
}


def test_values_per_environment_in_the_root_module():
    project = build(PROJECT)
    root = project.modules[""]

    assert project.resolve_per_environment(root, expression("local.is_production")) == {
        "dev": False,
        "prod": True,
    }
    assert project.resolve_per_environment(
        root, expression("var.instance_sizes[var.environment_suffix]")
    ) == {"dev": "t3.small", "prod": "m5.large"}


def test_values_per_environment_through_a_module_call():
    project = build(PROJECT)
    network = project.modules["modules/network"]
    nat = network.resources["aws_nat_gateway.main"]

    assert project.resolve_per_environment(network, expression("var.nat_count")) == {
        "dev": 1,
        "prod": 3,
    }
    assert project.resolve_per_environment(network, nat.block.body.attributes["tags"].expr) == {
        "dev": {"Name": "nat-dev"},
        "prod": {"Name": "nat-prod"},
    }
    assert project.resolve_per_environment(network, nat.count.expr) == {"dev": 1, "prod": 1}  # type: ignore[union-attr]


def test_module_outputs_are_evaluated_for_their_call():
    project = build(PROJECT)
    root, prod = project.modules[""], project.environments[1]

    assert project.evaluate(root, expression("module.network.nat_count"), prod) == 3
    assert project.evaluate(root, expression("module.network.nat_count * 2"), prod) == 6


def test_calls_that_disagree_make_a_child_value_unknown():
    files = dict(PROJECT)
    files["main.tf"] = files["main.tf"].replace(
        'nat_count   = local.is_production ? 3 : 1\n        }\n        module "other',
        'nat_count   = local.is_production ? 3 : 2\n        }\n        module "other',
    )
    project = build(files)
    network = project.modules["modules/network"]

    assert project.resolve_per_environment(network, expression("var.nat_count")) == {
        "dev": UNKNOWN,
        "prod": 3,
    }


def test_a_module_without_environments_has_one_default_entry():
    project = build({"main.tf": 'variable "x" { default = 1 }\n'})
    root = project.modules[""]

    assert project.resolve_per_environment(root, expression("var.x + 1")) == {"default": 2}
    assert project.resolve_each(root, expression("var.x")) == [(None, 1)]


def test_without_an_environment_variables_take_their_defaults_even_through_calls():
    project = build(PROJECT)
    network = project.modules["modules/network"]

    assert project.evaluate(project.modules[""], expression("var.instance_sizes.dev")) == "t3.small"
    assert (
        project.evaluate(network, expression("var.nat_count")) is UNKNOWN
    )  # caller's var is required


def test_environments_of_different_roots_with_one_name_share_an_entry():
    app = (
        'module "app" {\n  source = "../../modules/app"\n  size = var.size\n}\nvariable "size" {}\n'
    )
    project = build(
        {
            "modules/app/main.tf": 'variable "size" {}\n',
            "a/main.tf": app.replace("../../", "../"),
            "a/env/prod.tfvars": "size = 3\n",
            "b/main.tf": app.replace("../../", "../"),
            "b/env/prod.tfvars": "size = 3\n",
            "b/env/dev.tfvars": "size = 1\n",
            "c/main.tf": app.replace("../../", "../"),
            "c/dev.tfvars": "size = 2\n",
        }
    )
    app_module = project.modules["modules/app"]

    assert project.resolve_per_environment(app_module, expression("var.size")) == {
        "prod": 3,
        "dev": UNKNOWN,
    }
    assert len(project.resolve_each(app_module, expression("var.size"))) == 4


def test_nullable_false_variables_take_their_default_for_null():
    project = build(
        {
            "main.tf": 'variable "x" {\n  default  = 5\n  nullable = false\n}\n',
            "dev.tfvars": "x = null\n",
        }
    )
    assert project.resolve_per_environment(project.modules[""], expression("var.x")) == {"dev": 5}


def test_an_environment_that_does_not_apply_is_ignored():
    project = build({**PROJECT, "other/main.tf": 'variable "v" { default = 1 }\n'})
    other = project.modules["other"]

    assert project.evaluate(other, expression("var.v"), project.environments[0]) == 1


# ---------------------------------------------------------------- terraform.workspace

WORKSPACES = {
    "main.tf": 'locals {\n  name = "spoke-${terraform.workspace}"\n}\n',
    "workspaces/dev.tfvars": "",
    "workspaces/prod.tfvars": "",
}


def test_workspace_is_the_environment_name_when_tfvars_select_workspaces():
    project = build(WORKSPACES)
    root = project.modules[""]

    assert project.resolve_per_environment(root, expression("local.name")) == {
        "dev": "spoke-dev",
        "prod": "spoke-prod",
    }


def test_workspace_is_unknown_when_an_environment_variable_exists_or_config_says_so():
    with_variable = build({**WORKSPACES, "variables.tf": 'variable "environment" {}\n'})
    configured = build(WORKSPACES, ModelConfig(workspace_is_environment=False))

    for project in (with_variable, configured):
        values = project.resolve_per_environment(project.modules[""], expression("local.name"))
        assert values == {"dev": UNKNOWN, "prod": UNKNOWN}


def test_values_flow_through_nested_module_calls():
    project = build(
        {
            "main.tf": """
                variable "environment_suffix" {}
                module "network" {
                  source      = "./modules/network"
                  environment = var.environment_suffix
                }
            """,
            "modules/network/main.tf": """
                variable "environment" {}
                module "subnets" {
                  source = "../subnets"
                  name   = "subnets-${var.environment}"
                  tier   = var.environment
                }
            """,
            "modules/subnets/main.tf": 'variable "name" {}\nvariable "tier" {}\n',
            "dev.tfvars": 'environment_suffix = "dev"\n',
            "prod.tfvars": 'environment_suffix = "prod"\n',
        }
    )
    subnets = project.modules["modules/subnets"]

    assert project.resolve_per_environment(subnets, expression("var.name")) == {
        "dev": "subnets-dev",
        "prod": "subnets-prod",
    }
    assert project.environment_variable(subnets) == "tier"


def test_evaluation_in_cyclic_module_calls_ends_unknown():
    project = build(
        {
            "a/main.tf": 'variable "x" {}\nmodule "b" {\n  source = "../b"\n  y = var.x\n}\n',
            "b/main.tf": 'variable "y" {}\nmodule "a" {\n  source = "../a"\n  x = var.y\n}\n',
        }
    )

    assert project.evaluate(project.modules["a"], expression("var.x")) is UNKNOWN
    assert project.evaluate(project.modules["a"], expression("module.b.missing")) is UNKNOWN


def test_an_output_of_a_module_calling_itself_ends_unknown():
    project = build(
        {"main.tf": 'module "me" {\n  source = "./"\n}\noutput "o" {\n  value = module.me.o\n}\n'}
    )

    assert project.evaluate(project.modules[""], expression("module.me.o")) is UNKNOWN
