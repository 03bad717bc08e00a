"""Environment conditions: which environments of a module are production (or
development), and HCL that tests for them (`var.env == "prod"`)."""

from __future__ import annotations

from dataclasses import dataclass

from fixer.model.module import Module
from fixer.model.project import Project
from fixer.syntax.parser import parse_expression


@dataclass(frozen=True)
class EnvironmentSplit:
    """The module's environments split by a kind ("production" or "development").

    `values` are the environment variable's values in the environments of that kind
    (the configured names of that kind when none resolves to a known string, and then
    `resolved` is False); `matched` and `others` name the environments of that kind
    and of any other kind.
    """

    values: list[str]
    resolved: bool
    matched: list[str]
    others: list[str]


def split_environments(
    project: Project, module: Module, variable: str, kind: str
) -> EnvironmentSplit:
    """Split the module's environments by kind, with the environment variable's values.

    An environment is of the kind when its name is, or the variable's value in it is
    (`Project.is_production` / `is_development`). `values` are sorted, once each.
    """
    classify = project.is_production if kind == "production" else project.is_development
    configured = (
        project.config.production_environments
        if kind == "production"
        else project.config.development_environments
    )
    expr = parse_expression(f"var.{variable}")
    values: list[str] = []
    matched: list[str] = []
    others: list[str] = []
    complete = True
    for env, value in project.resolve_each(module, expr):
        if env is None:
            continue
        if classify(env) or (isinstance(value, str) and classify(value)):
            if env.name not in matched:
                matched.append(env.name)
            if isinstance(value, str):
                values.append(value)
            else:
                complete = False
        elif env.name not in others:
            others.append(env.name)
    resolved = bool(values) and complete
    names = sorted(set(values)) if resolved else list(configured)
    return EnvironmentSplit(names, resolved, matched, others)


def environment_condition(variable: str, values: list[str]) -> str:
    """HCL true where `var.<variable>` is one of `values`: `var.env == "prod"`, or
    `contains(["prod", "production"], var.env)` for several."""
    if len(values) == 1:
        return f'var.{variable} == "{values[0]}"'
    listed = ", ".join(f'"{value}"' for value in values)
    return f"contains([{listed}], var.{variable})"
