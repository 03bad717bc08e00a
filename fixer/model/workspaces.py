"""Terraform workspaces in a project: where a module's code, READMEs and scripts use them."""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field

from fixer.model.files import SourceFile
from fixer.model.module import Module
from fixer.model.project import Project

WORKSPACE_COMMAND = re.compile(
    r"\bterraform\s+workspace\s+(?:new|select|list|show)\b|\bTF_WORKSPACE\b"
)
WORKSPACE_NAME = re.compile(
    r"\bterraform\s+workspace\s+(?:new|select)\s+(?:-[\w-]+(?:=\S*)?\s+)*([A-Za-z0-9][\w.-]*)(?=\s|$|`)"
)


@dataclass
class WorkspaceUse:
    """Where a module's project uses workspaces, and the workspace names it spells out."""

    places: list[str] = field(default_factory=list)  # "locals.tf:2", "README.md:31"
    names: set[str] = field(default_factory=set)


def doc_files(project: Project, module: Module) -> list[SourceFile]:
    """The READMEs (`README*.md`) and shell scripts (`SourceFile.is_shell_script`) that
    belong to a module (see `Project.home_module`), in path order."""
    found = []
    for source in project.other_files:
        name = posixpath.basename(source.rel).lower()
        readme = name.startswith("readme") and name.endswith(".md")
        if not readme and not source.is_shell_script:
            continue
        if project.home_module(source.rel) is module:
            found.append(source)
    return found


def workspace_use(project: Project, module: Module) -> WorkspaceUse:
    """`terraform.workspace` in the module's code, `terraform workspace` in its docs/scripts.

    Places are `file:line`, code first (file names of the module), then the docs (paths
    relative to the module); names are those `terraform workspace new|select` spell out.
    """
    use = WorkspaceUse()
    for source, ref in module.references_to("terraform.workspace"):
        line = source.lines.position(ref.node.start).line
        place = f"{posixpath.basename(source.rel)}:{line}"
        if place not in use.places:
            use.places.append(place)
    for source in doc_files(project, module):
        for number, line in enumerate(source.text.splitlines(), start=1):
            if WORKSPACE_COMMAND.search(line):
                use.places.append(f"{posixpath.relpath(source.rel, module.path or '.')}:{number}")
            use.names.update(match.group(1) for match in WORKSPACE_NAME.finditer(line))
    return use
