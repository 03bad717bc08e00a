"""FX008 nat-gateway-per-az: one NAT gateway per AZ in every environment, production or not."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from codemods.nat_gateway_per_az.for_each import for_each_fix
from codemods.nat_gateway_per_az.prices import DEFAULT_REGION, monthly, region_of, savings
from codemods.nat_gateway_per_az.registry import vpc_findings
from fixer.codemod import Codemod, Context
from fixer.edits import Editor
from fixer.findings import Change, Finding, Fix, Severity, TextEdit
from fixer.model.conditions import environment_condition, split_environments
from fixer.model.environments import tokens
from fixer.model.instances import inside, instance_use
from fixer.model.module import Module, Resource
from fixer.model.project import DEFAULT_ENVIRONMENT, Project
from fixer.model.unknown import is_known
from fixer.module_edits import add_local, local_name
from fixer.syntax.cst import Conditional, Expression, FunctionCall, Parens, Traversal
from fixer.syntax.values import references

NAT_GATEWAY_MONTHLY_USD = monthly(DEFAULT_REGION)

_ZONE_WORDS = frozenset({"az", "azs", "zone", "zones", "availability", "subnet", "subnets"})


def unwrap(expr: Expression) -> Expression:
    """The expression inside any parentheses."""
    while isinstance(expr, Parens):
        expr = expr.expr
    return expr


# ---------------------------------------------------------------- FX008


def per_zone_count(expr: Expression) -> bool:
    """Whether a count reads like one per AZ or subnet: `length(...)` or a name saying so."""
    expr = unwrap(expr)
    if isinstance(expr, FunctionCall) and expr.name == "length" and len(expr.args) == 1:
        return True
    for ref in references(expr):
        named = ref.root in ("var", "local") and len(ref.parts) > 1
        if named and _ZONE_WORDS & set(tokens(str(ref.parts[1]))):
            return True
    return False


def uses_key(expr: Expression | None, root: str) -> bool:
    """Whether an expression uses `count.index` (root "count") or `each.*` (root "each")."""
    return expr is not None and any(ref.root == root for ref in references(expr))


def already_conditional(module: Module, expr: Expression) -> bool:
    """A conditional count, directly or through one local (`local.nat_gateway_count`)."""
    expr = unwrap(expr)
    if isinstance(expr, Conditional):
        return True
    refs = references(expr)
    if isinstance(expr, Traversal) and len(refs) == 1 and refs[0].root == "local":
        found = module.locals.get(str(refs[0].parts[1])) if len(refs[0].parts) > 1 else None
        return found is not None and isinstance(unwrap(found.expr), Conditional)
    return False


@dataclass
class Candidate:
    """A NAT gateway resource whose count (or for_each) gives one gateway per zone."""

    module: Module
    resource: Resource
    variable: str
    meta: str  # "count" or "for_each"


class NatGatewayPerAz(Codemod):
    """Finds one NAT gateway per availability zone in environments that need only one.

    ## What it does
    Reports an `aws_nat_gateway` whose `count` gives one gateway per availability zone
    or public subnet (`count = length(var.availability_zones)`,
    `length(aws_subnet.public)`, `subnet_id = aws_subnet.public[count.index].id`) in a
    module that knows its environment (an environment variable set by tfvars files or by
    the module's callers), when some non-production environment gets more than one.

    The fix adds a local to the module's `locals`

    ```hcl
    nat_gateway_count = var.environment_suffix == "prod" ? length(var.availability_zones) : 1
    ```

    (the production environments come from the project's tfvars and configuration; several
    give `contains(["prod", "production"], var.env)`), uses it as the count of the
    gateway and of the `aws_eip` it allocates, and makes every other
    `aws_nat_gateway.<name>[count.index]` (private route tables, routes) read
    `aws_nat_gateway.<name>[local.nat_gateway_count == 1 ? 0 : count.index]`, so every
    private subnet routes through the single gateway outside production.

    A `terraform-aws-modules/vpc/aws` module call is read the same way, from its
    arguments and the module's defaults (`fixer.model.registry_modules`, per version):
    `enable_nat_gateway = true` with `one_nat_gateway_per_az = true`, or
    `single_nat_gateway = false` (one gateway per subnet of the longest subnet list),
    gives several gateways; the fix sets `single_nat_gateway = var.environment != "prod"`
    (or `var.environment == "prod" ? <its value> : true`).

    The message gives the monthly saving per non-production environment, from the
    number of gateways when it resolves per environment, at the hourly NAT gateway
    price of the environment's region (the `aws` provider's `region`, resolved with the
    environment's tfvars) and 730 hours a month. The prices come from a table of the
    common regions (`prices.py`, from the Amazon VPC pricing page: $0.045 in us-east-1,
    $0.048 in eu-west-1, $0.093 in sa-east-1 ...); another region is priced as
    us-east-1, and the message says so.

    A gateway with `for_each` (over a map or a set of strings) gets the same fix in
    keys: a local keeps every key in production and the first one elsewhere
    (`{ for key, value in M : key => value if key == keys(M)[0] }`, or
    `toset(slice(sort(S), 0, 1))`), the gateway and the Elastic IPs it allocates take
    their keys from it, and every other `aws_nat_gateway.<name>[each.key]` becomes
    `[contains(keys(local.nat_gateway_subnets), each.key) ? each.key :
    keys(local.nat_gateway_subnets)[0]]`, so each private route table routes through
    its own zone's gateway where it exists and through the kept one elsewhere.

    ## Why is this bad?
    A NAT gateway costs about $33 a month before any traffic. One per AZ buys
    resilience to the loss of an AZ, which production needs and dev and staging do not:
    three AZs cost ~$65.70 a month per non-production environment for nothing.

    ## Example
    ```hcl
    resource "aws_eip" "nat" {
      count  = length(var.availability_zones)
      domain = "vpc"
    }

    resource "aws_nat_gateway" "main" {
      count         = length(var.availability_zones)
      allocation_id = aws_eip.nat[count.index].id
      subnet_id     = aws_subnet.public[count.index].id
    }

    resource "aws_route_table" "private" {
      count  = length(var.availability_zones)
      vpc_id = aws_vpc.main.id

      route {
        cidr_block     = "0.0.0.0/0"
        nat_gateway_id = aws_nat_gateway.main[count.index].id
      }
    }
    ```

    Use instead:
    ```hcl
    locals {
      nat_gateway_count = var.environment_suffix == "prod" ? length(var.availability_zones) : 1
    }

    resource "aws_eip" "nat" {
      count  = local.nat_gateway_count
      domain = "vpc"
    }

    resource "aws_nat_gateway" "main" {
      count         = local.nat_gateway_count
      allocation_id = aws_eip.nat[count.index].id
      subnet_id     = aws_subnet.public[count.index].id
    }

    resource "aws_route_table" "private" {
      count  = length(var.availability_zones)
      vpc_id = aws_vpc.main.id

      route {
        cidr_block     = "0.0.0.0/0"
        nat_gateway_id = aws_nat_gateway.main[local.nat_gateway_count == 1 ? 0 : count.index].id
      }
    }
    ```

    ## Fix safety
    Unsafe: in every non-production environment the next apply destroys all NAT gateways
    and Elastic IPs but the first, and changes the routes of the private route tables to
    the remaining gateway; connections through a destroyed gateway drop, and the
    addresses of the destroyed Elastic IPs are gone for good (allow lists that name them
    break). There is no fix when a reference cannot follow (an index other than
    `count.index` or 0, as in `aws_nat_gateway.main[1]`; with `for_each`, another
    than `each.key`), when the local's name is taken, or when a `for_each` value is
    neither a map nor a set of strings.

    ## References
    - [Amazon VPC pricing](https://aws.amazon.com/vpc/pricing/)
    - [NAT gateways](https://docs.aws.amazon.com/vpc/latest/userguide/vpc-nat-gateway.html)
    """

    code = "FX008"
    name = "nat-gateway-per-az"
    summary = "One NAT gateway per availability zone in non-production environments"
    severity = Severity.WARNING
    fix_availability = "sometimes"
    fix_safety = "unsafe"
    reads = frozenset({"calls", "homes", "tests", "facts"})  # fixer.split

    def check(self, context: Context) -> Iterator[Finding]:
        for module, variable in context.project.environment_modules():
            gateways = module.resource_blocks("aws_nat_gateway")
            for gateway in gateways:
                finding = self._check_gateway(context, module, variable, gateways, gateway)
                if finding is not None:
                    yield finding
        yield from vpc_findings(context)

    def _check_gateway(
        self,
        context: Context,
        module: Module,
        variable: str,
        gateways: list[Resource],
        gateway: Resource,
    ) -> Finding | None:
        project = context.project
        meta = gateway.count or gateway.for_each
        if meta is None or already_conditional(module, meta.expr):
            return None
        subnet = gateway.block.body.attribute("subnet_id")
        key_root = "count" if gateway.count is not None else "each"
        if not (per_zone_count(meta.expr) or uses_key(subnet.expr if subnet else None, key_root)):
            return None
        counts = self._counts(project, module, gateway)
        non_production = split_environments(project, module, variable, "production").others
        environments = [env for env in counts if env in non_production]
        if project.environments_for(module):
            environments = [env for env in environments if not _at_most_one(counts[env])]
            if not environments:
                return None
        elif not _unknown_or_more(counts.get("default")):
            return None
        regions = {
            env.name: region_of(project, module, env) for env in project.environments_for(module)
        }
        regions.setdefault(DEFAULT_ENVIRONMENT, region_of(project, module, None))
        saving = savings(counts, environments, regions)
        what = f"{gateway.address} creates one NAT gateway per availability zone"
        if gateway.count is None:
            what += " (for_each)"
            fix, blocker = for_each_fix(context.files, project, module, variable, gateways, gateway)
        else:
            fix, blocker = self._fix(context, module, variable, gateways, gateway)
        message = f"{what} in every environment; outside production one is enough: {saving}"
        if blocker:
            message += f"; no automatic fix: {blocker}"
        return context.finding(gateway.file, meta, message, fix)

    def _counts(self, project: Project, module: Module, gateway: Resource) -> dict[str, object]:
        """Environment name -> number of gateways (or UNKNOWN)."""
        if gateway.count is not None:
            expr = _subnet_count(module, gateway.count.expr)
            return project.resolve_per_environment(module, expr)
        assert gateway.for_each is not None
        values = project.resolve_per_environment(module, gateway.for_each.expr)
        return {
            env: len(value) if is_known(value) and isinstance(value, list | dict) else value
            for env, value in values.items()
        }

    def _fix(
        self,
        context: Context,
        module: Module,
        variable: str,
        gateways: list[Resource],
        gateway: Resource,
    ) -> tuple[Fix | None, str]:
        assert gateway.count is not None
        project = context.project
        name = local_name(gateways, gateway, "nat_gateway_count")
        if name in module.locals:
            return None, f"local.{name} already exists"
        eip = _allocated_eip(module, gateway)
        counted = [gateway] + (
            [eip] if eip is not None and _same_count(project, module, gateway, eip) else []
        )
        edits: list[Change] = []
        for resource in counted:
            followed = _follow_references(module, gateway, resource, name)
            if isinstance(followed, str):
                return None, followed
            edits.extend(followed)
        production = split_environments(project, module, variable, "production")
        condition = environment_condition(variable, production.values)
        original = gateway.file.text[gateway.count.expr.start : gateway.count.expr.end]
        value = f"{condition} ? {original} : 1"
        edits.extend(add_local(context.files, module, name, value, gateway.file))
        for resource in counted:
            assert resource.count is not None
            edits.extend(Editor(resource.file).replace_value(resource.count, f"local.{name}"))
        title = f"Use one NAT gateway outside production (local.{name})"
        return Fix.unsafe(title, *edits), ""


def _follow_references(
    module: Module, gateway: Resource, resource: Resource, name: str
) -> list[Change] | str:
    """Edits making `resource[count.index]` elsewhere pick the single instance when there
    is one, or why a reference cannot follow (`resource[1]`)."""
    index = f"local.{name} == 1 ? 0 : count.index"
    edits: list[Change] = []
    for source, ref in module.references_to(resource.address):
        if inside(gateway.block, ref.node) or inside(resource.block, ref.node):
            continue
        use = instance_use(ref)
        if use.index is None:
            continue
        if use.full_splat or not (use.by_count_index or use.first_instance):
            line = source.lines.position(ref.node.start).line
            text = source.text[ref.node.start : ref.node.end]
            return f"`{text}` ({source.rel}:{line}) cannot follow"
        if use.by_count_index:
            edits.append(TextEdit(source.rel, use.index.start, use.index.end, index))
    return edits


def _at_most_one(value: object) -> bool:
    return (
        is_known(value)
        and isinstance(value, int | float)
        and not isinstance(value, bool)
        and value <= 1
    )


def _unknown_or_more(value: object) -> bool:
    return value is None or not _at_most_one(value)


def _subnet_count(module: Module, expr: Expression) -> Expression:
    """For `length(aws_subnet.public)`, the subnets' own count, which the model can evaluate."""
    call = unwrap(expr)
    if not (isinstance(call, FunctionCall) and call.name == "length" and len(call.args) == 1):
        return expr
    refs = references(call.args[0])
    if len(refs) != 1 or instance_use(refs[0]).index is not None:
        return expr
    subnet = module.resources.get(refs[0].subject)
    if subnet is None or subnet.count is None:
        return expr
    return subnet.count.expr


def _allocated_eip(module: Module, gateway: Resource) -> Resource | None:
    """The counted `aws_eip` whose instance `count.index` the gateway allocates."""
    allocation = gateway.block.body.attribute("allocation_id")
    if allocation is None or not uses_key(allocation.expr, "count"):
        return None
    subjects = {ref.subject for ref in references(allocation.expr)}
    eips = [module.resources.get(s) for s in subjects if s.startswith("aws_eip.")]
    if len(eips) != 1 or eips[0] is None or eips[0].count is None:
        return None
    return eips[0]


def _same_count(project: Project, module: Module, gateway: Resource, eip: Resource) -> bool:
    """Whether the Elastic IPs are counted like the gateways (same text or same values)."""
    assert gateway.count is not None and eip.count is not None
    mine, theirs = gateway.count.expr, eip.count.expr
    if _compact(gateway.file.text[mine.start : mine.end]) == _compact(
        eip.file.text[theirs.start : theirs.end]
    ):
        return True
    ours = project.resolve_per_environment(module, _subnet_count(module, mine))
    other = project.resolve_per_environment(module, _subnet_count(module, theirs))
    return is_known(list(ours.values())) and ours == other


def _compact(text: str) -> str:
    return "".join(text.split())
