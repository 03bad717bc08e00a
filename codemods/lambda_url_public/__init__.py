"""FX005 lambda-url-public: Lambda function URLs open to anyone, from any origin."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from codemods.lambda_url_public.registry import lambda_findings
from codemods.lambda_url_public.shared import (
    NARROW_METHODS,
    VARIABLE_BLOCK,
    declare,
    development_condition,
    expression,
    origins_variable,
)
from fixer.codemod import Codemod, Context
from fixer.edits import Editor, Step, sequential_edits
from fixer.findings import Change, Finding, Fix, Severity, TextEdit
from fixer.model.module import Module, Resource
from fixer.model.project import DEFAULT_ENVIRONMENT, Project
from fixer.syntax.cst import Attribute, BinaryOp, Block, Conditional, Expression, Tuple
from fixer.syntax.values import references, try_literal

__all__ = ["VARIABLE_BLOCK", "LambdaUrlPublic", "development_condition", "sequential_edits"]

RESOURCE_TYPE = "aws_lambda_function_url"


@dataclass
class _Exposure:
    """Where one function URL is open: environments, in ladder order."""

    resource: Resource
    auth: Attribute | None
    origins: Attribute | None
    public: list[str] = field(default_factory=list)  # authorization_type NONE
    any_origin: list[str] = field(default_factory=list)  # allow_origins with "*"


class LambdaUrlPublic(Codemod):
    """Reports Lambda function URLs that anyone can call, from any web origin, outside
    development, and requires IAM authorization and listed origins there.

    ## What it does
    Finds `aws_lambda_function_url` resources whose `authorization_type` is `"NONE"`, or
    whose `cors` block allows the origin `"*"`, in an environment that is not a
    development environment (values are resolved per environment: literals, variable
    defaults, tfvars values).

    Where the module has an environment variable, the fix keeps `NONE` and `"*"` for
    development environments only:
    `authorization_type = var.environment == "dev" ? "NONE" : "AWS_IAM"` and
    `allow_origins = var.environment == "dev" ? ["*"] : var.allowed_cors_origins`
    (`contains([...], var.environment)` for several development environments). Without
    an environment variable, `AWS_IAM` and `var.allowed_cors_origins` apply everywhere.
    The variable `allowed_cors_origins` (a list of strings, empty by default) is added
    to the module's variables file, unless the module already declares a list of
    origins (`cors_allowed_origins`, `allowed_origins` ...), which is then used. When
    the module is called by other modules of the project, each call passes the
    variable from its caller, declared there too, up to the root modules, so the
    environments can set it. Origins a literal list names beside `"*"` stay allowed
    everywhere (`concat(["https://app.example.com"], var.allowed_cors_origins)`), and
    `allow_methods = ["*"]` narrows to `["GET", "POST"]`.

    A `terraform-aws-modules/lambda/aws` module call with
    `create_lambda_function_url = true` is read the same way (`authorization_type`
    defaults to `"NONE"` there; `cors = { allow_origins = [...] }`): the fix sets
    `authorization_type` and rewrites `allow_origins` (and `allow_methods = ["*"]`) in
    the `cors` map, declaring the origins variable in the calling module.

    ## Why is this bad?
    With `authorization_type = "NONE"` the function URL is a public endpoint: anyone
    who finds the URL can invoke the function, run up its bill and reach whatever it
    can reach. `allow_origins = ["*"]` lets any web page call it from a visitor's
    browser. A convenience for a developer's sandbox becomes an open door in staging
    and production.

    ## Example
    ```hcl
    resource "aws_lambda_function_url" "api" {
      function_name      = aws_lambda_function.api.function_name
      authorization_type = "NONE"

      cors {
        allow_origins = ["*"]
        allow_methods = ["*"]
      }
    }
    ```

    Use instead:
    ```hcl
    resource "aws_lambda_function_url" "api" {
      function_name      = aws_lambda_function.api.function_name
      authorization_type = var.environment == "dev" ? "NONE" : "AWS_IAM"

      cors {
        allow_origins = var.environment == "dev" ? ["*"] : var.allowed_cors_origins
        allow_methods = ["GET", "POST"]
      }
    }
    ```

    ## Fix safety
    Unsafe: it cuts anonymous access. After the fix, callers outside development must
    sign their requests with IAM credentials (SigV4) and hold
    `lambda:InvokeFunctionUrl`; browsers on origins not listed in
    `allowed_cors_origins`, and methods other than GET and POST, are refused. Nothing
    is replaced: the function URL is updated in place.

    ## References
    - [Lambda function URL security and auth](https://docs.aws.amazon.com/lambda/latest/dg/urls-auth.html)
    - [aws_lambda_function_url](https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/lambda_function_url)
    """

    code = "FX005"
    name = "lambda-url-public"
    summary = "Lambda function URL is callable by anyone, from any origin, outside development"
    severity = Severity.ERROR
    fix_availability = "sometimes"
    fix_safety = "unsafe"
    reads = frozenset({"calls", "homes", "tests"})  # fixer.split

    def check(self, context: Context) -> Iterator[Finding]:
        project = context.project
        for module in project.modules.values():
            for resource in module.resource_blocks(RESOURCE_TYPE):
                exposure = _exposure(project, module, resource)
                if exposure.public or exposure.any_origin:
                    yield _finding(context, project, module, exposure)
        yield from lambda_findings(context)


# ---------------------------------------------------------------- detection


def _exposure(project: Project, module: Module, resource: Resource) -> _Exposure:
    body = resource.block.body
    cors = body.first_block("cors")
    exposure = _Exposure(
        resource,
        body.attribute("authorization_type"),
        cors.body.attribute("allow_origins") if cors is not None else None,
    )
    if exposure.auth is not None:
        exposure.public = _open_in(project, module, resource, exposure.auth.expr, _is_none)
    if exposure.origins is not None:
        exposure.any_origin = _open_in(project, module, resource, exposure.origins.expr, _has_star)
    return exposure


def _is_none(value: object) -> bool:
    return value == "NONE"


def _has_star(value: object) -> bool:
    return isinstance(value, list) and "*" in value


def _open_in(
    project: Project,
    module: Module,
    resource: Resource,
    expr: Expression,
    is_open: Callable[[object], bool],
) -> list[str]:
    """The non-development environments where the resource exists (its count is not 0)
    and the expression's value is open."""
    count = resource.count
    names = [
        env.name if env is not None else DEFAULT_ENVIRONMENT
        for env, value in project.resolve_each(module, expr)
        if is_open(value)
        and not (env is not None and project.is_development(env))
        and not (count is not None and project.evaluate(module, count.expr, env) == 0)
    ]
    return project.ordered_environment_names(names)


def _where(envs: list[str]) -> str:
    return "" if envs == [DEFAULT_ENVIRONMENT] else f" in {', '.join(envs)}"


def _finding(context: Context, project: Project, module: Module, exposure: _Exposure) -> Finding:
    parts = []
    if exposure.public:
        parts.append(
            f'lets anyone invoke the function (authorization_type = "NONE")'
            f"{_where(exposure.public)}"
        )
    if exposure.any_origin:
        parts.append(f'allows any origin (cors "*"){_where(exposure.any_origin)}')
    message = f"{exposure.resource.address} {' and '.join(parts)}"
    where = exposure.auth if exposure.public else exposure.origins
    assert where is not None
    fix = _fix(context, project, module, exposure)
    return context.finding(exposure.resource.file, where, message, fix)


# ---------------------------------------------------------------- the fix


def _source_text(resource: Resource, expr: Expression) -> str:
    text = resource.file.text[expr.start : expr.end]
    return f"({text})" if isinstance(expr, Conditional | BinaryOp) else text


def _guarded(condition: str | None, dev_value: str, other: str) -> str:
    return f"{condition} ? {dev_value} : {other}" if condition else other


def _new_auth(project: Project, module: Module, exposure: _Exposure, condition: str | None) -> str:
    """The new authorization_type, or "" when it would still be NONE somewhere."""
    assert exposure.auth is not None
    ok, value = try_literal(exposure.auth.expr)
    dev_value = (
        '"NONE"' if ok and value == "NONE" else _source_text(exposure.resource, exposure.auth.expr)
    )
    text = _guarded(condition, dev_value, '"AWS_IAM"')
    expr = expression(text)
    if expr is None or _open_in(project, module, exposure.resource, expr, _is_none):
        return ""
    return text


def _new_origins(exposure: _Exposure, condition: str | None, variable: str) -> str:
    """The new allow_origins, or "" when the `*` already comes from the variable.

    The origins a literal list names beside `"*"` stay allowed everywhere:
    `concat(["https://app.example.com"], var.allowed_cors_origins)`.
    """
    assert exposure.origins is not None
    expr = exposure.origins.expr
    if any(ref.subject == f"var.{variable}" for ref in references(expr)):
        return ""
    other = f"var.{variable}"
    if isinstance(expr, Tuple):
        named = [
            exposure.resource.file.text[item.start : item.end]
            for item in expr.items
            if try_literal(item) != (True, "*")
        ]
        if named:
            other = f"concat([{', '.join(named)}], {other})"
    return _guarded(condition, _source_text(exposure.resource, expr), other)


def _fix(context: Context, project: Project, module: Module, exposure: _Exposure) -> Fix | None:
    condition = development_condition(project, module)
    resource = exposure.resource
    variable = origins_variable(module)
    steps: dict[str, list[Step]] = {resource.file.rel: []}
    changes: list[Change] = []
    if exposure.public and (auth := _new_auth(project, module, exposure, condition)):
        steps[resource.file.rel].append(_set(resource, None, "authorization_type", auth))
    if exposure.any_origin and (origins := _new_origins(exposure, condition, variable)):
        steps[resource.file.rel].append(_set(resource, "cors", "allow_origins", origins))
        if _allows_all_methods(resource):
            steps[resource.file.rel].append(_set(resource, "cors", "allow_methods", NARROW_METHODS))
        if variable not in module.variables and not declare(
            context, project, module, steps, changes, set()
        ):
            return None  # a file that does not parse cannot take the variable
    if not steps[resource.file.rel]:
        return None
    for rel, file_steps in steps.items():
        changes.extend(sequential_edits(context.files[rel], file_steps))
    where = "outside development" if condition else "everywhere"
    return Fix.unsafe(
        f"Require IAM auth and listed origins {where} on {resource.address}", *changes
    )


def _allows_all_methods(resource: Resource) -> bool:
    cors = resource.block.body.first_block("cors")
    methods = cors.body.attribute("allow_methods") if cors is not None else None
    if methods is None:
        return False
    ok, value = try_literal(methods.expr)
    return ok and value == ["*"]


def _set(resource: Resource, block_type: str | None, name: str, value: str) -> Step:
    """A step setting `name = value` in the resource (or its first `block_type` block)."""

    def step(editor: Editor) -> list[TextEdit]:
        block = _find_resource(editor, resource)
        if block_type is not None:
            block = block.body.first_block(block_type)
            assert block is not None
        return editor.set_attribute(block, name, value)

    return step


def _find_resource(editor: Editor, resource: Resource) -> Block:
    block = editor.tree.body.first_block("resource", resource.type, resource.name)
    assert block is not None
    return block
