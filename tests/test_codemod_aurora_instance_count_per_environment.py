"""FX009 aurora-instance-count-per-environment: detection, messages and fixes."""

from __future__ import annotations

import pytest

from codemods.aurora_instance_count_per_environment import AuroraInstanceCountPerEnvironment
from fixer.apply import apply_fixes
from fixer.codemod import Context
from fixer.findings import Applicability, Finding
from fixer.model.config import ModelConfig
from fixer.model.files import SourceFile
from fixer.syntax.format import format_source

VARIABLE = 'variable "env" {\n  type = string\n}\n'


def instance(count: str, name: str = "main", extra: str = "") -> str:
    return f"""
resource "aws_rds_cluster_instance" "{name}" {{
  count              = {count}
  identifier         = "db-${{count.index}}"
  cluster_identifier = aws_rds_cluster.main.id
  instance_class     = "db.r6g.large"
}}
{extra}"""


def run(config: ModelConfig | None = None, **texts: str) -> list[Finding]:
    files = {
        name.replace("__", "."): SourceFile(name.replace("__", "."), text)
        for name, text in texts.items()
    }
    codemod = AuroraInstanceCountPerEnvironment()
    context = Context(files, config or ModelConfig(), codemod)
    return list(codemod.check(context))


def fixed(finding: Finding, **texts: str) -> dict[str, str]:
    assert finding.fix is not None
    originals = {name.replace("__", "."): text for name, text in texts.items()}
    newlines = dict.fromkeys(originals, "\n")
    return {**originals, **apply_fixes(originals, [finding.fix], newlines)}


def envs(*names: str) -> dict[str, str]:
    return {f"{name}__tfvars": f'env = "{name}"\n' for name in names}


def test_count_2_is_reported_and_fixed() -> None:
    texts = {"main__tf": VARIABLE + instance("2"), **envs("dev", "staging", "prod")}
    (finding,) = run(**texts)
    assert finding.code == "FX009"
    assert finding.message == (
        "aws_rds_cluster_instance.main runs 2 Aurora instances in every environment; "
        "one is enough in development (dev): use 1 there and keep 2 in prod, staging"
    )
    assert finding.fix is not None and finding.fix.applicability == Applicability.UNSAFE
    new = fixed(finding, **texts)["main.tf"]
    assert "  count              = local.aurora_instance_count\n" in new
    assert new.endswith('\nlocals {\n  aurora_instance_count = var.env == "dev" ? 1 : 2\n}\n')
    assert format_source(new) == new


def test_count_3_with_several_development_environments() -> None:
    texts = {"main__tf": VARIABLE + instance("3"), **envs("dev", "sandbox", "prod")}
    (finding,) = run(**texts)
    assert "development (dev, sandbox)" in finding.message
    new = fixed(finding, **texts)["main.tf"]
    assert 'aurora_instance_count = contains(["dev", "sandbox"], var.env) ? 1 : 3' in new


def test_development_names_come_from_the_environment_values() -> None:
    texts = {
        "main__tf": VARIABLE + instance("2"),
        "envs/development__tfvars": 'env = "development"\n',
        "envs/production__tfvars": 'env = "production"\n',
    }
    (finding,) = run(**texts)
    new = fixed(finding, **texts)["main.tf"]
    assert 'var.env == "development" ? 1 : 2' in new


def test_configured_development_environments() -> None:
    texts = {"main__tf": VARIABLE + instance("2"), **envs("scratch", "prod")}
    assert run(**texts) == []
    (finding,) = run(ModelConfig(development_environments=["scratch"]), **texts)
    assert 'var.env == "scratch" ? 1 : 2' in fixed(finding, **texts)["main.tf"]


def test_no_tfvars_uses_the_configured_development_names() -> None:
    (finding,) = run(main__tf=VARIABLE + instance("2"))
    assert "development (dev, development, test, sandbox, local)" in finding.message
    assert "keep 2 in the other environments" in finding.message


@pytest.mark.parametrize("count", ["1", "0", "var.instances", "local.n", "true", "2.5"])
def test_other_counts_are_not_reported(count: str) -> None:
    assert run(main__tf=VARIABLE + instance(count), **envs("dev", "prod")) == []


def test_module_without_environment_is_not_reported() -> None:
    assert run(main__tf=instance("2")) == []


def test_environments_without_development_are_not_reported() -> None:
    assert run(main__tf=VARIABLE + instance("2"), **envs("staging", "prod")) == []


@pytest.mark.parametrize(
    "reference",
    [
        "aws_rds_cluster_instance.main[1].endpoint",
        "aws_rds_cluster_instance.main[count.index].id",
        "aws_rds_cluster_instance.main[*].id[1]",
    ],
)
def test_references_past_the_first_instance_block_the_fix(reference: str) -> None:
    extra = f'\noutput "x" {{\n  value = {reference}\n}}\n'
    (finding,) = run(main__tf=VARIABLE + instance("2", extra=extra), **envs("dev", "prod"))
    assert finding.fix is None
    assert "no automatic fix" in finding.message and reference in finding.message


def test_first_instance_and_splat_references_are_fine() -> None:
    extra = (
        '\noutput "w" {\n  value = aws_rds_cluster_instance.main[0].id\n}\n'
        '\noutput "all" {\n  value = aws_rds_cluster_instance.main[*].endpoint\n}\n'
    )
    (finding,) = run(main__tf=VARIABLE + instance("2", extra=extra), **envs("dev", "prod"))
    assert finding.fix is not None


def test_taken_local_name_blocks_the_fix() -> None:
    extra = "\nlocals {\n  aurora_instance_count = 2\n}\n"
    (finding,) = run(main__tf=VARIABLE + instance("2", extra=extra), **envs("dev", "prod"))
    assert finding.fix is None
    assert "local.aurora_instance_count already exists" in finding.message


def test_two_instance_resources_get_their_own_locals() -> None:
    text = VARIABLE + instance("2") + instance("2", name="reporting")
    texts = {"main__tf": text, **envs("dev", "prod")}
    first, second = run(**texts)
    assert "local.main_aurora_instance_count" in fixed(first, **texts)["main.tf"]
    assert "local.reporting_aurora_instance_count" in fixed(second, **texts)["main.tf"]


def test_local_joins_an_existing_locals_block_in_locals_tf() -> None:
    texts = {
        "main__tf": VARIABLE + instance("2"),
        "locals__tf": 'locals {\n  prefix = "app"\n}\n',
        **envs("dev", "prod"),
    }
    (finding,) = run(**texts)
    assert fixed(finding, **texts)["locals.tf"] == (
        'locals {\n  prefix                = "app"\n'
        '  aurora_instance_count = var.env == "dev" ? 1 : 2\n}\n'
    )
