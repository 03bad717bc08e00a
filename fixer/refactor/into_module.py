"""Moving a resource into a local child module: the block, its inputs, its uses, the move.

`fixer mv aws_x.y module.m.aws_x.z` moves the block into the directory of `module.m`,
turns each value it reads from the calling module (`var.*`, `local.*`, other resources,
data sources, module outputs) into a variable of the child that the call passes, exposes
the resource to the caller as an output named after it, rewrites the caller's references
to read that output, and writes `moved { from = aws_x.y  to = module.m.aws_x.z }`.

It refuses what is not mechanical: a module called more than once or with count or
for_each (the resource would multiply), a remote module, a resource with a `provider`
argument, one that reads `path.module` or `module.m` itself, or whose `depends_on` or
`replace_triggered_by` names objects that stay outside, and callers that use the
resource in `replace_triggered_by` or in the arguments of `module.m` itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from fixer.edits import Editor
from fixer.model.module import Module, ModuleCall
from fixer.refactor.address import RESOURCE, Address
from fixer.refactor.changes import ChangeSet, RefactorError
from fixer.refactor.moved import plan_moves
from fixer.refactor.rename import (
    HISTORY_BLOCKS,
    RESERVED_VARIABLE_NAMES,
    Tally,
    check_new_name,
    name_step,
)
from fixer.refactor.scope import Scope
from fixer.syntax.cst import Attribute, Block, Traversal
from fixer.syntax.values import Reference, references

# Roots whose references keep their meaning inside the child module.
_LOCAL_ROOTS = frozenset({"count", "each", "self", "terraform"})


@dataclass
class Input:
    """A value the moved block reads from the caller, passed as a child variable."""

    variable: str
    expression: str  # in the caller's terms, e.g. `aws_vpc.main.id`
    new: bool  # whether the variable (and the call's argument) must be added


def move_into_module(
    scope: Scope,
    module: Module,
    old: Address,
    call_name: str,
    new_full: Address,
    changes: ChangeSet,
) -> Tally:
    """Move the resource `old` of `module` into its call `call_name` as `new_full`'s
    last part (`module.<call>.<type>.<name>`)."""
    declaration = scope.declaration(module, old)
    assert declaration is not None and old.kind == RESOURCE
    block = declaration.node
    assert isinstance(block, Block)
    call = _movable_call(scope, module, call_name)
    child = call.child
    assert child is not None
    if new_full.type != old.type:
        raise RefactorError(
            f"{old} and {new_full} have different types: a move keeps the resource's type"
        )
    check_new_name(RESOURCE, new_full.name)
    new_local = Address(RESOURCE, new_full.name, old.type)
    existing = scope.declaration(child, new_local)
    if existing is not None:
        raise RefactorError(f"{new_full} already exists ({existing.where})")
    _refuse_unmovable(module, block, call_name, declaration.source.rel)
    tally = Tally()
    source = declaration.source
    inputs = _inputs(call, child, block, source.text)
    text = _moved_text(source.text, block, inputs, new_full.name)
    changes.append_block(_destination(changes, child, "resource", source.rel), text)
    changes.add(*Editor(source).remove_block(block))
    tally.files.add(source.rel)
    new_inputs = [i for i in inputs.values() if i.new]
    if new_inputs:
        lines = "\n".join(f"{i.variable} = {i.expression}" for i in new_inputs)
        last = [item for item in call.block.body.items if isinstance(item, Attribute)][-1]
        changes.add(*Editor(call.file).insert_after(call.block, lines, last))
        variables = "\n".join(
            f'variable "{i.variable}" {{\n'
            f'  description = "{i.expression} of the calling module"\n'
            f"  type        = any\n}}\n"
            for i in new_inputs
        )
        changes.append_block(_destination(changes, child, "variable", source.rel), variables)
    output = _rewrite_uses(scope, module, call, child, old, new_local, changes, tally)
    if output is not None:
        changes.append_block(
            _destination(changes, child, "output", source.rel),
            f'output "{output}" {{\n'
            f'  description = "{new_local}, for the calling module"\n'
            f"  value       = {new_local}\n}}\n",
        )
    moved_to = Address(RESOURCE, new_full.name, old.type, modules=(new_full.modules[-1],))
    tally.moved_blocks += plan_moves(changes, module, [(old, moved_to)], (call.file, call.block))
    return tally


def _movable_call(scope: Scope, module: Module, call_name: str) -> ModuleCall:
    call = module.module_calls.get(call_name)
    if call is None:
        raise RefactorError(f"module.{call_name} is not declared{_in(module)}")
    if call.child is None:
        why = "a remote module" if call.remote else "a module outside the files fixer read"
        raise RefactorError(
            f"module.{call_name} calls {call.source or 'a computed source'}, {why}: only a "
            "local module in this project can receive a resource"
        )
    if call.count is not None or call.for_each is not None:
        meta = "count" if call.count is not None else "for_each"
        raise RefactorError(
            f"module.{call_name} has {meta}: the resource would be created once per instance"
        )
    others = [c for c in scope.project.callers(call.child) if c is not call]
    if others:
        listed = ", ".join(f"module.{c.name} ({c.file.rel})" for c in others)
        raise RefactorError(
            f"{call.child.path or 'the root module'} is also called as {listed}: adding a "
            "resource to it would add it to every call"
        )
    return call


def _refuse_unmovable(module: Module, block: Block, call_name: str, rel: str) -> None:
    body = block.body
    if body.attribute("provider") is not None:
        raise RefactorError(
            "the resource sets `provider`: the module call would need a `providers` map "
            "and the module a configuration alias; move it by hand"
        )
    for name, expr in _attributes(block, ""):
        for ref in references(expr):
            root = ref.root
            if root == "path" and ref.parts[1:2] == ("module",):
                raise RefactorError(
                    "the resource reads path.module, which names another directory inside "
                    "the module; move it by hand"
                )
            if ref.subject == f"module.{call_name}":
                raise RefactorError(
                    f"the resource reads module.{call_name}: inside the module, it would "
                    "have to read the module's own values; move it by hand"
                )
            if root in _LOCAL_ROOTS or root == "path":
                continue
            if name == "depends_on" or name == "lifecycle.replace_triggered_by":
                raise RefactorError(
                    f"the resource's {name} names {ref.subject}, which stays outside the "
                    "module; remove it or move both"
                )


def _attributes(block: Block, prefix: str):
    for item in block.body.items:
        if isinstance(item, Attribute):
            yield prefix + item.name, item.expr
        elif isinstance(item, Block):
            yield from _attributes(item, f"{prefix}{item.type}.")


def _passed(ref: Reference) -> tuple[int, int, int] | None:
    """(start, end, parts) of the part of a reference that is passed into the module:
    `var.x`, `local.x`, `module.m.out`, or every static step of a resource or data
    reference (`aws_vpc.main.id`, `aws_subnet.public` before `[count.index]`)."""
    node = ref.node
    if not isinstance(node, Traversal):
        return None
    keep = len(ref.parts)
    if ref.root in ("var", "local"):
        keep = min(2, keep)
    elif ref.root == "module":
        keep = min(3, keep)
    if keep < 2:
        return None
    return node.source.start, node.steps[keep - 2].end, keep


def _inputs(call: ModuleCall, child: Module, block: Block, source_text: str) -> dict[str, Input]:
    """Passed text (compacted) -> Input, in the order the block reads them."""
    text = call.file.text
    existing = {
        _compact(text[attr.expr.start : attr.expr.end]): name
        for name, attr in call.arguments.items()
        if name in child.variables
    }
    taken = set(child.variables) | set(call.block.body.attributes) | RESERVED_VARIABLE_NAMES
    inputs: dict[str, Input] = {}
    for _, expr in _attributes(block, ""):
        for ref in references(expr):
            if ref.root in _LOCAL_ROOTS or ref.root == "path":
                continue
            span = _passed(ref)
            if span is None:
                continue
            passed = source_text[span[0] : span[1]].strip()
            key = _compact(passed)
            if key in inputs:
                continue
            if key in existing:
                inputs[key] = Input(existing[key], passed, False)
                continue
            name = _variable_name(ref, span[2], taken)
            taken.add(name)
            inputs[key] = Input(name, passed, True)
    return inputs


def _variable_name(ref: Reference, keep: int, taken: set[str]) -> str:
    parts = [str(p) for p in ref.parts[:keep]]
    if parts[0] in ("var", "local", "module", "data"):
        parts = parts[1:]
    base = re.sub(r"[^A-Za-z0-9_]", "_", "_".join(parts))
    if not re.match(r"[A-Za-z_]", base):
        base = "_" + base
    name, number = base, 2
    while name in taken:
        name = f"{base}_{number}"
        number += 1
    return name


def _moved_text(text: str, block: Block, inputs: dict[str, Input], new_name: str) -> str:
    """The block's source (lead comments included) with the caller's values replaced by
    the child's variables and the new name on its label."""
    start = block.full_start
    edits: list[tuple[int, int, str]] = []
    label = block.labels[1]
    edits.append((label.start, label.end, f'"{new_name}"' if label.quoted else new_name))
    for _, expr in _attributes(block, ""):
        for ref in references(expr):
            if ref.root in _LOCAL_ROOTS or ref.root == "path":
                continue
            span = _passed(ref)
            if span is None:
                continue
            found = inputs.get(_compact(text[span[0] : span[1]]))
            if found is not None:
                edits.append((span[0], span[1], f"var.{found.variable}"))
    out = text[start : block.full_end]
    for s, e, content in sorted(edits, reverse=True):
        out = out[: s - start] + content + out[e - start :]
    return out


def _rewrite_uses(
    scope: Scope,
    module: Module,
    call: ModuleCall,
    child: Module,
    old: Address,
    new_local: Address,
    changes: ChangeSet,
    tally: Tally,
) -> str | None:
    """Rewrite the caller's references to the resource; returns the name of the output
    the child must declare for them (None when nothing reads the resource)."""
    output = _output_name(child, new_local)
    needed = False
    for site in scope.sites(module, old.local):
        item = site.item
        if isinstance(item, Block) and item.type in HISTORY_BLOCKS:
            continue
        node = site.reference.node
        step = name_step(node, RESOURCE)
        if step is None or not isinstance(node, Traversal):
            continue
        start, end = node.source.start, step.end
        if item is call.block:
            raise RefactorError(
                f"module.{call.name} itself reads {old} ({site.where}): after the move that "
                "would be the module reading its own output"
            )
        if site.attribute.endswith("replace_triggered_by"):
            raise RefactorError(
                f"{site.where} names {old} in replace_triggered_by, which cannot name a "
                "module output"
            )
        if isinstance(item, Block) and item.type == "import":
            replacement = f"module.{call.name}.{new_local}"
        else:
            if output is None:
                raise RefactorError(
                    f"module.{call.name} already has outputs named {new_local.name!r} and "
                    f"{new_local.type}_{new_local.name!r}: rename one first"
                )
            replacement = f"module.{call.name}.{output}"
            needed = True
        changes.replace(site.source, start, end, replacement)
        tally.reference(site.source.rel)
    for site in scope.test_sites(module):
        if site.reference.subject == old.local:
            changes.note(
                f"{site.where} (a test) reads {old}: not rewritten, since the test now "
                f"has to read module.{call.name}'s output"
            )
    return output if needed else None


def _output_name(child: Module, new_local: Address) -> str | None:
    for name in (new_local.name, f"{new_local.type}_{new_local.name}"):
        if name not in child.outputs:
            return name
    return None


def _destination(changes: ChangeSet, child: Module, kind: str, fallback: str) -> str:
    rel = child.file_for(kind)
    if rel in changes.files or changes.can_create:
        return rel
    # A client that cannot create files: the module's first file takes the blocks.
    return child.files[0].rel if child.files else fallback


def _compact(text: str) -> str:
    return "".join(text.split())


def _in(module: Module) -> str:
    return f" in {module.path}" if module.path else ""
