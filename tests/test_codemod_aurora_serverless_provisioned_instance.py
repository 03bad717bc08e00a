"""FX002 aurora-serverless-provisioned-instance: detection, messages and fixes."""

from __future__ import annotations

from codemods.aurora_serverless_provisioned_instance import (
    AuroraServerlessProvisionedInstance,
)
from fixer.apply import apply_edits
from fixer.codemod import Context
from fixer.findings import Applicability, Finding
from fixer.model.config import ModelConfig
from fixer.model.files import SourceFile
from fixer.syntax.format import format_source

CLUSTER = """\
resource "aws_rds_cluster" "main" {
  cluster_identifier = "app"
  engine             = "aurora-postgresql"

  serverlessv2_scaling_configuration {
    min_capacity = 0.5
    max_capacity = 16
  }
}
"""


def instance(instance_class: str, name: str = "main", extra: str = "") -> str:
    return f"""
resource "aws_rds_cluster_instance" "{name}" {{
  cluster_identifier = aws_rds_cluster.main.id
  instance_class     = {instance_class}
{extra}}}
"""


def variable(name: str, default: str | None = None) -> str:
    line = f"  default = {default}\n" if default is not None else ""
    return f'\nvariable "{name}" {{\n  type = string\n{line}}}\n'


def run(config: ModelConfig | None = None, **texts: str) -> list[Finding]:
    files = {
        name.replace("__", "."): SourceFile(name.replace("__", "."), text)
        for name, text in texts.items()
    }
    codemod = AuroraServerlessProvisionedInstance()
    context = Context(files, config or ModelConfig(), codemod)
    return list(codemod.check(context))


def fixed(finding: Finding, text: str) -> str:
    assert finding.fix is not None
    return apply_edits(text, finding.fix.edits)


def test_literal_provisioned_class_is_reported_and_block_removed() -> None:
    text = CLUSTER + instance('"db.r6g.large"')
    (finding,) = run(main__tf=text)
    assert finding.message == (
        "aws_rds_cluster.main has serverlessv2_scaling_configuration but "
        "aws_rds_cluster_instance.main uses provisioned class db.r6g.large"
    )
    assert finding.span.start_line == 5
    assert finding.fix is not None
    assert finding.fix.applicability is Applicability.SAFE
    result = fixed(finding, text)
    assert "serverlessv2_scaling_configuration" not in result
    assert format_source(result) == result
    assert run(main__tf=result) == []


def test_serverless_class_is_not_reported() -> None:
    assert run(main__tf=CLUSTER + instance('"db.serverless"')) == []


def test_cluster_without_scaling_block_is_not_reported() -> None:
    text = 'resource "aws_rds_cluster" "main" {\n  engine = "aurora-mysql"\n}\n'
    assert run(main__tf=text + instance('"db.r6g.large"')) == []


def test_dynamic_scaling_block_is_left_alone() -> None:
    cluster = """\
resource "aws_rds_cluster" "main" {
  dynamic "serverlessv2_scaling_configuration" {
    for_each = var.scaling[*]
    content {
      min_capacity = 1
      max_capacity = 2
    }
  }
}
"""
    assert run(main__tf=cluster + instance('"db.r6g.large"')) == []


def test_required_variable_without_value_is_unknown() -> None:
    text = CLUSTER + instance("var.instance_class") + variable("instance_class")
    assert run(main__tf=text) == []


def test_class_from_data_source_is_unknown() -> None:
    text = CLUSTER + instance("data.aws_ssm_parameter.class.value")
    assert run(main__tf=text) == []


def test_variable_default_is_resolved() -> None:
    text = CLUSTER + instance("var.instance_class") + variable("instance_class", '"db.r5.large"')
    (finding,) = run(main__tf=text)
    assert finding.message.endswith("uses provisioned class db.r5.large")


def test_environments_are_named_in_message_in_ladder_order() -> None:
    text = CLUSTER + instance("var.db_class") + variable("db_class", '"db.r6g.large"')
    (finding,) = run(
        main__tf=text,
        prod__tfvars='db_class = "db.r6g.xlarge"\n',
        dev__tfvars='db_class = "db.t4g.medium"\n',
        staging__tfvars="",
    )
    assert finding.message.endswith(
        "uses provisioned classes: dev=db.t4g.medium, staging=db.r6g.large, prod=db.r6g.xlarge"
    )


def test_same_class_everywhere_names_the_environments_once() -> None:
    text = CLUSTER + instance('"db.r6g.large"')
    (finding,) = run(main__tf=text, dev__tfvars="", prod__tfvars="")
    assert finding.message.endswith("uses provisioned class db.r6g.large in dev, prod")


def test_mixed_environments_make_the_block_dynamic() -> None:
    text = CLUSTER + instance("var.db_class") + variable("db_class")
    (finding,) = run(
        main__tf=text,
        dev__tfvars='db_class = "db.serverless"\n',
        prod__tfvars='db_class = "db.r6g.large"\n',
    )
    assert finding.message.endswith(
        "uses provisioned class db.r6g.large in prod (db.serverless in dev)"
    )
    result = fixed(finding, text)
    assert (
        '  dynamic "serverlessv2_scaling_configuration" {\n'
        '    for_each = var.db_class == "db.serverless" ? [1] : []\n'
        "    content {\n"
        "      min_capacity = 0.5\n"
        "      max_capacity = 16\n"
        "    }\n"
        "  }\n"
    ) in result
    assert format_source(result) == result


def test_mixed_with_two_class_expressions_uses_contains() -> None:
    text = (
        CLUSTER
        + instance("var.writer_class", "writer")
        + instance("local.reader_class", "reader")
        + variable("writer_class", '"db.serverless"')
        + '\nlocals {\n  reader_class = "db.r6g.large"\n}\n'
    )
    (finding,) = run(main__tf=text)
    assert "aws_rds_cluster_instance.reader uses provisioned class db.r6g.large" in finding.message
    result = fixed(finding, text)
    assert (
        'for_each = contains([var.writer_class, local.reader_class], "db.serverless") ? [1] : []'
        in result
    )


def test_mixed_with_class_from_count_index_has_no_fix() -> None:
    text = CLUSTER + instance('count.index == 0 ? "db.serverless" : "db.r6g.large"', extra="")
    text += instance('"db.serverless"', "other")
    text += instance('"db.r6g.large"', "third").replace("aws_rds_cluster.main.id", '"app"')
    (finding,) = run(main__tf=text)
    # main is unknown (count.index), other is serverless, third is attached by identifier
    assert "aws_rds_cluster_instance.third uses provisioned class db.r6g.large" in finding.message
    assert finding.fix is None


def test_known_conflict_with_an_unknown_environment_is_reported_without_fix() -> None:
    text = CLUSTER + instance("var.db_class") + variable("db_class")
    (finding,) = run(main__tf=text, dev__tfvars='db_class = "db.t4g.medium"\n', prod__tfvars="")
    assert finding.message.endswith("uses provisioned class db.t4g.medium in dev")
    assert finding.fix is None


def test_environment_without_instances_is_not_a_conflict() -> None:
    extra = '  count              = var.env == "prod" ? 0 : 1\n'
    text = CLUSTER + instance('"db.r6g.large"', extra=extra) + variable("env")
    (finding,) = run(main__tf=text, dev__tfvars='env = "dev"\n', prod__tfvars='env = "prod"\n')
    assert finding.message.endswith("uses provisioned class db.r6g.large in dev")


def test_instance_of_another_cluster_is_ignored() -> None:
    other = instance('"db.r6g.large"').replace("aws_rds_cluster.main", "aws_rds_cluster.other")
    assert run(main__tf=CLUSTER + other) == []


def test_several_instances_are_listed() -> None:
    text = CLUSTER + instance('"db.r6g.large"', "a") + instance('"db.r6g.xlarge"', "b")
    (finding,) = run(main__tf=text)
    assert finding.message.endswith(
        "aws_rds_cluster_instance.a uses provisioned class db.r6g.large; "
        "aws_rds_cluster_instance.b uses provisioned class db.r6g.xlarge"
    )


def test_module_call_passes_the_class() -> None:
    root = 'module "db" {\n  source         = "./db"\n  instance_class = var.class\n}\n'
    root += variable("class")
    child = CLUSTER + instance("var.instance_class") + variable("instance_class")
    (finding,) = run(
        main__tf=root,
        **{"db/main__tf": child},
        dev__tfvars='class = "db.t4g.large"\n',
        prod__tfvars='class = "db.serverless"\n',
    )
    assert finding.path == "db/main.tf"
    assert finding.message.endswith(
        "uses provisioned class db.t4g.large in dev (db.serverless in prod)"
    )
    assert finding.fix is not None
    assert 'for_each = var.instance_class == "db.serverless"' in fixed(finding, child)


def test_ordered_environments_follow_configuration_first() -> None:
    files = {"main.tf": SourceFile("main.tf", "")}
    context = Context(files, ModelConfig(environments=["qa", "prod", "dev"]))
    names = ["dev", "prod", "qa", "sandbox"]
    assert context.project.ordered_environment_names(names) == ["qa", "prod", "dev", "sandbox"]
    plain = Context(files, ModelConfig())
    assert plain.project.ordered_environment_names(["prod", "uat", "dev"]) == ["dev", "uat", "prod"]
