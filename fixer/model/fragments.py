"""Module directories that are fragments: they read variables or locals declared elsewhere.

Terraform rejects a module that reads `var.x` without declaring `variable "x"`. When a
directory of a project does so anyway, its files are combined with others before
Terraform sees them (Terragrunt copies shared files in, a test harness adds a fixture
to a module, a template is rendered): its declarations may be read, and its providers
required, by files that are not there. Codemods that judge a module by everything
that refers to it skip fragments, and declarations that some fragment reads.
"""

from __future__ import annotations

import posixpath
from collections.abc import Collection, Iterator
from dataclasses import dataclass, field
from weakref import WeakKeyDictionary

from fixer.model.module import Module
from fixer.model.project import Project


@dataclass
class Fragments:
    """The project's fragment modules, and everything they read (`var.env`, `local.x`,
    `aws.us_east_1`, `data.aws_region.current` ...): what they read may be declared by
    files copied in from elsewhere in the project."""

    modules: set[str] = field(default_factory=set)  # module paths
    reads: set[str] = field(default_factory=set)  # reference subjects

    def is_fragment(self, module: Module) -> bool:
        return module.path in self.modules


def undeclared_reads(module: Module) -> set[str]:
    """The `var.x` and `local.y` the module reads without declaring them."""
    missing: set[str] = set()
    for _, _, _, _, ref in module.reference_sites():
        if len(ref.parts) < 2:
            continue
        name = str(ref.parts[1])
        if (ref.root == "var" and name not in module.variables) or (
            ref.root == "local" and name not in module.locals
        ):
            missing.add(ref.subject)
    return missing


def find_fragments(project: Project) -> Fragments:
    """Every fragment module of the project, and what the fragments read (found once per
    project: FX021 and FX022 both ask)."""
    known = _FOUND.get(project)
    if known is not None:
        return known
    fragments = Fragments()
    for module in project.modules.values():
        if undeclared_reads(module):
            fragments.modules.add(module.path)
            fragments.reads.update(ref.subject for *_, ref in module.reference_sites())
    _FOUND[project] = fragments
    return fragments


_FOUND: WeakKeyDictionary[Project, Fragments] = WeakKeyDictionary()


def json_directories(paths: Collection[str]) -> set[str]:
    """The directories holding `.tf.json` files (`paths`: every file of the project):
    fixer does not read their blocks, so what they declare and refer to is unknown, as
    for a fragment."""
    return {posixpath.dirname(rel) for rel in paths if rel.endswith(".tf.json")}


def whole_modules(
    project: Project, paths: Collection[str], fragments: Fragments
) -> Iterator[Module]:
    """The modules whose every declaration and reference fixer sees: they parse, are not
    fragments and hold no `.tf.json` files (`paths`: every file of the project)."""
    json = json_directories(paths)  # once: asked per module, it was modules x files
    for module in project.modules.values():
        if not (module.errors or fragments.is_fragment(module) or module.path in json):
            yield module
