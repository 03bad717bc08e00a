"""What name is at a place in a file: the object an editor's rename would rename."""

from __future__ import annotations

from dataclasses import dataclass

from fixer.model.module import Module
from fixer.model.project import Project
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
from fixer.syntax.values import references

_BLOCK_KINDS = {"resource": RESOURCE, "data": DATA}
_ONE_LABEL_KINDS = {"module": MODULE, "variable": VARIABLE, "output": OUTPUT}
_ROOTS = {"var": VARIABLE, "local": LOCAL}


@dataclass(frozen=True)
class Symbol:
    """A renamable object: its module (directory path), its address there, and where its
    name is written at the place asked about (`start`, `end`: the name without quotes)."""

    module: str
    address: Address
    start: int
    end: int

    @property
    def name(self) -> str:
        return self.address.name


def symbol_at(project: Project, rel: str, offset: int) -> Symbol | None:
    """The object whose name (declaration or reference) is at `offset` of file `rel`,
    or None when no renamable name is there."""
    source = project.files.get(rel)
    if source is None or source.tree is None:
        return None
    if source.kind == "tfvars":
        return _tfvars_symbol(project, rel, offset)
    if source.kind != "tf":
        return None
    module = project.modules.get(source.directory)
    if module is None:
        return None
    for item in source.tree.body.items:
        if item.start <= offset <= item.end:
            return _in_item(project, module, item, offset)
    return None


def _in_item(project: Project, module: Module, item, offset: int) -> Symbol | None:
    if isinstance(item, Block):
        found = _declaration(module, item, offset)
        if found is not None:
            return found
        if item.type == "locals":
            for attr in item.body.items:
                if isinstance(attr, Attribute) and _on(attr.name_token, offset):
                    return _symbol(module, Address(LOCAL, attr.name), attr.name_token)
        if item.type == "module" and len(item.labels) == 1:
            call = module.module_calls.get(item.labels[0].value)
            for attr in item.body.items:
                if (
                    isinstance(attr, Attribute)
                    and _on(attr.name_token, offset)
                    and call is not None
                    and call.child is not None
                    and attr.name in call.child.variables
                ):
                    return _symbol(call.child, Address(VARIABLE, attr.name), attr.name_token)
    for node in _traversals(item):
        if node.start <= offset <= node.end:
            found = _in_reference(project, module, node, offset)
            if found is not None:
                return found
    return None


def _declaration(module: Module, block: Block, offset: int) -> Symbol | None:
    labels = block.labels
    if block.type in _BLOCK_KINDS and len(labels) == 2 and _on(labels[1], offset):
        address = Address(_BLOCK_KINDS[block.type], labels[1].value, labels[0].value)
        return _symbol(module, address, labels[1])
    if block.type in _ONE_LABEL_KINDS and len(labels) == 1 and _on(labels[0], offset):
        return _symbol(module, Address(_ONE_LABEL_KINDS[block.type], labels[0].value), labels[0])
    return None


def _traversals(item) -> list[Traversal]:
    nodes: list[Node] = []
    exprs = [item.expr] if isinstance(item, Attribute) else []
    if isinstance(item, Block):
        stack = [item]
        while stack:
            block = stack.pop()
            for child in block.body.items:
                if isinstance(child, Attribute):
                    exprs.append(child.expr)
                elif isinstance(child, Block):
                    stack.append(child)
    for expr in exprs:
        nodes.extend(ref.node for ref in references(expr) if isinstance(ref.node, Traversal))
    return [n for n in nodes if isinstance(n, Traversal)]


def _in_reference(project: Project, module: Module, node: Traversal, offset: int) -> Symbol | None:
    root = node.source.name.text  # type: ignore[union-attr]
    steps = node.steps
    if root in _ROOTS and steps and isinstance(steps[0], GetAttr):
        if _on(node.source, offset) or _on(steps[0].name, offset):
            return _symbol(module, Address(_ROOTS[root], steps[0].name.text), steps[0].name)
        return None
    if root == "module" and steps and isinstance(steps[0], GetAttr):
        call_token = steps[0].name
        if _on(node.source, offset) or _on(call_token, offset):
            return _symbol(module, Address(MODULE, call_token.text), call_token)
        rest = steps[1:]
        if rest and isinstance(rest[0], Index | LegacyIndex | Splat):
            rest = rest[1:]
        call = module.module_calls.get(call_token.text)
        if rest and isinstance(rest[0], GetAttr) and _on(rest[0].name, offset):
            if call is None or call.child is None or rest[0].name.text not in call.child.outputs:
                return None
            return _symbol(call.child, Address(OUTPUT, rest[0].name.text), rest[0].name)
        return None
    if root == "data":
        if len(steps) < 2 or not isinstance(steps[0], GetAttr):
            return None
        name = steps[1]
        if not isinstance(name, GetAttr):
            return None
        if any(_on(t, offset) for t in (node.source, steps[0].name, name.name)):
            address = Address(DATA, name.name.text, steps[0].name.text)
            if address.local in module.data:
                return _symbol(module, address, name.name)
        return None
    if steps and isinstance(steps[0], GetAttr):
        address = Address(RESOURCE, steps[0].name.text, root)
        if address.local in module.resources and (
            _on(node.source, offset) or _on(steps[0].name, offset)
        ):
            return _symbol(module, address, steps[0].name)
    return None


def _tfvars_symbol(project: Project, rel: str, offset: int) -> Symbol | None:
    source = project.files[rel]
    module = project.module_for(rel)
    if module is None or source.tree is None:
        return None
    for item in source.tree.body.items:
        on_name = isinstance(item, Attribute) and _on(item.name_token, offset)
        if on_name and item.name in module.variables:
            return _symbol(module, Address(VARIABLE, item.name), item.name_token)
    return None


def _on(node: Node | Token, offset: int) -> bool:
    return node.start <= offset <= node.end


def _symbol(module: Module, address: Address, where: Node | Token) -> Symbol:
    start, end = where.start, where.end
    if isinstance(where, Label) and where.quoted:  # the name inside the quotes
        start, end = start + 1, end - 1
    return Symbol(module.path, address, start, end)


def new_address(symbol: Symbol, new_name: str) -> Address:
    """The symbol's address with a new name; the editor gives a bare name."""
    name = new_name.strip()
    if "." in name:
        last = name.rsplit(".", 1)[1]
        raise RefactorError(
            f"give the new name only ({last!r}, not {name!r}): a rename keeps the "
            "object's kind, type and module"
        )
    from fixer.refactor.rename import check_new_name

    address = symbol.address
    check_new_name(address.kind, name)
    return Address(address.kind, name, address.type)
