"""FX008 on terraform-aws-modules/vpc: NAT gateways asked for as module arguments.

The module creates `single_nat_gateway ? 1 : one_nat_gateway_per_az ? length(azs) : the
longest subnet list` gateways when `enable_nat_gateway` is true (see
`fixer.model.registry_modules`). The fix makes `single_nat_gateway` true outside
production: `single_nat_gateway = var.environment != "prod"` (or, when it was set from
something else, `var.environment == "prod" ? <that> : true`).
"""

from __future__ import annotations

from collections.abc import Iterator

from codemods.nat_gateway_per_az.prices import region_of, savings
from fixer.codemod import Context
from fixer.edits import Editor
from fixer.findings import Finding, Fix
from fixer.model.conditions import environment_condition, split_environments
from fixer.model.environments import Environment
from fixer.model.module import ModuleCall
from fixer.model.project import DEFAULT_ENVIRONMENT, Project
from fixer.model.registry_modules import VPC, RegistryModule, calls_of, input_value
from fixer.model.unknown import UNKNOWN
from fixer.syntax.values import try_literal


def nat_gateways(
    project: Project, call: ModuleCall, row: RegistryModule, env: Environment | None
) -> object:
    """How many NAT gateways a vpc module call creates in an environment, or UNKNOWN."""

    def value(name: str) -> object:
        return input_value(project, call, row, name, env)

    enabled = value("enable_nat_gateway")
    if enabled is False:
        return 0
    single, per_az = value("single_nat_gateway"), value("one_nat_gateway_per_az")
    if not isinstance(enabled, bool) or not isinstance(single, bool):
        return UNKNOWN
    if single:
        return 1
    if not isinstance(per_az, bool):
        return UNKNOWN
    if per_az:
        azs = value("azs")
        return len(azs) if isinstance(azs, list) else UNKNOWN  # its items may be unknown
    lengths = [value(name) for name in row.facts["nat_subnet_inputs"]]  # type: ignore[union-attr]
    if not all(isinstance(v, list) for v in lengths):
        return UNKNOWN
    return max(len(v) for v in lengths)  # type: ignore[arg-type]


def vpc_findings(context: Context) -> Iterator[Finding]:
    project = context.project
    for call, row in calls_of(project, VPC):
        variable = project.environment_variable(call.caller)
        envs = project.environments_for(call.caller)
        if variable is None or not envs:
            continue
        split = split_environments(project, call.caller, variable, "production")
        counts = {env.name: nat_gateways(project, call, row, env) for env in envs}
        others = [
            name
            for name in split.others
            if isinstance(counts.get(name), int) and counts[name] > 1  # type: ignore[operator]
        ]
        if not others:
            continue
        regions = {env.name: region_of(project, call.caller, env) for env in envs}
        regions.setdefault(DEFAULT_ENVIRONMENT, region_of(project, call.caller, None))
        saving = savings(counts, others, regions)
        message = (
            f"module.{call.name} ({VPC}) creates one NAT gateway per availability zone or "
            f"subnet in every environment; outside production one is enough: {saving}"
        )
        condition = environment_condition(variable, split.values)
        fix = _fix(call, condition)
        where = call.arguments.get("single_nat_gateway") or call.arguments.get(
            "one_nat_gateway_per_az"
        )
        span = where if where is not None else (call.block.start, call.block.open_brace.end)
        yield context.finding(call.file, span, message, fix)


def _fix(call: ModuleCall, production: str) -> Fix:
    """`single_nat_gateway` true outside production."""
    current = call.arguments.get("single_nat_gateway")
    ok, value = try_literal(current.expr if current is not None else None)
    if current is None or (ok and value is False):
        new = f"!({production})" if production.startswith("contains(") else _negate(production)
    else:
        text = call.file.text[current.expr.start : current.expr.end]
        new = f"{production} ? {text} : true"
    edits = Editor(call.file).set_attribute(call.block, "single_nat_gateway", new)
    return Fix.unsafe(f"Use one NAT gateway outside production (module.{call.name})", *edits)


def _negate(condition: str) -> str:
    """`var.env == "prod"` -> `var.env != "prod"`."""
    return condition.replace(" == ", " != ", 1)
