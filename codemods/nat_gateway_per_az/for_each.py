"""FX008's fix for NAT gateways created with `for_each`: one key outside production.

The gateways (and the Elastic IPs they allocate, when keyed alike) take their keys from
a local that keeps every key in production and only the first one elsewhere:

    nat_gateway_subnets = var.env == "prod" ? var.public_subnets : {
      for key, value in var.public_subnets : key => value if key == keys(var.public_subnets)[0]
    }

(`toset(slice(sort(S), 0, 1))` for a set), and every `aws_nat_gateway.<name>[each.key]`
elsewhere (the private route tables' routes) picks the gateway of its own key when it
exists and the kept one otherwise.
"""

from __future__ import annotations

from collections.abc import Mapping

from fixer.edits import Editor
from fixer.findings import Change, Fix, TextEdit
from fixer.model.conditions import environment_condition, split_environments
from fixer.model.files import SourceFile
from fixer.model.instances import inside, instance_use
from fixer.model.module import Module, Resource
from fixer.model.project import Project
from fixer.model.unknown import is_known
from fixer.module_edits import add_local, local_name
from fixer.syntax.cst import Expression, FunctionCall, GetAttr, Parens, Traversal, Variable
from fixer.syntax.values import references


def for_each_fix(
    files: Mapping[str, SourceFile],
    project: Project,
    module: Module,
    variable: str,
    gateways: list[Resource],
    gateway: Resource,
) -> tuple[Fix | None, str]:
    """The fix for a gateway with `for_each`, or (None, why there is none)."""
    assert gateway.for_each is not None
    kind = collection_kind(project, module, gateway.for_each.expr)
    if kind is None:
        return None, "the for_each value is neither a known map nor a set of strings"
    name = local_name(gateways, gateway, "nat_gateway_subnets")
    if name in module.locals:
        return None, f"local.{name} already exists"
    keyed = [gateway]
    eip = allocated_eip(module, gateway)
    if eip is not None:
        keyed.append(eip)
    edits: list[Change] = []
    for resource in keyed:
        followed = follow_each_key(module, keyed, resource, name, kind)
        if isinstance(followed, str):
            return None, followed
        edits.extend(followed)
    production = split_environments(project, module, variable, "production")
    condition = environment_condition(variable, production.values)
    original = gateway.file.text[gateway.for_each.expr.start : gateway.for_each.expr.end]
    edits.extend(
        add_local(
            files, module, name, f"{condition} ? {original} : {one(original, kind)}", gateway.file
        )
    )
    for resource in keyed:
        assert resource.for_each is not None
        edits.extend(Editor(resource.file).replace_value(resource.for_each, f"local.{name}"))
    title = f"Use one NAT gateway outside production (local.{name})"
    return Fix.unsafe(title, *edits), ""


def one(collection: str, kind: str) -> str:
    """HCL keeping only the first key of a map or set, as Terraform orders them."""
    if kind == "map":
        return (
            f"{{\nfor key, value in {collection} : key => value if key == keys({collection})[0]\n}}"
        )
    return f"toset(slice(sort({collection}), 0, 1))"


def collection_kind(project: Project, module: Module, expr: Expression) -> str | None:
    """ "map" or "set" for a for_each value, from its values in every environment (or the
    variable's declared type when a value is unknown); None when it cannot be told."""
    kinds = set()
    for value in project.resolve_per_environment(module, expr).values():
        if not is_known(value):
            kinds.add(_declared_kind(module, expr))
        elif isinstance(value, dict):
            kinds.add("map")
        elif isinstance(value, list) and all(isinstance(item, str) for item in value):
            kinds.add("set")
        else:
            return None
    return kinds.pop() if len(kinds) == 1 and None not in kinds else None


def _declared_kind(module: Module, expr: Expression) -> str | None:
    while isinstance(expr, Parens):
        expr = expr.expr
    if isinstance(expr, FunctionCall) and expr.name == "toset":
        return "set"
    refs = references(expr)
    if len(refs) != 1 or refs[0].node is not expr or refs[0].root != "var":
        return None
    declared = module.variables.get(str(refs[0].parts[1]))
    if declared is None or declared.type is None:
        return None
    text = declared.file.text[declared.type.start : declared.type.end].replace(" ", "")
    if text.startswith(("map(", "object(")) or text == "map":
        return "map"
    return "set" if text == "set(string)" else None


def allocated_eip(module: Module, gateway: Resource) -> Resource | None:
    """The `aws_eip` keyed like the gateway whose `[each.key]` instance it allocates."""
    allocation = gateway.block.body.attribute("allocation_id")
    if allocation is None or gateway.for_each is None:
        return None
    for ref in references(allocation.expr):
        if ref.root != "aws_eip" or not by_each_key(instance_use(ref).index):
            continue
        eip = module.resources.get(ref.subject)
        if eip is None or eip.for_each is None:
            return None
        mine, theirs = gateway.for_each.expr, eip.for_each.expr
        same = _compact(gateway.file.text[mine.start : mine.end]) == _compact(
            eip.file.text[theirs.start : theirs.end]
        )
        return eip if same else None
    return None


def follow_each_key(
    module: Module, keyed: list[Resource], resource: Resource, name: str, kind: str
) -> list[Change] | str:
    """Edits making `resource[each.key]` elsewhere pick the kept instance when its own key
    is gone, or why a reference cannot follow (`aws_nat_gateway.main["b"]`)."""
    keys = f"keys(local.{name})" if kind == "map" else f"tolist(local.{name})"
    index = f"contains({keys}, each.key) ? each.key : {keys}[0]"
    edits: list[Change] = []
    for source, ref in module.references_to(resource.address):
        if any(inside(block.block, ref.node) for block in keyed):
            continue
        use = instance_use(ref)
        if use.index is None:
            continue  # the whole object: values(), a for expression ...
        if use.full_splat or not by_each_key(use.index):
            line = source.lines.position(ref.node.start).line
            text = source.text[ref.node.start : ref.node.end]
            return f"`{text}` ({source.rel}:{line}) cannot follow"
        assert not isinstance(use.index, str)
        edits.append(TextEdit(source.rel, use.index.start, use.index.end, index))
    return edits


def by_each_key(index: object) -> bool:
    """Whether an index expression is exactly `each.key`."""
    if not isinstance(index, Traversal) or not isinstance(index.source, Variable):
        return False
    steps = [step.name.text for step in index.steps if isinstance(step, GetAttr)]
    return index.source.name.text == "each" and steps == ["key"] and len(index.steps) == 1


def _compact(text: str) -> str:
    return "".join(text.split())
