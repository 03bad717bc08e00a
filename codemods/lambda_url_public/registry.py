"""FX005 on terraform-aws-modules/lambda: a function URL asked for as module arguments.

`create_lambda_function_url = true` creates an `aws_lambda_function_url` whose
`authorization_type` defaults to `"NONE"` and whose CORS comes from the `cors` map
(`allow_origins`, `allow_methods`); see `fixer.model.registry_modules`.
"""

from __future__ import annotations

from collections.abc import Iterator

from codemods.lambda_url_public.shared import (
    NARROW_METHODS,
    declare,
    development_condition,
    origins_variable,
)
from fixer.codemod import Context
from fixer.edits import Editor, Step, sequential_edits
from fixer.findings import Change, Finding, Fix, TextEdit
from fixer.model.module import ModuleCall
from fixer.model.project import DEFAULT_ENVIRONMENT, Project
from fixer.model.registry_modules import LAMBDA, RegistryModule, calls_of, input_value
from fixer.syntax.cst import Object, ObjectItem
from fixer.syntax.values import try_literal


def lambda_findings(context: Context) -> Iterator[Finding]:
    project = context.project
    for call, row in calls_of(project, LAMBDA):
        public, any_origin = _exposure(project, call, row)
        if not public and not any_origin:
            continue
        parts = []
        if public:
            where = "" if public == [DEFAULT_ENVIRONMENT] else f" in {', '.join(public)}"
            parts.append(f'lets anyone invoke the function (authorization_type "NONE"){where}')
        if any_origin:
            where = "" if any_origin == [DEFAULT_ENVIRONMENT] else f" in {', '.join(any_origin)}"
            parts.append(f'allows any origin (cors "*"){where}')
        message = f"module.{call.name} ({LAMBDA}) function URL {' and '.join(parts)}"
        anchor = call.arguments.get("authorization_type") or call.arguments.get(
            "create_lambda_function_url"
        )
        span = anchor if anchor is not None else (call.block.start, call.block.open_brace.end)
        fix = _fix(context, project, call, bool(public), bool(any_origin))
        yield context.finding(call.file, span, message, fix)


def _exposure(
    project: Project, call: ModuleCall, row: RegistryModule
) -> tuple[list[str], list[str]]:
    """The non-development environments where the URL is public, and where CORS allows
    any origin."""
    public: list[str] = []
    any_origin: list[str] = []
    envs = project.environments_for(call.caller) or [None]
    for env in envs:
        if env is not None and project.is_development(env):
            continue
        name = env.name if env is not None else DEFAULT_ENVIRONMENT
        if input_value(project, call, row, "create_lambda_function_url", env) is not True:
            continue
        if input_value(project, call, row, "authorization_type", env) == "NONE":
            public.append(name)
        cors = input_value(project, call, row, "cors", env)
        origins = cors.get("allow_origins") if isinstance(cors, dict) else None
        if isinstance(origins, list) and "*" in origins:
            any_origin.append(name)
    return project.ordered_environment_names(public), project.ordered_environment_names(any_origin)


def _cors_item(call: ModuleCall, key: str) -> ObjectItem | None:
    cors = call.arguments.get("cors")
    if cors is None or not isinstance(cors.expr, Object):
        return None
    return next((item for item in cors.expr.items if item.key_name == key), None)


def _fix(
    context: Context, project: Project, call: ModuleCall, public: bool, any_origin: bool
) -> Fix | None:
    condition = development_condition(project, call.caller)
    steps: dict[str, list[Step]] = {call.file.rel: []}
    changes: list[Change] = []
    text = call.file.text
    if public:
        current = call.arguments.get("authorization_type")
        dev = '"NONE"'
        if current is not None and try_literal(current.expr) != (True, "NONE"):
            dev = text[current.expr.start : current.expr.end]
        value = f'{condition} ? {dev} : "AWS_IAM"' if condition else '"AWS_IAM"'
        steps[call.file.rel].append(_set(call, "authorization_type", value))
    item_edits: list[TextEdit] = []
    if any_origin:
        origins = _cors_item(call, "allow_origins")
        if origins is None:
            return _finish(context, call, steps, changes, item_edits, condition)
        variable = origins_variable(call.caller)
        original = text[origins.value.start : origins.value.end]
        other = f"var.{variable}"
        new = f"{condition} ? {original} : {other}" if condition else other
        item_edits.append(TextEdit(call.file.rel, origins.value.start, origins.value.end, new))
        methods = _cors_item(call, "allow_methods")
        if methods is not None and try_literal(methods.value) == (True, ["*"]):
            item_edits.append(
                TextEdit(call.file.rel, methods.value.start, methods.value.end, NARROW_METHODS)
            )
        if variable not in call.caller.variables and not declare(
            context, project, call.caller, steps, changes, set()
        ):
            return None
    return _finish(context, call, steps, changes, item_edits, condition)


def _finish(
    context: Context,
    call: ModuleCall,
    steps: dict[str, list[Step]],
    changes: list[Change],
    item_edits: list[TextEdit],
    condition: str | None,
) -> Fix | None:
    if item_edits:
        edits = list(item_edits)
        steps[call.file.rel].insert(0, lambda _editor: edits)
    if not steps[call.file.rel]:
        return None
    for rel, file_steps in steps.items():
        changes.extend(sequential_edits(context.files[rel], file_steps))
    where = "outside development" if condition else "everywhere"
    return Fix.unsafe(
        f"Require IAM auth and listed origins {where} on module.{call.name}'s function URL",
        *changes,
    )


def _set(call: ModuleCall, name: str, value: str) -> Step:
    def step(editor: Editor) -> list[TextEdit]:
        block = editor.tree.body.first_block("module", call.name)
        assert block is not None
        after = block.body.attribute("create_lambda_function_url")
        if block.body.attribute(name) is None and after is not None:
            return editor.insert_attribute(block, name, value, after)
        return editor.set_attribute(block, name, value)

    return step
