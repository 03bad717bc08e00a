"""FX009 aurora-instance-count-per-environment: a fixed count of Aurora instances in dev too."""

from __future__ import annotations

from collections.abc import Iterator

from fixer.codemod import Codemod, Context
from fixer.edits import Editor
from fixer.findings import Finding, Fix, Severity
from fixer.model.conditions import environment_condition, split_environments
from fixer.model.instances import inside, instance_use
from fixer.model.module import Module, ModuleCall, Resource
from fixer.model.registry_modules import AURORA, RegistryModule, aurora_instances, calls_of
from fixer.module_edits import add_local, local_name
from fixer.syntax.cst import Expression, Object, Parens, Traversal
from fixer.syntax.values import references, try_literal


def literal_count(resource: Resource) -> int | None:
    """The resource's count when it is a whole-number literal, else None."""
    ok, value = try_literal(resource.count.expr if resource.count else None)
    if ok and isinstance(value, int) and not isinstance(value, bool):
        return value
    return None


def _plain_count(expr: Expression) -> bool:
    """A count written as a number or read from one variable or local (`var.db_instance_count`),
    not an expression that already computes it (`1 + var.reader_count`)."""
    while isinstance(expr, Parens):
        expr = expr.expr
    ok, _ = try_literal(expr)
    if ok:
        return True
    refs = references(expr)
    return (
        isinstance(expr, Traversal)
        and len(refs) == 1
        and refs[0].node is expr
        and refs[0].root in ("var", "local")
        and len(refs[0].parts) == 2
    )


def _whole(value: object) -> int:
    """A known whole number, else 0."""
    if isinstance(value, bool) or not isinstance(value, int | float) or value != int(value):
        return 0
    return int(value)


class AuroraInstanceCountPerEnvironment(Codemod):
    """Finds a fixed number of Aurora instances in every environment, dev included.

    ## What it does
    Reports an `aws_rds_cluster_instance` whose `count` is 2 or more in a development
    environment, written as a number or read from a variable or local
    (`count = var.db_instance_count`, whose default applies wherever no tfvars file sets
    it), in a module that knows its environment (an environment variable set by tfvars files or
    by the module's callers) and has development environments (`dev`, `test`,
    `sandbox` ... from the project's tfvars and configuration). The fix adds a local to
    the module's `locals`

    ```hcl
    aurora_instance_count = var.environment_suffix == "dev" ? 1 : 2
    ```

    and uses it as the count; several development environments give
    `contains(["dev", "test"], var.env) ? 1 : 2`, and a count read from a variable keeps
    it for the other environments (`var.env == "dev" ? 1 : var.db_instance_count`).

    A `terraform-aws-modules/rds-aurora/aws` module call counts the entries of its
    `instances` map (`fixer.model.registry_modules`); the fix keeps the first one in
    development: `instances = var.environment == "dev" ? { one = {} } : { one = {}, two = {} }`.

    ## Why is this bad?
    The second instance of an Aurora cluster is a reader that takes over when the
    writer fails: production needs it, a development environment does not, and it
    costs as much as the writer (a `db.r6g.large` is about $190 a month).

    ## Example
    ```hcl
    resource "aws_rds_cluster_instance" "main" {
      count              = 2
      identifier         = "app-aurora-${count.index}"
      cluster_identifier = aws_rds_cluster.main.id
      instance_class     = var.db_instance_class
    }
    ```

    Use instead:
    ```hcl
    locals {
      aurora_instance_count = var.environment_suffix == "dev" ? 1 : 2
    }

    resource "aws_rds_cluster_instance" "main" {
      count              = local.aurora_instance_count
      identifier         = "app-aurora-${count.index}"
      cluster_identifier = aws_rds_cluster.main.id
      instance_class     = var.db_instance_class
    }
    ```

    ## Fix safety
    Unsafe: the next apply in each development environment destroys every instance but
    the first (`aws_rds_cluster_instance.main[1]` ...); if the one destroyed is the
    writer at that time, Aurora fails over and connections drop. There is no fix when
    something refers to an instance other than the first (`aws_rds_cluster_instance.main[1]`,
    `[count.index]` in another resource), or when the local's name is taken.

    ## References
    - [Aurora DB clusters and replicas](https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/Aurora.Replication.html)
    """

    code = "FX009"
    name = "aurora-instance-count-per-environment"
    summary = "Fixed count of Aurora instances in development environments too"
    severity = Severity.WARNING
    fix_availability = "sometimes"
    fix_safety = "unsafe"
    reads = frozenset({"calls", "homes", "tests"})  # fixer.split

    def check(self, context: Context) -> Iterator[Finding]:
        for module, variable in context.project.environment_modules():
            instances = module.resource_blocks("aws_rds_cluster_instance")
            for instance in instances:
                finding = self._check_instance(context, module, variable, instances, instance)
                if finding is not None:
                    yield finding
        for call, row in calls_of(context.project, AURORA):
            finding = _check_module_call(context, call, row)
            if finding is not None:
                yield finding

    def _check_instance(
        self,
        context: Context,
        module: Module,
        variable: str,
        instances: list[Resource],
        instance: Resource,
    ) -> Finding | None:
        project = context.project
        if instance.count is None or not _plain_count(instance.count.expr):
            return None
        split = split_environments(project, module, variable, "development")
        values = project.resolve_per_environment(module, instance.count.expr)
        if project.environments_for(module):
            counts = {env: values.get(env) for env in split.matched}
        else:
            counts = dict(values)
        counts = {env: value for env, value in counts.items() if _whole(value) >= 2}
        if not counts:
            return None
        count = max(_whole(value) for value in counts.values())
        development = ", ".join(env for env in split.matched if env in counts) or ", ".join(
            split.values
        )
        elsewhere = ", ".join(split.others) or "the other environments"
        original = instance.file.text[instance.count.expr.start : instance.count.expr.end]
        literal = literal_count(instance) is not None
        how = "in every environment" if literal else f"in development too ({original})"
        keep = str(count) if literal else original
        message = (
            f"{instance.address} runs {count} Aurora instances {how}; "
            f"one is enough in development ({development}): use 1 there and keep {keep} "
            f"in {elsewhere}"
        )
        name = local_name(instances, instance, "aurora_instance_count")
        blocker = self._blocker(module, instance)
        if name in module.locals:
            blocker = f"local.{name} already exists"
        if blocker:
            return context.finding(
                instance.file, instance.count, f"{message}; no automatic fix: {blocker}"
            )
        condition = environment_condition(variable, split.values)
        value = f"{condition} ? 1 : {keep}"
        edits = add_local(context.files, module, name, value, instance.file)
        edits.extend(Editor(instance.file).replace_value(instance.count, f"local.{name}"))
        fix = Fix.unsafe(f"Use one Aurora instance in development (local.{name})", *edits)
        return context.finding(instance.file, instance.count, message, fix)

    def _blocker(self, module: Module, instance: Resource) -> str:
        """Why a reference to the instances would break with one instance, or ""."""
        for source, ref in module.references_to(instance.address):
            if inside(instance.block, ref.node):
                continue
            use = instance_use(ref)
            if use.index is None or (use.first_instance and not use.full_splat):
                continue
            line = source.lines.position(ref.node.start).line
            text = source.text[ref.node.start : ref.node.end]
            return f"`{text}` ({source.rel}:{line}) needs more than one instance"
        return ""


def _check_module_call(context: Context, call: ModuleCall, row: RegistryModule) -> Finding | None:
    """An rds-aurora module call whose `instances` map has two or more entries in a
    development environment; the fix keeps the first entry there."""
    project = context.project
    variable = project.environment_variable(call.caller)
    attr = call.arguments.get("instances")
    if variable is None or attr is None or not project.environments_for(call.caller):
        return None
    split = split_environments(project, call.caller, variable, "development")
    counts = {}
    for env in project.environments_for(call.caller):
        instances = aurora_instances(project, call, row, env)
        if env.name in split.matched and instances is not None and len(instances) >= 2:
            counts[env.name] = len(instances)
    if not counts:
        return None
    count = max(counts.values())
    elsewhere = ", ".join(split.others) or "the other environments"
    message = (
        f"module.{call.name} ({AURORA}) runs {count} Aurora instances in development too "
        f"({', '.join(counts)}): one is enough there; keep them in {elsewhere}"
    )
    original = call.file.text[attr.expr.start : attr.expr.end]
    expr = attr.expr
    if isinstance(expr, Object) and expr.items:
        first = expr.items[0]
        text = call.file.text[first.start : first.end]
        one = f"{{ {text} }}" if "\n" not in text else "{\n" + text + "\n}"
    else:
        one = f"{{ for key, value in {original} : key => value if key == keys({original})[0] }}"
    condition = environment_condition(variable, split.values)
    edits = Editor(call.file).replace_value(attr, f"{condition} ? {one} : {original}")
    fix = Fix.unsafe(f"Use one Aurora instance in development (module.{call.name})", *edits)
    return context.finding(call.file, attr, message, fix)
