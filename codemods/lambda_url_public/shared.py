"""What FX005's fixes share: the development condition and the allowed-origins variable,
declared in a module and passed down from its callers."""

from __future__ import annotations

from fixer.codemod import Context
from fixer.edits import Editor, Step, create_file
from fixer.findings import Change, CreateFile, TextEdit
from fixer.model.conditions import environment_condition
from fixer.model.environments import tokens
from fixer.model.module import Module, ModuleCall, Variable
from fixer.model.project import Project
from fixer.syntax.cst import Expression
from fixer.syntax.errors import HCLSyntaxError
from fixer.syntax.parser import parse_expression
from fixer.syntax.values import try_literal

ORIGINS_VARIABLE = "allowed_cors_origins"
NARROW_METHODS = '["GET", "POST"]'
VARIABLE_BLOCK = f"""\
variable "{ORIGINS_VARIABLE}" {{
  description = "Web origins allowed to call the Lambda function URL from a browser (CORS)."
  type        = list(string)
  default     = []
}}
"""
_ORIGIN_WORDS = frozenset({"allowed", "allow", "cors", "origin", "origins", "web", "browser"})


def expression(text: str) -> Expression | None:
    try:
        return parse_expression(text)
    except HCLSyntaxError:
        return None


def development_condition(project: Project, module: Module) -> str | None:
    """HCL that is true in development environments (`var.env == "dev"`), `""` when the
    module has an environment variable but no development environment, None without
    an environment variable."""
    variable = project.environment_variable(module)
    if variable is None:
        return None
    names = _development_names(project, module, variable)
    return environment_condition(variable, names) if names else ""


def _development_names(project: Project, module: Module, variable: str) -> list[str]:
    """The values the environment variable takes in development environments: from the
    tfvars environments when there are some, else the configured development names."""
    envs = project.environments_for(module)
    reference = expression(f"var.{variable}")
    assert reference is not None
    names: list[str] = []
    unknown = False
    for env in envs:
        if not project.is_development(env):
            continue
        value = project.evaluate(module, reference, env)
        if isinstance(value, str):
            names.append(value)
        else:
            unknown = True
    if envs and not unknown:
        return list(dict.fromkeys(names))
    configured = project.config.environments
    if configured is not None:
        return [name for name in configured if project.is_development(name)]
    return list(project.config.development_environments)


def origins_variable(module: Module) -> str:
    """The variable holding the allowed origins: `allowed_cors_origins`, else one the
    module already declares under another name (`cors_allowed_origins`, `cors_origins`,
    `allowed_origins` ...), else `allowed_cors_origins` (to be declared)."""
    if ORIGINS_VARIABLE in module.variables:
        return ORIGINS_VARIABLE
    for name, variable in module.variables.items():
        words = set(tokens(name))
        if words & {"origin", "origins"} and words <= _ORIGIN_WORDS and _list_typed(variable):
            return name
    return ORIGINS_VARIABLE


def _list_typed(variable: Variable) -> bool:
    """A variable whose type (or, untyped, default) is a list or set of strings."""
    if variable.type is not None:
        text = variable.file.text[variable.type.start : variable.type.end].replace(" ", "")
        return text in ("list(string)", "set(string)", "list", "set")
    ok, value = try_literal(variable.default)
    return ok and isinstance(value, list)


def declare(
    context: Context,
    project: Project,
    module: Module,
    steps: dict[str, list[Step]],
    changes: list[Change],
    seen: set[str],
) -> bool:
    """Declare `allowed_cors_origins` in the module, and pass it from every module call of
    the project that calls it, declared there too (up to the root modules), so that the
    root module can set it. False when a file that must change does not parse."""
    seen.add(module.path)
    target = module.file_for("variable")
    if target in context.files and context.files[target].tree is None:
        return False
    if target in context.files:
        steps.setdefault(target, []).append(append_variable)
    elif not any(c.path == target for c in changes if isinstance(c, CreateFile)):
        changes.append(create_file(target, VARIABLE_BLOCK.replace("\n", module.newline)))
    for call in project.callers(module):
        if ORIGINS_VARIABLE in call.arguments or call.file.tree is None:
            continue
        outer = origins_variable(call.caller)
        steps.setdefault(call.file.rel, []).append(_pass_argument(call, f"var.{outer}"))
        declared = outer in call.caller.variables or call.caller.path in seen
        if not declared and not declare(context, project, call.caller, steps, changes, seen):
            return False
    return True


def _pass_argument(call: ModuleCall, value: str) -> Step:
    """A step setting `allowed_cors_origins = <value>` in a module call."""

    def step(editor: Editor) -> list[TextEdit]:
        block = editor.tree.body.first_block("module", call.name)
        assert block is not None
        return editor.set_attribute(block, ORIGINS_VARIABLE, value)

    return step


def append_variable(editor: Editor) -> list[TextEdit]:
    return editor.append_block(None, VARIABLE_BLOCK)
