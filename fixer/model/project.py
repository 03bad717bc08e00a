"""The project: modules, environments and evaluation, built from an in-memory file mapping."""

from __future__ import annotations

import posixpath
from collections import defaultdict
from collections.abc import Iterable, Mapping
from functools import cached_property

from fixer.model.config import ModelConfig
from fixer.model.conversion import same
from fixer.model.environments import (
    Environment,
    find_environments,
    home_module,
    matches,
    name_fallback,
)
from fixer.model.evaluate import Evaluator
from fixer.model.files import SourceFile
from fixer.model.module import Module, ModuleCall, build_module
from fixer.model.unknown import UNKNOWN, is_known
from fixer.syntax.cst import Expression, Parens, Template, TemplateInterpolation, Traversal
from fixer.syntax.values import references

DEFAULT_ENVIRONMENT = "default"


class Project:
    """Everything codemods may ask about a project; built by `build_project`.

    `modules` maps directory paths ("" for the root) to modules, in path order;
    `root_modules` are those no other module of the project calls.
    """

    def __init__(
        self,
        files: Mapping[str, SourceFile],
        modules: dict[str, Module],
        config: ModelConfig,
    ) -> None:
        self.files = files
        self.modules = modules
        self.config = config
        self._callers: dict[str, list[ModuleCall]] = defaultdict(list)
        for module in modules.values():
            for call in module.module_calls.values():
                if call.child_path is not None:
                    call.child = modules.get(call.child_path)
                if call.child is not None:
                    self._callers[call.child.path].append(call)
        self.root_modules = [
            module
            for module in modules.values()
            if all(call.caller is module for call in self._callers.get(module.path, ()))
        ]
        tfvars = [source for source in files.values() if source.kind == "tfvars"]
        self.environments, self._detected = find_environments(
            tfvars, modules, self.root_modules, config
        )
        self.other_files = sorted(
            (source for source in files.values() if source.kind == "other"),
            key=lambda source: source.rel,
        )
        self.errors = sorted(
            (source for source in files.values() if source.is_hcl and source.tree is None),
            key=lambda source: source.rel,
        )
        self._env_variables: dict[str, str | None] = {}
        self._env_variable_active: set[str] = set()

    def __repr__(self) -> str:
        return f"Project({len(self.files)} files, {len(self.modules)} modules)"

    # ------------------------------------------------------------ structure

    def module_for(self, rel: str) -> Module | None:
        """The module a file belongs to: its directory's, or for a tfvars file the module
        its environment applies to, or for a test file the module it tests."""
        source = self.files.get(rel)
        if source is not None and source.kind == "tfvars":
            for env in self.environments:
                if any(f.rel == rel for f in env.files):
                    return env.module
            return None
        directory = posixpath.dirname(rel)
        if source is not None and source.kind == "tftest" and directory not in self.modules:
            directory = _tested_directory(directory)
        return self.modules.get(directory)

    def home_module(self, rel: str) -> Module | None:
        """The module a file outside the `.tf` files (a README, a script) belongs to: the
        module of the nearest directory at or above it, else the project's only root
        module, else None."""
        return home_module(rel, self.modules, self.root_modules)

    def readme_of(self, module: Module) -> SourceFile | None:
        """The `README.md` in the module's own directory (any case), if the project has one."""
        for source in self.other_files:
            if (
                source.directory == module.path
                and posixpath.basename(source.rel).lower() == "readme.md"
            ):
                return source
        return None

    def readme_for(self, module: Module) -> SourceFile | None:
        """The README that documents a module: the `README.md` (any case) of its own
        directory, else of the nearest directory above it, up to the project root (a
        repository keeps one README at its top for roots in `environments/<env>`)."""
        directory = module.path
        while True:
            found = [
                source
                for source in self.other_files
                if source.directory == directory
                and posixpath.basename(source.rel).lower() == "readme.md"
            ]
            if found:
                return found[0]
            if not directory:
                return None
            directory = posixpath.dirname(directory)

    def outside_calls(self) -> list[tuple[ModuleCall, str]]:
        """Calls of local modules that lie outside the project's files (`../../modules/x`
        from `environments/prod`), with the path they name relative to the project root:
        their code was not read, so nothing in it can be reported."""
        found = []
        for module in self.modules.values():
            for call in module.module_calls.values():
                if call.remote or call.source is None or call.child_path is not None:
                    continue
                source = call.source.replace("\\", "/")  # as Terraform reads it
                target = posixpath.normpath(posixpath.join(module.path or ".", source))
                found.append((call, target))
        return found

    def callers(self, module: Module) -> list[ModuleCall]:
        """The module calls (in any module of the project) that call this module."""
        return list(self._callers.get(module.path, ()))

    def descendants(self, module: Module) -> list[Module]:
        """The module and every module it calls, directly or not (each once)."""
        seen: dict[str, Module] = {}
        stack = [module]
        while stack:
            current = stack.pop()
            if current.path in seen:
                continue
            seen[current.path] = current
            stack.extend(
                call.child for call in current.module_calls.values() if call.child is not None
            )
        return list(seen.values())

    def roots_reaching(self, module: Module) -> list[Module]:
        """The root modules whose descendants include this module, in root order."""
        return list(self._roots_by_module.get(module.path, ()))

    @cached_property
    def _roots_by_module(self) -> dict[str, list[Module]]:
        # Once per project: asked module by module, each root's descendants were walked
        # again for every module (110k walks on the corpus as one project).
        found: dict[str, list[Module]] = defaultdict(list)
        for root in self.root_modules:
            for module in self.descendants(root):
                found[module.path].append(root)
        return dict(found)

    # ------------------------------------------------------------ environments

    @cached_property
    def _environments_by_module(self) -> dict[str, list[Environment]]:
        found: dict[str, list[Environment]] = defaultdict(list)
        for env in self.environments:
            if env.module is not None:
                for module in self.descendants(env.module):
                    found[module.path].append(env)
        return found

    def environments_for(self, module: Module) -> list[Environment]:
        """The environments that apply to a module: its own, and those of every root
        module that calls it, directly or not."""
        return list(self._environments_by_module.get(module.path, ()))

    def call_sites(self, module: Module, env: Environment | None) -> list[ModuleCall]:
        """The calls of a module that take part in an environment (all when env is None)."""
        calls = self.callers(module)
        if env is None or env.module is None:
            return calls
        return [call for call in calls if env in self.environments_for(call.caller)]

    def environment_variable(self, module: Module) -> str | None:
        """The variable of a module that carries the environment name, or None.

        The configured variable when the module declares it; else the one detected in
        the module's tfvars files; else the variable a caller sets from its own
        environment variable (`environment = var.environment_suffix`); else, without
        configuration, a variable named `environment`, `env`, `stage`, ...
        """
        if module.path in self._env_variables:
            return self._env_variables[module.path]
        if module.path in self._env_variable_active:
            return None
        self._env_variable_active.add(module.path)
        try:
            found = self._find_environment_variable(module)
        finally:
            self._env_variable_active.discard(module.path)
        self._env_variables[module.path] = found
        return found

    def environment_modules(self) -> list[tuple[Module, str]]:
        """The modules that know their environment, each with the variable that carries
        it (see `environment_variable`), in path order."""
        found = []
        for module in self.modules.values():
            variable = self.environment_variable(module)
            if variable is not None:
                found.append((module, variable))
        return found

    def _find_environment_variable(self, module: Module) -> str | None:
        configured = self.config.environment_variable
        if configured is not None and configured in module.variables:
            return configured
        if module.path in self._detected:
            return self._detected[module.path]
        for call in sorted(self.callers(module), key=lambda c: (c.caller.path, c.name)):
            outer = self.environment_variable(call.caller)
            if outer is None:
                continue
            for name, attr in call.arguments.items():
                if name in module.variables and _passes_variable(attr.expr, outer):
                    return name
        if configured is None:
            return name_fallback(module)
        return None

    def is_production(self, env: str | Environment) -> bool:
        """Whether an environment (or name) is production: `prod`, `prod-eu`, `live` ...
        but not `nonprod` or `pre-prod`."""
        return any(matches(name, self.config.production_environments) for name in _names(env))

    def ordered_environment_names(self, names: Iterable[str]) -> list[str]:
        """Names once each, for messages: the configured order when there is one, else
        development first, production last and the others in between, as found."""
        unique = list(dict.fromkeys(names))
        configured = list(self.config.environments or [])

        def rank(name: str) -> tuple[int, int]:
            if name in configured:
                return (0, configured.index(name))
            if self.is_development(name):
                return (1, 0)
            return (3, 0) if self.is_production(name) else (2, 0)

        return sorted(unique, key=rank)

    def is_development(self, env: str | Environment) -> bool:
        """Whether an environment (or name) is for development: `dev`, `test`, `sandbox` ..."""
        return any(matches(name, self.config.development_environments) for name in _names(env))

    def workspace(self, env: Environment | None) -> object:
        """`terraform.workspace` in an environment: its name when workspaces select
        environments (see ModelConfig.workspace_is_environment), else UNKNOWN."""
        if env is None:
            return UNKNOWN
        setting = self.config.workspace_is_environment
        if setting is None:
            setting = (
                not env.auto_loaded
                and env.module is not None
                and self.environment_variable(env.module) is None
            )
        return env.name if setting else UNKNOWN

    # ------------------------------------------------------------ evaluation

    @cached_property
    def evaluator(self) -> Evaluator:
        return Evaluator(self)

    def evaluate(self, module: Module, expr: Expression, env: Environment | None = None) -> object:
        """The value of `expr` in `module` for `env` (None: without tfvars), or UNKNOWN.

        An environment that does not apply to the module is ignored.
        """
        return self.evaluator.evaluate(module, expr, env)

    def resolve_each(
        self, module: Module, expr: Expression
    ) -> list[tuple[Environment | None, object]]:
        """The value of `expr` for each environment of the module ((None, value) if none)."""
        envs = self.environments_for(module)
        if not envs:
            return [(None, self.evaluate(module, expr, None))]
        return [(env, self.evaluate(module, expr, env)) for env in envs]

    def resolve_per_environment(self, module: Module, expr: Expression) -> dict[str, object]:
        """Environment name -> value of `expr` in the module, or UNKNOWN.

        One entry per environment that applies to the module; environments of different
        root modules sharing a name share an entry (UNKNOWN when they disagree). A module
        without environments gets one entry, "default", evaluated without tfvars.
        """
        result: dict[str, object] = {}
        for env, value in self.resolve_each(module, expr):
            key = env.name if env is not None else DEFAULT_ENVIRONMENT
            if key in result and not _agree(result[key], value):
                result[key] = UNKNOWN
            else:
                result.setdefault(key, value)
        return result


def build_project(files: Mapping[str, SourceFile], config: ModelConfig | None = None) -> Project:
    """The model of a project from its files, keyed by POSIX path relative to the root."""
    by_directory: dict[str, list[SourceFile]] = defaultdict(list)
    for source in files.values():
        if source.kind == "tf":
            by_directory[source.directory].append(source)
    modules = {path: build_module(path, by_directory[path]) for path in sorted(by_directory)}
    for source in sorted(files.values(), key=lambda s: s.rel):
        if source.kind == "tftest":
            directory = source.directory
            if directory not in modules:
                directory = _tested_directory(directory)
            if directory in modules:
                modules[directory].tests.append(source)
    return Project(files, modules, config or ModelConfig())


def _tested_directory(directory: str) -> str:
    """`mod/tests` -> `mod`: Terraform looks for test files in a module's `tests` directory."""
    if posixpath.basename(directory) == "tests":
        return posixpath.dirname(directory)
    return directory


def _passes_variable(expr: Expression, variable: str) -> bool:
    """Whether an argument is exactly `var.<variable>` (or `"${var.<variable>}"`)."""
    while isinstance(expr, Parens):
        expr = expr.expr
    if isinstance(expr, Template) and len(expr.parts) == 1:
        part = expr.parts[0]
        if isinstance(part, TemplateInterpolation):
            return _passes_variable(part.expr, variable)
    if isinstance(expr, Traversal):
        refs = references(expr)
        return len(refs) == 1 and refs[0].parts == ("var", variable)
    return False


def _names(env: str | Environment) -> list[str]:
    if isinstance(env, str):
        return [env]
    names = [env.name, env.path_name]
    if env.environment_value is not None:
        names.append(env.environment_value)
    return names


def _agree(a: object, b: object) -> bool:
    return is_known(a) and is_known(b) and same(a, b)
