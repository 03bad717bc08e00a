"""The project a refactoring works on: its model, declarations and the references to them."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cached_property

from fixer.model.config import ModelConfig
from fixer.model.files import SourceFile
from fixer.model.module import Module
from fixer.model.project import Project, build_project
from fixer.refactor.address import (
    DATA,
    LOCAL,
    MODULE,
    OUTPUT,
    RESOURCE,
    VARIABLE,
    Address,
)
from fixer.refactor.changes import RefactorError
from fixer.syntax.cst import Attribute, Block, Expression, Item, Label, Node
from fixer.syntax.memo import memoized
from fixer.syntax.tokens import Token
from fixer.syntax.values import Reference, references


@dataclass(frozen=True)
class Declaration:
    """Where an object is declared: its file, its block (or local attribute), and the
    token or label that holds its name."""

    address: Address  # relative to its module
    module: Module
    source: SourceFile
    item: Item  # the top-level item (the `locals` block for a local)
    node: Block | Attribute  # the declaring block, or the local's attribute
    name_node: Label | Token

    @property
    def line(self) -> int:
        return self.source.lines.position(self.node.start).line

    @property
    def where(self) -> str:
        return f"{self.source.rel}:{self.line}"


@dataclass(frozen=True)
class Site:
    """A reference to an object: the file, top-level item and the reference."""

    source: SourceFile
    item: Item
    reference: Reference
    attribute: str = ""  # the attribute holding it (`depends_on`, `ingress.cidr_blocks`)

    @property
    def where(self) -> str:
        return f"{self.source.rel}:{self.source.lines.position(self.reference.node.start).line}"


class Scope:
    """A project's files and model, with the lookups refactorings need."""

    def __init__(self, files: Mapping[str, SourceFile], config: ModelConfig | None = None):
        self.files = files
        self.config = config

    @cached_property
    def project(self) -> Project:
        return build_project(self.files, self.config)

    def module(self, path: str) -> Module:
        module = self.project.modules.get(path)
        if module is None:
            shown = path or "the project root"
            raise RefactorError(f"no Terraform module (no .tf file that parses) in {shown}")
        return module

    # ------------------------------------------------------------ addresses

    def resolve(self, root: Module, address: Address) -> tuple[Module, Address]:
        """The module declaring an address's object, and the address relative to it."""
        module = root
        for call in address.modules:
            found = module.module_calls.get(call.name)
            if found is None:
                raise RefactorError(f"module.{call.name} is not declared in {_shown(module)}")
            if found.child is None:
                why = "a remote module" if found.remote else "not a module in this project"
                raise RefactorError(
                    f"module.{call.name} calls {found.source or 'a computed source'}, "
                    f"{why}: fixer can only edit modules whose files it reads"
                )
            module = found.child
        return module, Address(address.kind, address.name, address.type, address.key)

    def declaration(self, module: Module, address: Address) -> Declaration | None:
        """The declaration of an address relative to `module` (keys ignored), if any."""
        kind, name = address.kind, address.name
        if kind in (RESOURCE, DATA):
            table = module.resources if kind == RESOURCE else module.data
            found = table.get(address.local)
            if found is None:
                return None
            return Declaration(
                address, module, found.file, found.block, found.block, found.block.labels[1]
            )
        if kind == MODULE:
            call = module.module_calls.get(name)
            if call is None:
                return None
            block = call.block
            return Declaration(address, module, call.file, block, block, block.labels[0])
        if kind in (VARIABLE, OUTPUT):
            table2 = module.variables if kind == VARIABLE else module.outputs
            decl = table2.get(name)
            if decl is None:
                return None
            block = decl.block
            return Declaration(address, module, decl.file, block, block, block.labels[0])
        if kind == LOCAL:
            local = module.locals.get(name)
            if local is None:
                return None
            owner = _owner(local.file, local.attribute)
            return Declaration(
                address, module, local.file, owner, local.attribute, local.attribute.name_token
            )
        return None

    # ------------------------------------------------------------ references

    def sites(self, module: Module, subject: str) -> list[Site]:
        """References to `subject` (`aws_x.y`, `module.m`, `var.v` ...) in the module's
        `.tf` files, in file and source order."""
        return [
            Site(source, item, ref, name)
            for source, item, name, _, ref in module.reference_sites()
            if ref.subject == subject
        ]

    def test_sites(self, module: Module) -> Iterator[Site]:
        """Every reference in the module's test files (`.tftest.hcl`), except in `run`
        blocks that test another module."""
        for source in module.tests:
            tree = source.tree
            if tree is None:
                continue
            for item in tree.body.items:
                if (
                    isinstance(item, Block)
                    and item.type == "run"
                    and item.body.blocks_of_type("module")
                ):
                    continue
                for ref in memoized(item, _item_references):
                    yield Site(source, item, ref)


def _item_references(item: Item) -> tuple[Reference, ...]:
    out: list[Reference] = []
    for expr in _expressions(item):
        out.extend(references(expr))
    return tuple(out)


def _expressions(item: Item) -> Iterator[Expression]:
    if isinstance(item, Attribute):
        yield item.expr
        return
    if isinstance(item, Block):
        for child in item.body.items:
            yield from _expressions(child)


def _owner(source: SourceFile, node: Node) -> Item:
    assert source.tree is not None
    for item in source.tree.body.items:
        if item.start <= node.start and node.end <= item.end:
            return item
    raise RefactorError(f"internal error: no top-level item holds a node of {source.rel}")


def _shown(module: Module) -> str:
    return f"the module in {module.path}" if module.path else "the root module"
