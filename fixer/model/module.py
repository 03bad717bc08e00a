"""A Terraform module: the `.tf` files of one directory and the blocks they declare."""

from __future__ import annotations

import posixpath
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property

from fixer.model.files import SourceFile
from fixer.syntax.cst import Attribute, Block, Expression, Item
from fixer.syntax.memo import memoized
from fixer.syntax.values import Reference, references, try_literal

MODULE_META_ARGUMENTS = frozenset(
    {"source", "version", "count", "for_each", "providers", "depends_on"}
)

# Where new blocks of a type belong when such a file exists (first match wins).
_PREFERRED_FILES: dict[str, tuple[str, ...]] = {
    "variable": ("variables.tf",),
    "locals": ("locals.tf",),
    "output": ("outputs.tf",),
    "terraform": ("versions.tf",),
    "provider": ("providers.tf",),
}
_NEW_FILES = {"variable": "variables.tf", "output": "outputs.tf"}
_KIND_ALIASES = {
    "local": "locals",
    "variables": "variable",
    "outputs": "output",
    "versions": "terraform",
}


@dataclass(eq=False)
class Variable:
    """`variable "name" { type, default, description ... }`."""

    name: str
    block: Block
    file: SourceFile

    @property
    def type(self) -> Expression | None:
        attr = self.block.body.attribute("type")
        return attr.expr if attr else None

    @property
    def default(self) -> Expression | None:
        attr = self.block.body.attribute("default")
        return attr.expr if attr else None

    @property
    def description(self) -> str | None:
        ok, value = try_literal(_expr(self.block, "description"))
        return value if ok and isinstance(value, str) else None

    @property
    def sensitive(self) -> bool:
        ok, value = try_literal(_expr(self.block, "sensitive"))
        return ok and value is True

    @property
    def nullable(self) -> bool:
        ok, value = try_literal(_expr(self.block, "nullable"))
        return not (ok and value is False)


@dataclass(eq=False)
class Local:
    """One `name = expr` inside a `locals` block."""

    name: str
    attribute: Attribute
    file: SourceFile

    @property
    def expr(self) -> Expression:
        return self.attribute.expr


@dataclass(eq=False)
class Output:
    """`output "name" { value = ... }`."""

    name: str
    block: Block
    file: SourceFile

    @property
    def value(self) -> Expression | None:
        return _expr(self.block, "value")


@dataclass(eq=False)
class Resource:
    """A `resource` (mode "managed") or `data` (mode "data") block."""

    type: str
    name: str
    block: Block
    file: SourceFile
    mode: str = "managed"

    @property
    def address(self) -> str:
        prefix = "data." if self.mode == "data" else ""
        return f"{prefix}{self.type}.{self.name}"

    @property
    def count(self) -> Attribute | None:
        return self.block.body.attribute("count")

    @property
    def for_each(self) -> Attribute | None:
        return self.block.body.attribute("for_each")

    @property
    def provider(self) -> Attribute | None:
        return self.block.body.attribute("provider")


@dataclass(eq=False)
class ModuleCall:
    """`module "name" { source = ... }`: `child` is the called module when it is local."""

    name: str
    block: Block
    file: SourceFile
    caller: Module
    source: str | None
    remote: bool
    child_path: str | None = None
    child: Module | None = None

    @property
    def arguments(self) -> dict[str, Attribute]:
        """The child module's variables this call sets: name -> the caller's attribute."""
        return {
            name: attr
            for name, attr in self.block.body.attributes.items()
            if name not in MODULE_META_ARGUMENTS
        }

    @property
    def version(self) -> str | None:
        ok, value = try_literal(_expr(self.block, "version"))
        return value if ok and isinstance(value, str) else None

    @property
    def count(self) -> Attribute | None:
        return self.block.body.attribute("count")

    @property
    def for_each(self) -> Attribute | None:
        return self.block.body.attribute("for_each")


@dataclass(eq=False)
class TerraformBlock:
    """A `terraform { ... }` block: backend, required providers and version."""

    block: Block
    file: SourceFile

    @property
    def backends(self) -> list[Block]:
        return self.block.body.blocks_of_type("backend") + self.block.body.blocks_of_type("cloud")

    @property
    def required_version(self) -> str | None:
        ok, value = try_literal(_expr(self.block, "required_version"))
        return value if ok and isinstance(value, str) else None

    @property
    def required_providers(self) -> dict[str, Attribute]:
        """Local provider name -> its requirement attribute (`aws = { source, version }`)."""
        found: dict[str, Attribute] = {}
        for block in self.block.body.blocks_of_type("required_providers"):
            for name, attr in block.body.attributes.items():
                found.setdefault(name, attr)
        return found


@dataclass(eq=False)
class Backend:
    """A `backend "<type>" { ... }` block inside a terraform block, and its file."""

    type: str
    block: Block
    file: SourceFile

    def setting(self, name: str) -> str | None:
        """The value of a setting when it is a literal string (`bucket = "acme-state"`)."""
        ok, value = try_literal(_expr(self.block, name))
        return value if ok and isinstance(value, str) else None


@dataclass(eq=False)
class Provider:
    """A `provider "name" { alias = ... }` configuration."""

    name: str
    block: Block
    file: SourceFile

    @property
    def alias(self) -> str | None:
        ok, value = try_literal(_expr(self.block, "alias"))
        return value if ok and isinstance(value, str) else None

    @property
    def key(self) -> str:
        """`aws` or `aws.east` for an aliased configuration."""
        return f"{self.name}.{self.alias}" if self.alias else self.name


@dataclass(eq=False)
class Module:
    """The parsed `.tf` files of one directory (`path`, "" for the project root).

    Files that did not parse are in `errors` and contribute nothing else. When a name
    is declared twice (an error for Terraform), the first declaration in file order wins.
    """

    path: str
    files: list[SourceFile] = field(default_factory=list)
    errors: list[SourceFile] = field(default_factory=list)
    tests: list[SourceFile] = field(default_factory=list)
    variables: dict[str, Variable] = field(default_factory=dict)
    locals: dict[str, Local] = field(default_factory=dict)
    outputs: dict[str, Output] = field(default_factory=dict)
    resources: dict[str, Resource] = field(default_factory=dict)
    data: dict[str, Resource] = field(default_factory=dict)
    module_calls: dict[str, ModuleCall] = field(default_factory=dict)
    terraform_blocks: list[TerraformBlock] = field(default_factory=list)
    providers: dict[str, Provider] = field(default_factory=dict)

    def __repr__(self) -> str:
        return f"Module({self.path!r})"

    @property
    def name(self) -> str:
        """The directory's own name ("" for the project root)."""
        return posixpath.basename(self.path)

    @property
    def newline(self) -> str:
        """The line ending of the module's files taken together, for a file created in it
        ("\n" when most of their lines end so, or when it has none)."""
        text = "".join(source.text for source in self.files)
        return SourceFile("", text).newline

    @property
    def backend(self) -> Block | None:
        for terraform in self.terraform_blocks:
            if terraform.backends:
                return terraform.backends[0]
        return None

    def backend_block(self, type: str) -> Backend | None:
        """The first `backend "<type>"` block of the module's terraform blocks (in file
        order), with its file; None when the module has none."""
        for terraform in self.terraform_blocks:
            for block in terraform.block.body.blocks_of_type("backend", type):
                return Backend(type, block, terraform.file)
        return None

    @property
    def required_version(self) -> str | None:
        """The first `required_version` constraint (see `required_versions` for all)."""
        versions = self.required_versions
        return versions[0] if versions else None

    @property
    def required_versions(self) -> list[str]:
        """Every literal `required_version` of the module's terraform blocks, in file
        order: Terraform requires all of them to hold."""
        return [
            terraform.required_version
            for terraform in self.terraform_blocks
            if terraform.required_version is not None
        ]

    @property
    def required_providers(self) -> dict[str, Attribute]:
        found: dict[str, Attribute] = {}
        for terraform in self.terraform_blocks:
            for name, attr in terraform.required_providers.items():
                found.setdefault(name, attr)
        return found

    def resource_blocks(self, type: str) -> list[Resource]:
        """The managed resources of one type, in file order."""
        return [res for res in self.resources.values() if res.type == type]

    def data_blocks(self, type: str) -> list[Resource]:
        """The data sources of one type, in file order."""
        return [res for res in self.data.values() if res.type == type]

    def reference_sites(
        self, mentioning: str = ""
    ) -> Iterator[tuple[SourceFile, Item, str, Expression, Reference]]:
        """(file, top-level item, attribute, its value, reference) of every reference in
        the module's files, in file and source order. Attributes of nested blocks are
        named with the blocks' types (`ingress.cidr_blocks`).

        With `mentioning` (say `aws_iam_`), only the items whose text contains it are
        looked at: a caller after subjects that start with it skips the references of
        every other item, since a reference's names are spelled out in the source."""
        for source in self.files:
            tree = source.tree
            assert tree is not None
            text = tree.text
            for item in tree.body.items:
                if mentioning and text.find(mentioning, item.start, item.end) < 0:
                    continue
                flat = iter(memoized(item, _attribute_references))
                for name, expr, ref in zip(flat, flat, flat, strict=True):
                    yield source, item, name, expr, ref

    @cached_property
    def _references(self) -> dict[str, list[tuple[SourceFile, Reference]]]:
        index: dict[str, list[tuple[SourceFile, Reference]]] = defaultdict(list)
        for source, _, _, _, ref in self.reference_sites():
            index[ref.subject].append((source, ref))
        return dict(index)

    def references_to(self, subject: str) -> list[tuple[SourceFile, Reference]]:
        """Every reference in this module's files to `subject`, in file and source order.

        `subject` is what a Reference's `subject` gives: `var.x`, `local.y`,
        `module.m`, `data.t.n`, `aws_nat_gateway.main`. Each Reference's `node` is
        the whole traversal (`aws_nat_gateway.main[count.index].id`).
        """
        return list(self._references.get(subject, ()))

    def file_for(self, kind: str) -> str:
        """The path (relative to the project root) where a new `kind` block belongs.

        `kind` is a block type (`variable`, `locals`, `output`, `terraform`, `provider`,
        `resource`, ...). The conventional file (`variables.tf`, `locals.tf`,
        `outputs.tf`, `versions.tf`, `providers.tf`) when it exists, else the file
        holding most blocks of that kind, else `variables.tf` for a variable and
        `outputs.tf` for an output (the standard module structure), else `main.tf`.
        The file may not exist yet: the caller then creates it.
        """
        kind = _KIND_ALIASES.get(kind, kind)
        existing = {posixpath.basename(f.rel): f.rel for f in self.files + self.errors}
        for name in _PREFERRED_FILES.get(kind, ()):
            if name in existing:
                return existing[name]
        counts: dict[str, int] = {}
        for source in self.files:
            tree = source.tree
            assert tree is not None
            n = sum(1 for item in tree.body.blocks if item.type == kind)
            if n:
                counts[source.rel] = n
        if counts:
            return max(counts, key=lambda rel: counts[rel])
        name = _NEW_FILES.get(kind, "main.tf")
        return posixpath.join(self.path, name) if self.path else name


def _attribute_references(item: Item) -> tuple[str | Expression | Reference, ...]:
    """Attribute name, value and reference, one after the other, for each reference of
    the item, in source order (kept with the item: see `reference_sites`). One flat
    tuple, not a tuple per attribute and per reference: it lives as long as the tree."""
    pairs = [(item.name, item.expr)] if isinstance(item, Attribute) else []
    if isinstance(item, Block):
        pairs = list(_block_attributes(item, ""))
    flat: list[str | Expression | Reference] = []
    for name, expr in pairs:
        for ref in references(expr):
            flat += (name, expr, ref)
    return tuple(flat)


def _block_attributes(block: Block, prefix: str) -> Iterator[tuple[str, Expression]]:
    """(name, value) of every attribute in the block and the blocks nested in it, in
    source order; iterative, so that deeply nested blocks cost no recursion."""
    stack = [(iter(block.body.items), prefix)]
    while stack:
        items, prefix = stack[-1]
        item = next(items, None)
        if item is None:
            stack.pop()
        elif isinstance(item, Attribute):
            yield prefix + item.name, item.expr
        elif isinstance(item, Block):
            stack.append((iter(item.body.items), f"{prefix}{item.type}."))


def _expr(block: Block, name: str) -> Expression | None:
    attr = block.body.attribute(name)
    return attr.expr if attr else None


def is_local_source(source: str) -> bool:
    """Whether a module source is a local path (`./x`, `../x`), per Terraform's rule."""
    return source.startswith(("./", "../", ".\\", "..\\")) or source in (".", "..")


def build_module(path: str, sources: list[SourceFile]) -> Module:
    """Read the blocks of one directory's `.tf` files (sorted by path) into a Module."""
    module = Module(path)
    for source in sorted(sources, key=lambda s: s.rel):
        tree = source.tree
        if tree is None:
            module.errors.append(source)
            continue
        module.files.append(source)
        for block in tree.body.blocks:
            _read_block(module, source, block)
    return module


def _read_block(module: Module, source: SourceFile, block: Block) -> None:
    labels = block.label_values
    kind = block.type
    if kind == "variable" and len(labels) == 1:
        module.variables.setdefault(labels[0], Variable(labels[0], block, source))
    elif kind == "locals" and not labels:
        for attr in block.body.attributes.values():
            module.locals.setdefault(attr.name, Local(attr.name, attr, source))
    elif kind == "output" and len(labels) == 1:
        module.outputs.setdefault(labels[0], Output(labels[0], block, source))
    elif kind in ("resource", "data") and len(labels) == 2:
        mode = "data" if kind == "data" else "managed"
        res = Resource(labels[0], labels[1], block, source, mode)
        target = module.data if mode == "data" else module.resources
        target.setdefault(res.address, res)
    elif kind == "module" and len(labels) == 1:
        module.module_calls.setdefault(labels[0], _module_call(module, source, block))
    elif kind == "terraform" and not labels:
        module.terraform_blocks.append(TerraformBlock(block, source))
    elif kind == "provider" and len(labels) == 1:
        provider = Provider(labels[0], block, source)
        module.providers.setdefault(provider.key, provider)


def _module_call(module: Module, source: SourceFile, block: Block) -> ModuleCall:
    ok, value = try_literal(_expr(block, "source"))
    text = value if ok and isinstance(value, str) else None
    call = ModuleCall(block.label_values[0], block, source, module, text, remote=False)
    if text is None:
        return call
    if not is_local_source(text):
        call.remote = True
        return call
    joined = posixpath.normpath(posixpath.join(module.path or ".", text.replace("\\", "/")))
    if joined == ".":
        call.child_path = ""
    elif not joined.startswith("../") and joined != "..":
        call.child_path = joined
    return call
