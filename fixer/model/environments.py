"""Environments from `.tfvars` files: where they apply, their names, the environment variable.

Naming. An environment's `path_name` comes from its file: the file name without
`.tfvars` and `.auto` (`env/prod.tfvars` and `prod.auto.tfvars` are "prod"), or the
directory's name when the file name is generic (`environments/staging/terraform.tfvars`
is "staging"). When `ModelConfig.environments` is set, a file or directory name equal
to one of those names wins. The `name` is the path name, except when the path name
says nothing about an environment (`fixtures.us-east-2.tfvars`) and the file sets the
environment variable to a short string (`stage = "test"`): then it is that value.
Names are unique per module: colliding ones fall back to the file's path relative
to the module directory, without `.tfvars`.

Layers. Terraform loads `terraform.tfvars` and `*.auto.tfvars` of the working directory
on every run, so when a module directory also has files passed with `-var-file`,
those auto-loaded files are layers under every such environment rather than
environments of their own; so are files named like `common.tfvars` next to them.

Environment variable. For a module with environments, a declared variable whose
values in its tfvars files are all short strings that look like environment names
(a word from the vocabulary, or the file's own path name) and whose name looks like
one (`environment`, `env`, `stage`, ...), or that differs in every file; the best
candidate wins. `ModelConfig.environment_variable` replaces detection.
"""

from __future__ import annotations

import posixpath
import re
from collections import defaultdict
from dataclasses import dataclass, field

from fixer.model.config import ModelConfig
from fixer.model.files import SourceFile
from fixer.model.module import Module
from fixer.syntax.cst import Attribute
from fixer.syntax.values import literal_value

# Variable names that carry an environment name, best first.
ENVIRONMENT_VARIABLE_NAMES = (
    "environment",
    "env",
    "environment_name",
    "env_name",
    "environment_suffix",
    "env_suffix",
    "environment_type",
    "env_type",
    "environment_id",
    "deployment_environment",
    "target_environment",
    "stage",
    "stage_name",
)
_WEAK_NAME_TOKENS = frozenset({"env", "environment", "stage", "tier", "workspace"})
OTHER_ENVIRONMENT_WORDS = (
    "staging",
    "stage",
    "stg",
    "qa",
    "uat",
    "preprod",
    "nonprod",
    "perf",
    "demo",
    "int",
    "integration",
    "sit",
    "preview",
    "testing",
    "prd",
    "sbx",
)
GENERIC_STEMS = frozenset(
    {"terraform", "vars", "variables", "values", "inputs", "input", "env", "environment"}
)
SHARED_STEMS = frozenset({"common", "shared", "global", "base", "defaults", "default", "all"})
_NEGATIONS = frozenset({"non", "not", "pre"})
_SHORT_VALUE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,31}$")
_TOKEN = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|[0-9]+")


@dataclass(eq=False)
class Environment:
    """One tfvars file as an environment of a root module.

    `assignments` maps each variable the environment sets to the file and attribute
    setting it, layers included (the environment's own file wins); `values` are their
    literal values, with `Unknown` placeholders for non-literal parts.
    """

    name: str
    file: SourceFile
    module: Module | None
    path_name: str
    layers: list[SourceFile] = field(default_factory=list)
    environment_value: str | None = None

    def __repr__(self) -> str:
        return f"Environment({self.name!r}, {self.file.rel!r})"

    @property
    def files(self) -> list[SourceFile]:
        """The layers then the environment's own file, in loading order."""
        return [*self.layers, self.file]

    @property
    def assignments(self) -> dict[str, tuple[SourceFile, Attribute]]:
        found: dict[str, tuple[SourceFile, Attribute]] = {}
        for source in self.files:
            tree = source.tree
            assert tree is not None
            for attr in tree.body.attributes.values():
                found[attr.name] = (source, attr)
        return found

    @property
    def values(self) -> dict[str, object]:
        return {
            name: literal_value(attr.expr, partial=True)
            for name, (_, attr) in self.assignments.items()
        }

    @property
    def auto_loaded(self) -> bool:
        return is_auto_loaded(self.file.rel)


def is_auto_loaded(rel: str) -> bool:
    """`terraform.tfvars` and `*.auto.tfvars`: loaded from the working directory every run."""
    name = posixpath.basename(rel)
    return name == "terraform.tfvars" or name.endswith(".auto.tfvars")


def tokens(name: str) -> list[str]:
    """`prod-eu` -> [prod, eu]; `prodEu1` -> [prod, eu, 1]."""
    return [token.lower() for token in _TOKEN.findall(name)]


def matches(name: str, candidates: list[str]) -> bool:
    """Whether a candidate's tokens occur in the name's tokens, not after `non`/`pre`/`not`."""
    words = tokens(name)
    for candidate in candidates:
        wanted = tokens(candidate)
        if not wanted:
            continue
        for i in range(len(words) - len(wanted) + 1):
            if words[i : i + len(wanted)] == wanted and (i == 0 or words[i - 1] not in _NEGATIONS):
                return True
    return False


def vocabulary(config: ModelConfig) -> list[str]:
    """The words that name environments."""
    if config.environments is not None:
        return list(config.environments)
    return [
        *config.production_environments,
        *config.development_environments,
        *OTHER_ENVIRONMENT_WORDS,
    ]


def _stem(rel: str) -> str:
    name = posixpath.basename(rel).removesuffix(".tfvars")
    return name.removesuffix(".auto")


def path_name(rel: str, config: ModelConfig) -> str:
    """The environment name a tfvars path gives (see the module docstring)."""
    stem = _stem(rel)
    directories = [part for part in posixpath.dirname(rel).split("/") if part]
    if config.environments is not None:
        wanted = {name.lower(): name for name in config.environments}
        for part in [stem, *reversed(directories)]:
            if part.lower() in wanted:
                return wanted[part.lower()]
    if stem.lower() in GENERIC_STEMS and directories:
        return directories[-1]
    return stem


def home_module(rel: str, modules: dict[str, Module], roots: list[Module]) -> Module | None:
    """The module a file outside the `.tf` files (a tfvars file, a README, a script)
    belongs to: its directory's, the nearest ancestor's, the project's only root module,
    else none. `rel` is the file's POSIX path relative to the project root."""
    directory = posixpath.dirname(rel)
    while True:
        if directory in modules:
            return modules[directory]
        if not directory:
            break
        directory = posixpath.dirname(directory)
    return roots[0] if len(roots) == 1 else None


def find_environments(
    tfvars: list[SourceFile],
    modules: dict[str, Module],
    roots: list[Module],
    config: ModelConfig,
) -> tuple[list[Environment], dict[str, str]]:
    """The environments of the parsed tfvars files, and each root module's (path)
    environment variable when one is found in them."""
    groups: dict[str | None, list[SourceFile]] = defaultdict(list)
    homes: dict[str | None, Module | None] = {}
    for source in sorted(tfvars, key=lambda s: s.rel):
        if source.tree is None:
            continue
        module = home_module(source.rel, modules, roots)
        key = module.path if module is not None else None
        groups[key].append(source)
        homes[key] = module
    environments: list[Environment] = []
    variables: dict[str, str] = {}
    for key, sources in groups.items():
        module = homes[key]
        group = _group_environments(sources, module, config)
        if module is not None:
            variable = _environment_variable(group, module, config)
            if variable is not None:
                variables[module.path] = variable
                _apply_variable(group, variable, config)
        _dedupe_names(group, module)
        environments.extend(group)
    return environments, variables


def _group_environments(
    sources: list[SourceFile], module: Module | None, config: ModelConfig
) -> list[Environment]:
    """One module's environments, with auto-loaded and shared files as layers."""
    home = module.path if module is not None else None
    auto = [
        s for s in sources if home is not None and s.directory == home and is_auto_loaded(s.rel)
    ]
    auto.sort(key=lambda s: (posixpath.basename(s.rel) != "terraform.tfvars", s.rel))
    explicit = [s for s in sources if s not in auto]
    if not explicit:
        return [_environment(source, module, config) for source in auto]
    by_directory: dict[str, list[SourceFile]] = defaultdict(list)
    for source in explicit:
        by_directory[source.directory].append(source)
    environments = []
    for source in explicit:
        siblings = by_directory[source.directory]
        shared = [s for s in siblings if _stem(s.rel).lower() in SHARED_STEMS]
        if source in shared and len(shared) < len(siblings):
            continue
        layers = auto + [s for s in shared if s is not source]
        environments.append(_environment(source, module, config, layers))
    return environments


def _environment(
    source: SourceFile,
    module: Module | None,
    config: ModelConfig,
    layers: list[SourceFile] | None = None,
) -> Environment:
    name = path_name(source.rel, config)
    return Environment(name, source, module, name, list(layers or ()))


def _environment_variable(
    group: list[Environment], module: Module, config: ModelConfig
) -> str | None:
    """The variable carrying the environment name in these environments' values."""
    if config.environment_variable is not None:
        if config.environment_variable in module.variables:
            return config.environment_variable
        return None
    words = vocabulary(config)
    best: tuple[tuple[int, int, int, int], str] | None = None
    values_by_env = [env.values for env in group]
    for name in module.variables:
        seen = [
            (env, values[name])
            for env, values in zip(group, values_by_env, strict=True)
            if name in values
        ]
        if not seen or not all(isinstance(v, str) and _SHORT_VALUE.match(v) for _, v in seen):
            continue
        name_score = _name_score(name)
        if not all(_env_like(str(value), env, words, name_score == 0) for env, value in seen):
            continue
        differs = len({value for _, value in seen}) == len(group) > 1
        if name_score == 0 and not differs:
            continue
        rank = (
            ENVIRONMENT_VARIABLE_NAMES.index(name)
            if name in ENVIRONMENT_VARIABLE_NAMES
            else len(ENVIRONMENT_VARIABLE_NAMES)
        )
        score = (name_score, int(differs), len(seen), -rank)
        if best is None or score > best[0]:
            best = (score, name)
    return best[1] if best else None


def _name_score(name: str) -> int:
    if name in ENVIRONMENT_VARIABLE_NAMES:
        return 2
    return 1 if _WEAK_NAME_TOKENS & set(tokens(name)) else 0


def _env_like(value: str, env: Environment, words: list[str], strict: bool) -> bool:
    """Whether a value names an environment: a vocabulary word or the file's own name
    (exactly when `strict`, else as a token: `dev-eu`)."""
    own = env.path_name.lower()
    lowered = value.lower()
    if strict:
        return lowered == own or lowered in (word.lower() for word in words)
    return matches(value, words) or lowered == own or lowered in tokens(own)


def _apply_variable(group: list[Environment], variable: str, config: ModelConfig) -> None:
    """Record each environment's value of the variable; name environments by it when
    their path says nothing about an environment."""
    words = vocabulary(config)
    for env in group:
        value = env.values.get(variable)
        if not isinstance(value, str) or not _SHORT_VALUE.match(value):
            continue
        env.environment_value = value
        if not matches(env.path_name, words):
            env.name = value


def _dedupe_names(group: list[Environment], module: Module | None) -> None:
    counts: dict[str, int] = defaultdict(int)
    for env in group:
        counts[env.name] += 1
    home = module.path if module is not None else ""
    for env in group:
        if counts[env.name] > 1:
            rel = posixpath.relpath(env.file.rel, home or ".")
            env.name = rel.removesuffix(".tfvars")


def name_fallback(module: Module) -> str | None:
    """A declared variable whose name says it carries the environment, best first."""
    for name in ENVIRONMENT_VARIABLE_NAMES:
        if name in module.variables:
            return name
    return None
