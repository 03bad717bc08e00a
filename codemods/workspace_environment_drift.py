"""FX010 workspace-environment-drift: workspaces and an environment variable, nothing tying them."""

from __future__ import annotations

import json
import posixpath
from collections.abc import Iterator

from fixer.codemod import Codemod, Context
from fixer.edits import Editor
from fixer.findings import Finding, Fix, Severity, TextEdit
from fixer.model.module import Module
from fixer.model.project import Project
from fixer.model.versions import excludes, guarantees, raise_floor
from fixer.model.workspaces import WorkspaceUse, workspace_use
from fixer.syntax.cst import Attribute, BinaryOp, Block, Expression, Item, Traversal
from fixer.syntax.memo import memoized
from fixer.syntax.values import references, try_literal

TERRAFORM_DATA_VERSION = (1, 4, 0)
GUARD_NAMES = ("workspace_guard", "workspace_environment_guard")


def has_guard(module: Module, variable: str) -> bool:
    """Whether some `condition` of the module compares `terraform.workspace` and the variable."""
    wanted = {"terraform.workspace", f"var.{variable}"}
    for source in module.files:
        assert source.tree is not None
        for item in source.tree.body.items:
            if any(wanted <= subjects for subjects in memoized(item, _condition_subjects)):
                return True
    return False


def _condition_subjects(item: Item) -> tuple[frozenset[str], ...]:
    """What each `condition` in the item refers to."""
    return tuple(
        frozenset(ref.subject for ref in references(attr.expr)) for attr in _conditions(item)
    )


def compares_to_default(module: Module) -> bool:
    """Whether the code tests `terraform.workspace == "default"` (or `!=`): it then treats
    workspaces as an optional layer, such as temporary per-developer copies."""
    for source in module.files:
        assert source.tree is not None
        if any(memoized(item, _compares_to_default) for item in source.tree.body.items):
            return True
    return False


def _compares_to_default(item: Item) -> bool:
    return any(
        isinstance(node, BinaryOp)
        and node.operator.text in ("==", "!=")
        and {_side(node.left), _side(node.right)} == {"workspace", "default"}
        for node in item.walk()
    )


def _side(expr: Expression) -> str | None:
    refs = references(expr) if isinstance(expr, Traversal) else []
    if len(refs) == 1 and refs[0].subject == "terraform.workspace":
        return "workspace"
    ok, value = try_literal(expr)
    return "default" if ok and value == "default" else None


def _conditions(item: Item) -> Iterator[Attribute]:
    stack = [item]  # iterative: nested blocks may be deep
    while stack:
        item = stack.pop()
        if isinstance(item, Block):
            stack.extend(reversed(item.body.items))
        elif isinstance(item, Attribute) and item.name == "condition":
            yield item


class WorkspaceEnvironmentDrift(Codemod):
    """Reports projects that select environments both by workspace and by a variable.

    ## What it does
    Finds root modules that use Terraform workspaces (`terraform.workspace` in the
    code, or `terraform workspace new|select` / `TF_WORKSPACE` in the README or a shell
    script next to them) and also have an environment variable (`environment_suffix`
    set in `dev.tfvars`, `prod.tfvars` ...), with nothing checking that the two agree.
    The fix adds a guard that fails the plan when they differ: a `terraform_data`
    resource whose `lifecycle` precondition requires the workspace to be `default` or
    equal to the variable. It goes at the end of `main.tf` when the module has one,
    else at the end of the file holding the `terraform` block (`versions.tf`), else
    right after the variable's declaration.

    A `check` block would only warn, and a wrong pairing must stop the plan; a shell
    `local-exec` would run only at apply, after the plan was trusted. When the
    module's `required_version` excludes Terraform 1.4 (which added `terraform_data`),
    there is no fix; when it allows older versions too (`>= 1.2`), the fix raises its
    lower bound to 1.4 (`>= 1.4`), so that an older Terraform stops with a clear
    version error rather than on an unknown resource type. A variable whose default is `""` or `null` is left alone: there the
    workspace is the fallback, not a rival.

    ## Why is this bad?
    The workspace selects the state; the tfvars file selects the values. Nothing stops
    `terraform plan -var-file=prod.tfvars` in the `dev` workspace: the plan then turns
    the dev environment into a copy of prod (names, sizes, deletion protection), or
    replaces what it finds there.

    ## Example
    ```hcl
    variable "environment_suffix" {
      type = string
    }

    locals {
      name_prefix = "acme-${terraform.workspace}"
    }
    ```

    Use instead:
    ```hcl
    variable "environment_suffix" {
      type = string
    }

    # Fails the plan when the workspace and the tfvars file name different environments
    # (the default workspace stays allowed).
    resource "terraform_data" "workspace_guard" {
      lifecycle {
        precondition {
          condition     = terraform.workspace == "default" || terraform.workspace == var.environment_suffix
          error_message = "..."
        }
      }
    }
    ```

    ## Fix safety
    The plan gains one `terraform_data` to create, and replaces or destroys nothing; but
    from then on a plan fails in a workspace whose name is not the environment's. The
    fix is safe when the module's `required_version` guarantees Terraform 1.4 and the
    workspace names the README or scripts spell out (`terraform workspace new dev`) are
    all environment names of the tfvars files, so the documented workflow passes the
    guard. Otherwise it is unsafe: workspaces may be named otherwise on purpose
    (`team-prod` for `prod`), and their plans would stop, or an older Terraform would
    reject `terraform_data`.

    ## References
    - [Custom conditions: preconditions](https://developer.hashicorp.com/terraform/language/expressions/custom-conditions#preconditions-and-postconditions)
    - [The terraform_data resource](https://developer.hashicorp.com/terraform/language/resources/terraform-data)
    """

    code = "FX010"
    name = "workspace-environment-drift"
    summary = "Workspaces and an environment variable both select the environment, unchecked"
    severity = Severity.WARNING
    fix_availability = "sometimes"
    fix_safety = "safe or unsafe"
    reads = frozenset({"calls", "homes", "tests"})  # fixer.split

    def check(self, context: Context) -> Iterator[Finding]:
        project = context.project
        for module in project.root_modules:
            variable = project.environment_variable(module)
            if variable is None or variable not in module.variables:
                continue
            if _empty_default(module, variable) or has_guard(module, variable):
                continue
            if compares_to_default(module):
                continue  # workspaces are an optional layer (per-developer copies), not rivals
            use = workspace_use(project, module)
            if not use.places:
                continue
            yield _finding(context, module, variable, use)


def _empty_default(module: Module, variable: str) -> bool:
    default = module.variables[variable].default
    if default is None:
        return False
    ok, value = try_literal(default)
    return ok and value in ("", None)


def _environment_values(project: Project, module: Module) -> list[tuple[str, str]]:
    """(tfvars path relative to the module, value of the environment variable) pairs."""
    pairs = []
    for env in project.environments:
        if env.module is module and env.environment_value is not None:
            pairs.append(
                (posixpath.relpath(env.file.rel, module.path or "."), env.environment_value)
            )
    return pairs


def _finding(context: Context, module: Module, variable: str, use: WorkspaceUse) -> Finding:
    project = context.project
    declared = module.variables[variable]
    values = _environment_values(project, module)
    origin = f" ({', '.join(path for path, _ in values)})" if values else ""
    places = ", ".join(use.places[:3]) + (", ..." if len(use.places) > 3 else "")
    fix = _fix(context, module, variable, use, values)
    no_fix = ""
    if fix is None:
        constraint = ", ".join(module.required_versions)
        no_fix = f' (no fix: required_version "{constraint}" excludes Terraform 1.4, needed by terraform_data)'
    message = (
        f"Workspaces ({places}) and var.{variable}{origin} both select the environment, and "
        "nothing checks that they agree: a plan with another environment's tfvars in this "
        f"workspace changes the wrong environment{no_fix}"
    )
    return context.finding(declared.file, declared.block, message, fix)


def _fix(
    context: Context,
    module: Module,
    variable: str,
    use: WorkspaceUse,
    values: list[tuple[str, str]],
) -> Fix | None:
    if excludes(module.required_versions, TERRAFORM_DATA_VERSION):
        return None
    name = next(n for n in GUARD_NAMES if f"terraform_data.{n}" not in module.resources)
    edits = _guard_edits(context, module, variable, name) + _version_edits(module)
    title = f"Add terraform_data.{name}: fail the plan when the workspace is not var.{variable}"
    known = {value for _, value in values} | {"default"}
    documented = bool(use.names) and use.names <= known
    if guarantees(module.required_versions, TERRAFORM_DATA_VERSION) and documented:
        return Fix.safe(title, *edits)
    return Fix.unsafe(title, *edits)


def _version_edits(module: Module) -> list[TextEdit]:
    """Raise a `required_version` that allows Terraform older than 1.4 (`>= 1.2` ->
    `>= 1.4`), so that an old Terraform says it is too old rather than failing on
    `terraform_data`. Nothing when some constraint already guarantees 1.4, or when the
    module has none."""
    if guarantees(module.required_versions, TERRAFORM_DATA_VERSION):
        return []
    for terraform in module.terraform_blocks:
        constraint = terraform.required_version
        attr = terraform.block.body.attribute("required_version")
        if constraint is None or attr is None:
            continue
        raised = raise_floor(constraint, TERRAFORM_DATA_VERSION)
        if raised is not None and raised != constraint:
            return Editor(terraform.file).replace_value(attr, json.dumps(raised))
    return []


def _guard_edits(context: Context, module: Module, variable: str, name: str) -> list[TextEdit]:
    guard = _guard_text(variable, name)
    main = posixpath.join(module.path, "main.tf") if module.path else "main.tf"
    source = context.files.get(main)
    if source is not None and source.tree is not None:
        return Editor(source).append_block(None, guard)
    if module.terraform_blocks:
        # Beside required_version and the backend: the module's settings about how
        # it is run, where a reader looks for such a guard.
        return Editor(module.terraform_blocks[0].file).append_block(None, guard)
    declared = module.variables[variable]
    return Editor(declared.file).insert_after(None, guard, declared.block)


def _guard_text(variable: str, name: str) -> str:
    workspace = "${terraform.workspace}"
    value = f"${{var.{variable}}}"
    return (
        "# Fails the plan when the workspace and the tfvars file name different environments\n"
        "# (the default workspace stays allowed).\n"
        f'resource "terraform_data" "{name}" {{\n'
        "  lifecycle {\n"
        "    precondition {\n"
        f'      condition = terraform.workspace == "default" || terraform.workspace == var.{variable}\n'
        f'      error_message = "Workspace \\"{workspace}\\" does not match {variable} \\"{value}\\": '
        f'select the workspace of that environment or pass the tfvars file of this workspace."\n'
        "    }\n"
        "  }\n"
        "}\n"
    )
