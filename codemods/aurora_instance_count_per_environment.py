"""FX009 aurora-instance-count-per-environment: a fixed count of Aurora instances in dev too."""

from __future__ import annotations

from collections.abc import Iterator

from fixer.codemod import Codemod, Context
from fixer.edits import Editor
from fixer.findings import Finding, Fix, Severity
from fixer.model.conditions import environment_condition, split_environments
from fixer.model.instances import inside, instance_use
from fixer.model.module import Module, Resource
from fixer.module_edits import add_local, local_name
from fixer.syntax.values import try_literal


def literal_count(resource: Resource) -> int | None:
    """The resource's count when it is a whole-number literal, else None."""
    ok, value = try_literal(resource.count.expr if resource.count else None)
    if ok and isinstance(value, int) and not isinstance(value, bool):
        return value
    return None


class AuroraInstanceCountPerEnvironment(Codemod):
    """Finds a fixed number of Aurora instances in every environment, dev included.

    ## What it does
    Reports an `aws_rds_cluster_instance` with a literal `count` of 2 or more in a
    module that knows its environment (an environment variable set by tfvars files or
    by the module's callers) and has development environments (`dev`, `test`,
    `sandbox` ... from the project's tfvars and configuration). The fix adds a local to
    the module's `locals`

    ```hcl
    aurora_instance_count = var.environment_suffix == "dev" ? 1 : 2
    ```

    and uses it as the count; several development environments give
    `contains(["dev", "test"], var.env) ? 1 : 2`.

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

    def check(self, context: Context) -> Iterator[Finding]:
        for module, variable in context.project.environment_modules():
            instances = module.resource_blocks("aws_rds_cluster_instance")
            for instance in instances:
                finding = self._check_instance(context, module, variable, instances, instance)
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
        count = literal_count(instance)
        if count is None or count < 2 or instance.count is None:
            return None
        split = split_environments(context.project, module, variable, "development")
        if context.project.environments_for(module) and not split.matched:
            return None
        development = ", ".join(split.matched or split.values)
        elsewhere = ", ".join(split.others) or "the other environments"
        message = (
            f"{instance.address} runs {count} Aurora instances in every environment; "
            f"one is enough in development ({development}): use 1 there and keep {count} "
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
        value = f"{condition} ? 1 : {count}"
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
