"""Renaming a resource, data source, module call, variable, local or output everywhere."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

from fixer.model.module import Module
from fixer.refactor.address import (
    DATA,
    LOCAL,
    MODULE,
    OUTPUT,
    RESOURCE,
    VARIABLE,
    Address,
    valid_name,
)
from fixer.refactor.changes import ChangeSet, RefactorError
from fixer.refactor.moved import plan_moves
from fixer.refactor.scope import Declaration, Scope, Site
from fixer.syntax.cst import (
    Attribute,
    Block,
    GetAttr,
    Index,
    Label,
    LegacyIndex,
    Node,
    Splat,
    Traversal,
)
from fixer.syntax.tokens import Token

# Names a variable cannot take: the arguments and blocks of a `module` block.
RESERVED_VARIABLE_NAMES = frozenset(
    {"source", "version", "count", "for_each", "depends_on", "providers", "lifecycle", "locals"}
)
# Blocks whose addresses are history (a `from` no longer declared), never references.
HISTORY_BLOCKS = frozenset({"moved", "removed"})
NOUNS = {
    RESOURCE: "resource",
    DATA: "data source",
    MODULE: "module call",
    VARIABLE: "variable",
    LOCAL: "local value",
    OUTPUT: "output",
}


@dataclass
class Tally:
    """What a refactoring changed, for its summary line."""

    references: int = 0
    moved_blocks: int = 0
    files: set[str] = field(default_factory=set)

    def reference(self, path: str) -> None:
        self.references += 1
        self.files.add(path)


def check_new_name(kind: str, name: str) -> None:
    if not valid_name(name):
        raise RefactorError(
            f"{name!r} is not a valid name: use letters, digits, underscores and dashes, "
            "starting with a letter or an underscore"
        )
    if kind == VARIABLE and name in RESERVED_VARIABLE_NAMES:
        raise RefactorError(f"{name!r} is reserved: a variable cannot take that name")


def rename(
    scope: Scope, module: Module, old: Address, new_name: str, changes: ChangeSet
) -> tuple[Address, Tally]:
    """Rename the object `old` (relative to `module`) to `new_name`: its declaration,
    every reference in the project, and for resources and module calls a moved block.
    Returns the new address and what changed."""
    declaration = scope.declaration(module, old)
    if declaration is None:
        raise RefactorError(f"{old} is not declared in {_module_name(module)}")
    check_new_name(old.kind, new_name)
    new = Address(old.kind, new_name, old.type)
    if new_name == old.name:
        raise RefactorError(f"{old} already has that name")
    existing = scope.declaration(module, new)
    if existing is not None:
        raise RefactorError(f"{new} already exists ({existing.where})")
    tally = Tally()
    _rename_declaration(changes, declaration, new_name)
    tally.files.add(declaration.source.rel)
    if old.kind == OUTPUT:
        _rename_output_uses(scope, module, old, new_name, changes, tally)
    else:
        for site in scope.sites(module, old.local):
            if isinstance(site.item, Block) and site.item.type in HISTORY_BLOCKS:
                continue
            _rename_reference(changes, site, old, new_name, tally)
    for site in scope.test_sites(module):
        if _test_reference_matches(site, old):
            _rename_reference(changes, site, old, new_name, tally, test=True)
    if old.kind == VARIABLE:
        _rename_variable_inputs(scope, module, old.name, new_name, changes, tally)
    if old.kind == RESOURCE:
        _refuse_removed(module, new)
    if old.movable:
        anchor = (declaration.source, declaration.item)
        tally.moved_blocks += plan_moves(changes, module, [(old, new)], anchor)
    return new, tally


# ---------------------------------------------------------------- declarations


def _rename_declaration(changes: ChangeSet, declaration: Declaration, new_name: str) -> None:
    node = declaration.name_node
    if isinstance(node, Label):
        text = json.dumps(new_name) if node.quoted else new_name
        changes.replace(declaration.source, node.start, node.end, text)
    else:
        changes.replace(declaration.source, node.start, node.end, new_name)


# ---------------------------------------------------------------- references


def name_step(reference_node: Node, kind: str) -> Node | Token | None:
    """The token (or literal index) of a traversal that holds the object's name:
    `y` in `aws_x.y.id`, `n` in `data.t.n`, `m` in `module.m`, `x` in `var.x`."""
    if not isinstance(reference_node, Traversal):
        return None
    position = 1 if kind == DATA else 0
    if len(reference_node.steps) <= position:
        return None
    step = reference_node.steps[position]
    if isinstance(step, GetAttr):
        return step.name
    if isinstance(step, Index):
        return step.key
    return None


def _rename_reference(
    changes: ChangeSet,
    site: Site,
    old: Address,
    new_name: str,
    tally: Tally,
    test: bool = False,
) -> None:
    node = site.reference.node
    kind = old.kind
    if test and kind == OUTPUT:
        step = _output_step(node, 1 if site.reference.root == "output" else 2)
    else:
        step = name_step(node, kind)
    if step is None:
        return
    text = new_name if isinstance(step, Token) else json.dumps(new_name)
    changes.replace(site.source, step.start, step.end, text)
    tally.reference(site.source.rel)


def _test_reference_matches(site: Site, old: Address) -> bool:
    parts = site.reference.parts
    if old.kind == OUTPUT:
        return (parts[:1] == ("output",) and parts[1:2] == (old.name,)) or (
            parts[:1] == ("run",) and parts[2:3] == (old.name,)
        )
    if old.kind == LOCAL:
        return False  # locals are not visible to tests
    return site.reference.subject == old.local


def _output_step(node: Node, position: int) -> Token | None:
    if isinstance(node, Traversal) and len(node.steps) > position:
        step = node.steps[position]
        if isinstance(step, GetAttr):
            return step.name
    return None


def _rename_output_uses(
    scope: Scope, module: Module, old: Address, new_name: str, changes: ChangeSet, tally: Tally
) -> None:
    """`module.<call>.<output>` in every caller; notes what is out of reach."""
    project = scope.project
    for call in project.callers(module):
        for site in scope.sites(call.caller, f"module.{call.name}"):
            node = site.reference.node
            if not isinstance(node, Traversal):
                continue
            steps = node.steps[1:]
            if steps and isinstance(steps[0], Index | LegacyIndex | Splat):
                steps = steps[1:]
            if steps and isinstance(steps[0], GetAttr):
                if steps[0].name.text == old.name:
                    changes.replace(site.source, steps[0].name.start, steps[0].name.end, new_name)
                    tally.reference(site.source.rel)
            elif site.attribute != "depends_on":
                changes.note(
                    f"module.{call.name} is used as a whole at {site.where}: if its output "
                    f"{old.name!r} is read from that value, rename it there by hand"
                )
    if module in project.root_modules:
        changes.note(
            f"output {old.name!r} belongs to a root module: configurations that read it "
            "with terraform_remote_state, and scripts running `terraform output`, are out "
            "of reach"
        )
        _note_text_uses(
            scope, rf"terraform\s+output\b[^\n]*\b{re.escape(old.name)}\b", old, changes
        )


def _rename_variable_inputs(
    scope: Scope, module: Module, old: str, new: str, changes: ChangeSet, tally: Tally
) -> None:
    """The variable's name where values are given to it: module call arguments, tfvars
    files, the `variables` blocks of tests; notes environment variables and `-var`."""
    project = scope.project
    for call in project.callers(module):
        body = call.block.body
        if body.attribute(new) is not None:
            raise RefactorError(
                f"module.{call.name} ({call.file.rel}) already passes {new!r}; "
                f"rename the argument {old!r} there first"
            )
        argument = body.attribute(old)
        if argument is not None:
            _rename_attribute(changes, call.file, argument, new, tally)
    for source in project.files.values():
        if source.kind != "tfvars" or source.tree is None:
            continue
        owner = project.module_for(source.rel)
        if owner is not module and not (owner is None and source.directory == module.path):
            continue
        argument = source.tree.body.attribute(old)
        if argument is not None:
            _rename_attribute(changes, source, argument, new, tally)
    for source in module.tests:
        if source.tree is None:
            continue
        for block in _variables_blocks(source.tree.body.items):
            argument = block.body.attribute(old)
            if argument is not None:
                _rename_attribute(changes, source, argument, new, tally)
    if module in project.root_modules:
        name = re.escape(old)
        pattern = rf"TF_VAR_{name}\b|-var(?:\s+|=)[\"']?{name}="
        if "_" in old or "-" in old:  # a distinctive name: any mention is worth a look
            pattern = rf"(?<![\w-]){name}(?![\w-])|" + pattern
        _note_text_uses(scope, pattern, Address(VARIABLE, old), changes)
    if project.config.environment_variable == old:
        changes.note(
            f"the configuration's environment_variable names {old!r}: set it to {new!r} "
            "(.fixer.toml or [tool.fixer])"
        )


def _variables_blocks(items: list) -> list[Block]:
    out: list[Block] = []
    for item in items:
        if not isinstance(item, Block):
            continue
        if item.type == "variables":
            out.append(item)
        elif item.type == "run" and not item.body.blocks_of_type("module"):
            out.extend(_variables_blocks(item.body.items))
    return out


def _rename_attribute(
    changes: ChangeSet, source, argument: Attribute, new: str, tally: Tally
) -> None:
    token = argument.name_token
    changes.replace(source, token.start, token.end, new)
    tally.reference(source.rel)


def _note_text_uses(scope: Scope, pattern: str, old: Address, changes: ChangeSet) -> None:
    """Notes for mentions in scripts and docs (read, never rewritten)."""
    regex = re.compile(pattern)
    for source in scope.project.other_files:
        for match in regex.finditer(source.text):
            line = source.lines.position(match.start()).line
            changes.note(
                f"{source.rel}:{line} mentions {old}: `{match.group(0).strip()}` "
                "(not rewritten: scripts and docs are out of reach)"
            )


def _refuse_removed(module: Module, new: Address) -> None:
    for source in module.files:
        assert source.tree is not None
        for block in source.tree.body.blocks_of_type("removed"):
            attr = block.body.attribute("from")
            if attr is None:
                continue
            text = source.text[attr.expr.start : attr.expr.end]
            if "".join(text.split()) == new.local:
                line = source.lines.position(block.start).line
                raise RefactorError(
                    f"a removed block ({source.rel}:{line}) says {new} was removed; "
                    "remove that block first to reuse the name"
                )


def _module_name(module: Module) -> str:
    return f"the module in {module.path}" if module.path else "the root module"
