"""FX002 aurora-serverless-provisioned-instance: Serverless v2 scaling on provisioned instances."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from fixer.codemod import Codemod, Context
from fixer.edits import Editor
from fixer.findings import Finding, Fix, Severity, TextEdit
from fixer.model.module import Module, ModuleCall, Resource
from fixer.model.project import DEFAULT_ENVIRONMENT, Project
from fixer.model.registry_modules import (
    AURORA,
    RegistryModule,
    aurora_instances,
    aurora_scaling,
    calls_of,
    environments_of,
)
from fixer.model.unknown import UNKNOWN
from fixer.syntax.cst import BinaryOp, Block, Conditional, Expression, Template
from fixer.syntax.format import format_fragment
from fixer.syntax.values import references

SERVERLESS_CLASS = "db.serverless"
SCALING_BLOCK = "serverlessv2_scaling_configuration"
_ABSENT = object()  # the instance does not exist in an environment (count = 0)
_LIFTABLE_ROOTS = frozenset({"var", "local"})


@dataclass
class _Instance:
    """An instance attached to the cluster and its class in each environment."""

    resource: Resource
    classes: dict[str, object]  # environment -> class, UNKNOWN, or _ABSENT

    @property
    def class_expr(self) -> Expression | None:
        attr = self.resource.block.body.attribute("instance_class")
        return attr.expr if attr else None


class AuroraServerlessProvisionedInstance(Codemod):
    """Reports Aurora clusters with a Serverless v2 scaling configuration whose instances
    use provisioned instance classes, and removes the scaling configuration.

    ## What it does
    Finds an `aws_rds_cluster` with a `serverlessv2_scaling_configuration` block and the
    `aws_rds_cluster_instance` resources attached to it (their `cluster_identifier`
    refers to the cluster). It resolves each instance's `instance_class` in every
    environment (literal, variable default, tfvars value, also through module calls)
    and reports the cluster when a class other than `db.serverless` shows up.

    When every attached instance is provisioned in every environment, the fix removes
    the scaling block with its comments. When some environments run `db.serverless`
    instances and others provisioned ones, the fix turns the block into a `dynamic`
    block that exists only where the instance class is `db.serverless`.

    A `terraform-aws-modules/rds-aurora/aws` module call is read the same way
    (`fixer.model.registry_modules`): `serverlessv2_scaling_configuration` beside
    `instances` whose `instance_class` (else the module's `instance_class` or
    `cluster_instance_class`) is provisioned; the fix removes the argument.

    Nothing is reported when every attached instance is `db.serverless`, or when no
    class is known to be provisioned. No fix is offered when a class cannot be resolved
    in some environment, or when a mixed setup's class cannot be read at the cluster.

    ## Why is this bad?
    Serverless v2 capacity (ACUs) only applies to `db.serverless` instances. On a cluster
    whose instances are provisioned (`db.r6g.large` ...), the scaling block does nothing:
    the instances run at their fixed size and price, never scale down to the minimum
    nor up to the maximum the block promises. Reviewers read "0.5 to 16 ACUs" and plan
    cost and capacity on a database that does not behave that way.

    ## Example
    ```hcl
    resource "aws_rds_cluster" "main" {
      engine      = "aurora-postgresql"
      engine_mode = "provisioned"

      # Scale between half an ACU and 16 ACUs.
      serverlessv2_scaling_configuration {
        min_capacity = 0.5
        max_capacity = 16
      }
    }

    resource "aws_rds_cluster_instance" "main" {
      cluster_identifier = aws_rds_cluster.main.id
      instance_class     = "db.r6g.large"
      engine             = aws_rds_cluster.main.engine
    }
    ```

    Use instead:
    ```hcl
    resource "aws_rds_cluster" "main" {
      engine      = "aurora-postgresql"
      engine_mode = "provisioned"
    }

    resource "aws_rds_cluster_instance" "main" {
      cluster_identifier = aws_rds_cluster.main.id
      instance_class     = "db.r6g.large"
      engine             = aws_rds_cluster.main.engine
    }
    ```

    If the intent was Serverless v2, keep the block and set `instance_class =
    "db.serverless"` instead (that changes the instances: not something to automate).

    ## Fix safety
    Safe. Removing the block is at most an in-place update of the `aws_rds_cluster`: no
    instance is touched, nothing is replaced or destroyed, nobody loses access. The RDS
    API cannot unset a cluster's Serverless v2 capacity range, so AWS keeps it; recent
    AWS providers (5.80.1 and later) suppress the resulting difference and the plan
    shows no change, some older ones show an in-place update that changes nothing. In a
    mixed setup the `dynamic` block renders the same configuration where instances are
    `db.serverless`, so those environments see no change at all. Were an instance later
    switched to `db.serverless`, AWS would refuse it until a capacity range is set again:
    a failed apply, not a destroyed resource.

    ## References
    - [Aurora Serverless v2 requirements](https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/aurora-serverless-v2.requirements.html)
    - [aws_rds_cluster](https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/rds_cluster)
    """

    code = "FX002"
    name = "aurora-serverless-provisioned-instance"
    summary = "Aurora cluster has a Serverless v2 scaling configuration but provisioned instances"
    severity = Severity.ERROR
    fix_availability = "sometimes"
    fix_safety = "safe"
    reads = frozenset({"calls", "homes", "tests"})  # fixer.split

    def check(self, context: Context) -> Iterator[Finding]:
        project = context.project
        for module in project.modules.values():
            for cluster in module.resource_blocks("aws_rds_cluster"):
                scaling = cluster.block.body.first_block(SCALING_BLOCK)
                if scaling is None:
                    continue
                finding = _check_cluster(context, project, module, cluster, scaling)
                if finding is not None:
                    yield finding
        for call, row in calls_of(project, AURORA):
            finding = _check_module_call(context, project, call, row)
            if finding is not None:
                yield finding


def _check_module_call(
    context: Context, project: Project, call: ModuleCall, row: RegistryModule
) -> Finding | None:
    """An rds-aurora module call with `serverlessv2_scaling_configuration` whose
    `instances` are provisioned (their `instance_class`, else the module's)."""
    scaling = call.arguments.get("serverlessv2_scaling_configuration")
    if scaling is None:
        return None
    provisioned: dict[str, str] = {}
    serverless: list[str] = []
    unknown = False
    for env in environments_of(project, call):
        name = env.name if env is not None else DEFAULT_ENVIRONMENT
        if aurora_scaling(project, call, row, env) is not True:
            unknown = True
            continue
        instances = aurora_instances(project, call, row, env)
        if instances is None:
            unknown = True
            continue
        for value in instances.values():
            if value == SERVERLESS_CLASS:
                serverless.append(name)
            elif isinstance(value, str):
                provisioned.setdefault(name, value)
            else:
                unknown = True
    if not provisioned:
        return None
    envs = project.ordered_environment_names(provisioned)
    message = (
        f"module.{call.name} ({AURORA}) sets serverlessv2_scaling_configuration but its "
        f"instances use {_describe(provisioned, envs)}"
    )
    if serverless:
        message += f" ({SERVERLESS_CLASS} in {', '.join(dict.fromkeys(serverless))})"
    fix = None
    if not serverless and not unknown:
        title = f"Remove serverlessv2_scaling_configuration from module.{call.name}"
        fix = Fix.safe(title, *Editor(call.file).remove_attribute(scaling))
    return context.finding(call.file, scaling, message, fix)


def _check_cluster(
    context: Context, project: Project, module: Module, cluster: Resource, scaling: Block
) -> Finding | None:
    instances = [
        _Instance(resource, _classes(project, module, resource))
        for resource in attached_instances(project, module, cluster)
    ]
    conflicts = [
        (instance, provisioned)
        for instance in instances
        if (provisioned := _provisioned(instance.classes))
    ]
    if not conflicts:
        return None
    envs = project.ordered_environment_names([env for i in instances for env in i.classes])
    serverless = [env for env in envs if _serverless_in(instances, env)]
    parts = [
        f"{instance.resource.address} uses {_describe(provisioned, envs)}"
        for instance, provisioned in conflicts
    ]
    message = f"{cluster.address} has {SCALING_BLOCK} but {'; '.join(parts)}"
    if serverless:
        message += f" ({SERVERLESS_CLASS} in {', '.join(serverless)})"
    fix = _fix(cluster, scaling, instances, bool(serverless))
    return context.finding(cluster.file, (scaling.start, scaling.open_brace.end), message, fix)


def attached_instances(project: Project, module: Module, cluster: Resource) -> list[Resource]:
    """The module's `aws_rds_cluster_instance` resources whose `cluster_identifier`
    refers to the cluster, or equals the cluster's identifier in every environment."""
    own_id = cluster.block.body.attribute("cluster_identifier")
    found = []
    for instance in module.resource_blocks("aws_rds_cluster_instance"):
        attr = instance.block.body.attribute("cluster_identifier")
        if attr is None:
            continue
        refers = any(ref.subject == cluster.address for ref in references(attr.expr))
        if refers or (
            own_id is not None and _same_everywhere(project, module, attr.expr, own_id.expr)
        ):
            found.append(instance)
    return found


def _same_everywhere(project: Project, module: Module, a: Expression, b: Expression) -> bool:
    mine = project.resolve_per_environment(module, a)
    theirs = project.resolve_per_environment(module, b)
    return all(isinstance(value, str) and value == theirs.get(env) for env, value in mine.items())


def _classes(project: Project, module: Module, instance: Resource) -> dict[str, object]:
    """Environment -> the instance's class (a string), UNKNOWN, or _ABSENT (count = 0)."""
    attr = instance.block.body.attribute("instance_class")
    if attr is None:
        return {DEFAULT_ENVIRONMENT: UNKNOWN}
    classes = project.resolve_per_environment(module, attr.expr)
    count = instance.count
    counts = project.resolve_per_environment(module, count.expr) if count is not None else {}
    result: dict[str, object] = {}
    for env, value in classes.items():
        if counts.get(env, 1) == 0:
            result[env] = _ABSENT
        else:
            result[env] = value if isinstance(value, str) else UNKNOWN
    return result


def _provisioned(classes: dict[str, object]) -> dict[str, str]:
    return {
        env: value
        for env, value in classes.items()
        if isinstance(value, str) and value != SERVERLESS_CLASS
    }


def _serverless_in(instances: list[_Instance], env: str) -> bool:
    return any(instance.classes.get(env) == SERVERLESS_CLASS for instance in instances)


def _describe(provisioned: dict[str, str], envs: list[str]) -> str:
    """`provisioned class db.r6g.large in dev, prod` or `provisioned classes: dev=..., ...`."""
    ordered = [env for env in envs if env in provisioned]
    classes = {provisioned[env] for env in ordered}
    if len(classes) == 1:
        (only,) = classes
        if ordered == [DEFAULT_ENVIRONMENT]:
            return f"provisioned class {only}"
        return f"provisioned class {only} in {', '.join(ordered)}"
    pairs = ", ".join(f"{env}={provisioned[env]}" for env in ordered)
    return f"provisioned classes: {pairs}"


# ---------------------------------------------------------------- the fix


def _fix(cluster: Resource, scaling: Block, instances: list[_Instance], mixed: bool) -> Fix | None:
    if any(value is UNKNOWN for i in instances for value in i.classes.values()):
        return None  # a class we cannot see might be db.serverless and need the block
    editor = Editor(cluster.file)
    if not mixed:
        title = f"Remove {SCALING_BLOCK} from {cluster.address}"
        return Fix.safe(title, *editor.remove_block(scaling))
    condition = _serverless_condition(instances)
    if condition is None or _has_heredoc(scaling):
        return None
    edit = _make_dynamic(editor, scaling, condition)
    title = f"Keep {SCALING_BLOCK} of {cluster.address} only where instances are serverless"
    return Fix.safe(title, edit)


def _serverless_condition(instances: list[_Instance]) -> str | None:
    """`<class> == "db.serverless"` as cluster-level HCL, or None when a class expression
    refers to something the cluster cannot see (`count.index`, `each`, resources)."""
    texts: list[str] = []
    for instance in instances:
        expr = instance.class_expr
        if expr is None or not _liftable(expr):
            return None
        text = instance.resource.file.text[expr.start : expr.end]
        if text not in texts:
            texts.append(text)
    if len(texts) == 1:
        expr = instances[0].class_expr
        wrapped = f"({texts[0]})" if isinstance(expr, Conditional | BinaryOp) else texts[0]
        return f'{wrapped} == "{SERVERLESS_CLASS}"'
    return f'contains([{", ".join(texts)}], "{SERVERLESS_CLASS}")'


def _liftable(expr: Expression) -> bool:
    """Whether an expression means the same in the cluster: it only uses var. and local."""
    return all(ref.root in _LIFTABLE_ROOTS for ref in references(expr))


def _has_heredoc(block: Block) -> bool:
    """Heredoc lines cannot be re-indented without changing the string."""
    return any(isinstance(node, Template) and node.heredoc for node in block.walk())


def _make_dynamic(editor: Editor, block: Block, condition: str) -> TextEdit:
    """Replace `name { ... }` with a `dynamic "name"` block rendered only when `condition`."""
    text = editor.text
    inner = text[block.open_brace.end : block.close_brace.start].strip("\n").rstrip(" \t")
    lines = "\n".join(line.strip() for line in inner.splitlines())
    source = (
        f'dynamic "{block.type}" {{\n'
        f"for_each = {condition} ? [1] : []\n"
        f"content {{\n{lines}\n}}\n"
        f"}}\n"
    )
    level = editor.level(editor.parent_body(block))
    formatted = format_fragment(source, level).lstrip(" ").removesuffix("\n")
    return TextEdit.replacement(editor.source.rel, block.start, block.end, formatted)
