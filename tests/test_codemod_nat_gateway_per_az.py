"""FX008 nat-gateway-per-az: detection, savings, references, fixes, composition with FX009."""

from __future__ import annotations

from pathlib import Path

import pytest

from codemods.aurora_instance_count_per_environment import AuroraInstanceCountPerEnvironment
from codemods.nat_gateway_per_az import NAT_GATEWAY_MONTHLY_USD, NatGatewayPerAz, per_zone_count
from fixer.apply import apply_fixes
from fixer.codemod import Context
from fixer.config import Settings
from fixer.discover import discover
from fixer.findings import Applicability, Finding
from fixer.model.config import ModelConfig
from fixer.model.files import SourceFile
from fixer.runner import fix
from fixer.syntax.format import format_source
from fixer.syntax.parser import parse_expression

DEMO = Path(__file__).resolve().parents[1] / "examples" / "multi-env"

VARIABLES = """\
variable "environment" {
  type = string
}

variable "azs" {
  type    = list(string)
  default = ["us-east-1a", "us-east-1b", "us-east-1c"]
}

variable "public_subnet_ids" {
  type = list(string)
}
"""

GATEWAY = """
resource "aws_eip" "nat" {
  count  = length(var.azs)
  domain = "vpc"
}

resource "aws_nat_gateway" "this" {
  count         = length(var.azs)
  allocation_id = aws_eip.nat[count.index].id
  subnet_id     = var.public_subnet_ids[count.index]
}
"""


def run(config: ModelConfig | None = None, **texts: str) -> list[Finding]:
    files = {
        name.replace("__", "."): SourceFile(name.replace("__", "."), text)
        for name, text in texts.items()
    }
    codemod = NatGatewayPerAz()
    context = Context(files, config or ModelConfig(), codemod)
    return list(codemod.check(context))


def fixed(finding: Finding, **texts: str) -> dict[str, str]:
    assert finding.fix is not None
    originals = {name.replace("__", "."): text for name, text in texts.items()}
    newlines = dict.fromkeys(originals, "\n")
    return {**originals, **apply_fixes(originals, [finding.fix], newlines)}


def envs(**values: str) -> dict[str, str]:
    return {f"{name}__tfvars": f'environment = "{value}"\n' for name, value in values.items()}


# ---------------------------------------------------------------- detection


@pytest.mark.parametrize(
    ("expr", "expected"),
    [
        ("length(var.availability_zones)", True),
        ("length(aws_subnet.public)", True),
        ("length(var.public_subnets)", True),
        ("(length(local.azs))", True),
        ("var.az_count", True),
        ("local.subnetCount", True),
        ("var.number_of_zones", True),
        ("3", False),
        ("var.gateway_count", False),
    ],
)
def test_per_zone_count(expr: str, expected: bool) -> None:
    assert per_zone_count(parse_expression(expr)) is expected


def test_demo_is_reported_with_savings_per_environment() -> None:
    (finding,) = run(
        main__tf=VARIABLES + GATEWAY, **envs(dev="dev", staging="staging", prod="prod")
    )
    assert finding.code == "FX008"
    assert finding.span.start_line == 20
    assert finding.message.startswith("aws_nat_gateway.this creates one NAT gateway per")
    assert "dev: 3 -> 1 gateway saves ~$65.70/month" in finding.message
    assert "staging: 3 -> 1 gateway saves ~$65.70/month" in finding.message
    assert "prod:" not in finding.message
    assert finding.fix is not None and finding.fix.applicability == Applicability.UNSAFE


def test_price_constant_is_the_documented_one() -> None:
    assert round(NAT_GATEWAY_MONTHLY_USD, 2) == 32.85


def test_counts_from_tfvars_per_environment() -> None:
    text = VARIABLES.replace('  default = ["us-east-1a", "us-east-1b", "us-east-1c"]\n', "")
    (finding,) = run(
        main__tf=text + GATEWAY,
        dev__tfvars='environment = "dev"\nazs = ["a", "b"]\n',
        qa__tfvars='environment = "qa"\nazs = ["a", "b", "c", "d"]\n',
        prod__tfvars='environment = "prod"\nazs = ["a", "b", "c"]\n',
    )
    assert "dev: 2 -> 1 gateway saves ~$32.85/month" in finding.message
    assert "qa: 4 -> 1 gateway saves ~$98.55/month" in finding.message


def test_environment_with_one_zone_is_not_counted() -> None:
    text = VARIABLES.replace('  default = ["us-east-1a", "us-east-1b", "us-east-1c"]\n', "")
    findings = run(
        main__tf=text + GATEWAY,
        dev__tfvars='environment = "dev"\nazs = ["a"]\n',
        prod__tfvars='environment = "prod"\nazs = ["a", "b", "c"]\n',
    )
    assert findings == []


def test_only_production_environments_say_nothing() -> None:
    assert run(main__tf=VARIABLES + GATEWAY, **envs(prod="prod")) == []


def test_module_without_environment_is_not_reported() -> None:
    text = VARIABLES.replace('variable "environment" {\n  type = string\n}\n', "")
    assert run(main__tf=text + GATEWAY) == []


def test_environment_variable_without_tfvars_gives_a_rate_per_gateway() -> None:
    (finding,) = run(main__tf=VARIABLES + GATEWAY)
    assert "each non-production environment saves ~$32.85/month per gateway" in finding.message
    new = fixed(finding, main__tf=VARIABLES + GATEWAY)["main.tf"]
    assert 'contains(["prod", "production", "prd", "live"], var.environment)' in new


@pytest.mark.parametrize(
    "count",
    [
        'var.environment == "prod" ? length(var.azs) : 1',
        "local.nat_gateway_count",
        "1",
    ],
)
def test_conditional_or_single_counts_are_not_reported(count: str) -> None:
    locals_ = '\nlocals {\n  nat_gateway_count = var.environment == "prod" ? 3 : 1\n}\n'
    text = (
        VARIABLES + locals_ + GATEWAY.replace("count         = length(var.azs)", f"count = {count}")
    )
    assert run(main__tf=text, **envs(dev="dev", prod="prod")) == []


def test_literal_count_per_public_subnet_is_reported() -> None:
    text = VARIABLES + GATEWAY.replace("count         = length(var.azs)", "count         = 3")
    (finding,) = run(main__tf=text, **envs(dev="dev", prod="prod"))
    assert "dev: 3 -> 1 gateway" in finding.message


def test_literal_count_without_subnet_index_is_not_reported() -> None:
    text = VARIABLES + GATEWAY.replace("count         = length(var.azs)", "count         = 3")
    text = text.replace("var.public_subnet_ids[count.index]", "var.public_subnet_ids[0]")
    assert run(main__tf=text, **envs(dev="dev", prod="prod")) == []


def test_unknown_count_still_reports_a_rate() -> None:
    text = VARIABLES + GATEWAY.replace("length(var.azs)", "length(var.public_subnet_ids)")
    (finding,) = run(main__tf=text, **envs(dev="dev", prod="prod"))
    assert "dev: saves ~$32.85/month per gateway above one" in finding.message


# ---------------------------------------------------------------- references


def test_routes_and_eip_follow_the_local() -> None:
    routes = """
resource "aws_route" "private" {
  count                  = length(var.azs)
  route_table_id         = var.route_table_ids[count.index]
  destination_cidr_block = "0.0.0.0/0"
  nat_gateway_id         = aws_nat_gateway.this[count.index].id
}

output "ips" {
  value = aws_eip.nat[*].public_ip
}
"""
    texts = {"main__tf": VARIABLES + GATEWAY + routes, **envs(dev="dev", prod="prod")}
    (finding,) = run(**texts)
    new = fixed(finding, **texts)["main.tf"]
    assert new.count("count  = local.nat_gateway_count") == 1  # the EIP
    assert "count         = local.nat_gateway_count" in new  # the gateway
    assert "aws_nat_gateway.this[local.nat_gateway_count == 1 ? 0 : count.index].id" in new
    assert "aws_eip.nat[count.index].id" in new  # the gateway's own allocation stays
    assert 'nat_gateway_count = var.environment == "prod" ? length(var.azs) : 1' in new
    assert format_source(new) == new


def test_eip_with_another_count_keeps_it() -> None:
    text = VARIABLES + GATEWAY.replace("count  = length(var.azs)", "count  = 4")
    texts = {"main__tf": text, **envs(dev="dev", prod="prod")}
    (finding,) = run(**texts)
    new = fixed(finding, **texts)["main.tf"]
    assert "count  = 4" in new


@pytest.mark.parametrize(
    "reference",
    ["aws_nat_gateway.this[1].id", "aws_nat_gateway.this[var.i].id", "aws_eip.nat[2].public_ip"],
)
def test_references_that_cannot_follow_block_the_fix(reference: str) -> None:
    text = VARIABLES + GATEWAY + f'\noutput "x" {{\n  value = {reference}\n}}\n'
    (finding,) = run(main__tf=text, **envs(dev="dev", prod="prod"))
    assert finding.fix is None
    assert f"no automatic fix: `{reference}` (main.tf:" in finding.message


def test_first_instance_and_splat_references_are_fine() -> None:
    outputs = '\noutput "a" {\n  value = aws_nat_gateway.this[0].id\n}\n'
    outputs += '\noutput "b" {\n  value = aws_nat_gateway.this[*].id\n}\n'
    (finding,) = run(main__tf=VARIABLES + GATEWAY + outputs, **envs(dev="dev", prod="prod"))
    assert finding.fix is not None


def test_taken_local_name_blocks_the_fix() -> None:
    text = VARIABLES + GATEWAY + "\nlocals {\n  nat_gateway_count = 2\n}\n"
    (finding,) = run(main__tf=text, **envs(dev="dev", prod="prod"))
    assert finding.fix is None
    assert "local.nat_gateway_count already exists" in finding.message


def test_two_gateway_resources_get_their_own_locals() -> None:
    second = GATEWAY.replace('"nat"', '"nat_b"').replace('"this"', '"b"')
    second = second.replace("aws_eip.nat[", "aws_eip.nat_b[")
    texts = {"main__tf": VARIABLES + GATEWAY + second, **envs(dev="dev", prod="prod")}
    first, other = run(**texts)
    assert "local.this_nat_gateway_count" in fixed(first, **texts)["main.tf"]
    assert "local.b_nat_gateway_count" in fixed(other, **texts)["main.tf"]


def test_for_each_is_fixed_with_one_key_outside_production() -> None:
    text = """\
variable "environment" {
  type = string
}

resource "aws_nat_gateway" "this" {
  for_each      = var.public_subnets
  allocation_id = aws_eip.nat[each.key].id
  subnet_id     = each.value
}

variable "public_subnets" {
  type = map(string)
}
"""
    (finding,) = run(
        main__tf=text,
        dev__tfvars='environment = "dev"\npublic_subnets = { a = "s-1", b = "s-2" }\n',
        prod__tfvars='environment = "prod"\npublic_subnets = { a = "s-1", b = "s-2" }\n',
    )
    assert finding.fix is not None
    assert "dev: 2 -> 1 gateway saves ~$32.85/month" in finding.message
    assert "no automatic fix" not in finding.message
    new = fixed(finding, main__tf=text)["main.tf"]
    assert "for_each      = local.nat_gateway_subnets" in new
    assert 'var.environment == "prod" ? var.public_subnets : {' in new
    assert "if key == keys(var.public_subnets)[0]" in new


# ---------------------------------------------------------------- conditions and locals


def test_several_production_environments_use_contains() -> None:
    texts = {"main__tf": VARIABLES + GATEWAY, **envs(dev="dev", prod="prod", prod_eu="prod-eu")}
    (finding,) = run(**texts)
    new = fixed(finding, **texts)["main.tf"]
    assert 'contains(["prod", "prod-eu"], var.environment) ? length(var.azs) : 1' in new


def test_configured_production_environments() -> None:
    texts = {"main__tf": VARIABLES + GATEWAY, **envs(dev="dev", live="live", main="main")}
    config = ModelConfig(production_environments=["main"])
    (finding,) = run(config, **texts)
    assert "live: 3 -> 1" in finding.message and "main:" not in finding.message
    new = fixed(finding, **texts)["main.tf"]
    assert 'var.environment == "main" ? length(var.azs) : 1' in new


def test_local_goes_to_the_locals_file() -> None:
    locals_ = 'locals {\n  name = "x"\n}\n'
    texts = {
        "main__tf": VARIABLES + GATEWAY,
        "locals__tf": locals_,
        **envs(dev="dev", prod="prod"),
    }
    (finding,) = run(**texts)
    new = fixed(finding, **texts)
    assert new["locals.tf"] == (
        "locals {\n"
        '  name              = "x"\n'
        '  nat_gateway_count = var.environment == "prod" ? length(var.azs) : 1\n'
        "}\n"
    )


def test_environment_from_the_caller() -> None:
    root = """\
variable "stage" {
  type = string
}

module "net" {
  source            = "./modules/net"
  environment       = var.stage
  public_subnet_ids = ["s-1", "s-2", "s-3"]
}
"""
    files = {
        "main.tf": root,
        "dev.tfvars": 'stage = "dev"\n',
        "prod.tfvars": 'stage = "prod"\n',
        "modules/net/main.tf": VARIABLES + GATEWAY,
    }
    codemod = NatGatewayPerAz()
    context = Context({k: SourceFile(k, v) for k, v in files.items()}, ModelConfig(), codemod)
    (finding,) = codemod.check(context)
    assert finding.path == "modules/net/main.tf"
    assert "dev: 3 -> 1 gateway saves ~$65.70/month" in finding.message


# ---------------------------------------------------------------- the demo, with FX009


def test_demo_with_fx009_converges_and_a_second_run_is_empty() -> None:
    target = discover(DEMO, str(DEMO))
    codemods = (NatGatewayPerAz, AuroraInstanceCountPerEnvironment)
    outcome = fix(target.files, codemods, Settings(), Applicability.UNSAFE)
    assert not outcome.errors
    assert outcome.fixed == {"FX008": 1, "FX009": 1}
    locals_tf = outcome.texts["locals.tf"]
    assert '  aurora_instance_count = var.environment_suffix == "dev" ? 1 : 2\n' in locals_tf
    assert '  nat_gateway_count     = var.environment_suffix == "prod"' in locals_tf
    files = {**target.files, **{rel: SourceFile(rel, t) for rel, t in outcome.texts.items()}}
    again = fix(files, codemods, Settings(), Applicability.UNSAFE)
    assert again.texts == {} and again.findings == []
    for text in outcome.texts.values():
        assert format_source(text) == text
