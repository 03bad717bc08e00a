"""What a NAT gateway costs by the hour, per region, and the region of an environment.

Hourly charge of one NAT gateway, in USD, from the Amazon VPC pricing page
(aws.amazon.com/vpc/pricing, "NAT Gateway Pricing", on-demand, as published in 2024 and
2025) for the regions most used; data processing (per GB) comes on top and does not
depend on the number of gateways. A region not listed is priced at us-east-1's rate,
and the message says so. A month is taken as 730 hours (8,760 / 12).
"""

from __future__ import annotations

from fixer.model.environments import Environment
from fixer.model.module import Module
from fixer.model.project import DEFAULT_ENVIRONMENT, Project
from fixer.model.unknown import is_known

NAT_GATEWAY_HOURLY_USD: dict[str, float] = {
    "us-east-1": 0.045,  # US East (N. Virginia)
    "us-east-2": 0.045,  # US East (Ohio)
    "us-west-1": 0.048,  # US West (N. California)
    "us-west-2": 0.045,  # US West (Oregon)
    "ca-central-1": 0.05,  # Canada (Central)
    "eu-west-1": 0.048,  # Europe (Ireland)
    "eu-west-2": 0.05,  # Europe (London)
    "eu-central-1": 0.052,  # Europe (Frankfurt)
    "ap-south-1": 0.056,  # Asia Pacific (Mumbai)
    "ap-southeast-1": 0.059,  # Asia Pacific (Singapore)
    "ap-southeast-2": 0.059,  # Asia Pacific (Sydney)
    "ap-northeast-1": 0.062,  # Asia Pacific (Tokyo)
    "sa-east-1": 0.093,  # South America (Sao Paulo)
}
DEFAULT_REGION = "us-east-1"
HOURS_PER_MONTH = 730


def hourly(region: str | None) -> float:
    """The hourly price of one gateway in a region (us-east-1's when not listed)."""
    return NAT_GATEWAY_HOURLY_USD.get(
        region or DEFAULT_REGION, NAT_GATEWAY_HOURLY_USD[DEFAULT_REGION]
    )


def monthly(region: str | None) -> float:
    return hourly(region) * HOURS_PER_MONTH


def region_of(project: Project, module: Module, env: Environment | None) -> str | None:
    """The region the default `aws` provider configuration gives in an environment: the
    module's own, else its root module's (`region = var.aws_region`, resolved with the
    environment's tfvars); None when it cannot be known."""
    candidates = [module]
    if env is not None and env.module is not None:
        candidates.append(env.module)
    candidates += [root for root in project.root_modules if root not in candidates]
    for candidate in candidates:
        provider = candidate.providers.get("aws")
        if provider is None:
            continue
        attr = provider.block.body.attribute("region")
        if attr is None:
            return None
        value = project.evaluate(candidate, attr.expr, env)
        return value if isinstance(value, str) else None
    return None


def rate_note(regions: list[str | None]) -> str:
    """`(at $0.048/h in eu-west-1, 730 h/month)`, saying which price stands in for a
    region that is unknown or not in the table."""
    known = sorted({region for region in regions if region in NAT_GATEWAY_HOURLY_USD})
    rates = ", ".join(f"${hourly(region)}/h in {region}" for region in known)
    missing = sorted(
        {region for region in regions if region not in NAT_GATEWAY_HOURLY_USD and region}
    )
    notes = []
    if missing:
        notes.append(f"{', '.join(missing)} priced as {DEFAULT_REGION}, not in fixer's price table")
    if None in regions:
        notes.append(f"{DEFAULT_REGION}'s ${hourly(None)}/h where the region is not known")
    parts = [part for part in (f"at {rates}" if rates else "", *notes) if part]
    return f"({'; '.join(parts)}, {HOURS_PER_MONTH} h/month)"


def money(value: float) -> str:
    return f"${value:,.2f}"


def savings(
    counts: dict[str, object], environments: list[str], regions: dict[str, str | None]
) -> str:
    """What one gateway instead of several saves a month, per environment, at the NAT
    gateway price of the environment's region."""
    if not environments:
        region = regions.get(DEFAULT_ENVIRONMENT)
        per_gateway = f"~{money(monthly(region))}/month per gateway above one"
        return f"each non-production environment saves {per_gateway} {rate_note([region])}"
    parts = []
    for env in environments:
        value, region = counts[env], regions.get(env)
        if is_known(value) and isinstance(value, int) and not isinstance(value, bool):
            saved = (value - 1) * monthly(region)
            parts.append(f"{env}: {value} -> 1 gateway saves ~{money(saved)}/month")
        else:
            parts.append(f"{env}: saves ~{money(monthly(region))}/month per gateway above one")
    return ", ".join(parts) + " " + rate_note([regions.get(env) for env in environments])
