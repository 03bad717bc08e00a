"""`moved` blocks: reading a module's, and writing new ones where Terraform accepts them.

Terraform's rules (internal/refactoring/move_validate.go): a statement's `from` must no
longer be declared; each `from` has one destination and each `to` one source; chains
(`A -> B`, `B -> C`) are followed, cycles are errors. So a new move `OLD -> NEW`:

- extends an existing chain `A -> OLD` instead of rewriting it (`A -> NEW` beside
  `OLD -> NEW` would give NEW two sources);
- drops a statement `NEW -> ... -> OLD` (the move being undone: NEW is declared again,
  and keeping it would make a cycle), pointing any `X -> NEW` at what followed NEW;
- is refused when another statement already moves something else to NEW, or moves NEW
  somewhere other than OLD.

New blocks go where the module keeps its moves: a file of only `moved`/`removed`/
`import` blocks (`moved.tf`, `migrations.tf`), else next to the object they move.

Codemods that change addresses (count <-> for_each, a resource into a module) use
`moved_changes`, which returns plain changes for a Fix.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from fixer.edits import Editor
from fixer.findings import Change
from fixer.model.files import SourceFile
from fixer.model.module import Module
from fixer.refactor.address import Address, AddressError, address_of
from fixer.refactor.changes import ChangeSet, RefactorError
from fixer.syntax.cst import Block, Item

REFACTORING_BLOCKS = frozenset({"moved", "removed", "import"})
MOVED_FILE_NAMES = ("moved.tf", "migrations.tf", "refactoring.tf", "refactor.tf")


@dataclass(frozen=True)
class Statement:
    """One `moved` block of a module, with its addresses (relative to the module)."""

    source: SourceFile
    block: Block
    from_: Address
    to: Address

    @property
    def line(self) -> int:
        return self.source.lines.position(self.block.start).line

    @property
    def where(self) -> str:
        return f"{self.source.rel}:{self.line}"


def statements(module: Module) -> list[Statement]:
    """The module's `moved` blocks whose addresses read as addresses, in file order."""
    found: list[Statement] = []
    for source in module.files:
        assert source.tree is not None
        for block in source.tree.body.blocks_of_type("moved"):
            from_attr = block.body.attribute("from")
            to_attr = block.body.attribute("to")
            if from_attr is None or to_attr is None:
                continue
            try:
                found.append(
                    Statement(source, block, address_of(from_attr.expr), address_of(to_attr.expr))
                )
            except AddressError:
                continue
    return found


def moved_block(old: Address, new: Address) -> str:
    return f"moved {{\n  from = {old}\n  to   = {new}\n}}\n"


def same_object(a: Address, b: Address) -> bool:
    """Whether two addresses name the same object, instance keys ignored."""
    return a.without_keys() == b.without_keys()


def plan_moves(
    changes: ChangeSet,
    module: Module,
    moves: Sequence[tuple[Address, Address]],
    anchor: tuple[SourceFile, Item] | None,
) -> int:
    """Add to `changes` the moved blocks for `moves` (addresses relative to `module`)
    and the updates of existing statements they need; returns how many blocks are new.

    `anchor` is the item the blocks go after when the module has no file for moves
    (None: at the end of the module's first file). Raises RefactorError when Terraform
    could not accept the result.
    """
    existing = statements(module)
    dropped: set[int] = set()
    new_blocks: list[str] = []
    for old, new in moves:
        if any(s.from_ == old and s.to == new for i, s in enumerate(existing) if i not in dropped):
            continue
        _undo_reverse_chain(changes, existing, dropped, old, new)
        for i, statement in enumerate(existing):
            if i not in dropped and statement.to == new:
                raise RefactorError(
                    f"the moved block at {statement.where} already moves {statement.from_} "
                    f"to {new}; Terraform allows one source per destination"
                )
        new_blocks.append(moved_block(old, new))
    if not new_blocks:
        return 0
    text = "\n".join(new_blocks)
    chain = [
        s
        for i, s in enumerate(existing)
        if i not in dropped and any(s.to == old for old, _ in moves)
    ]
    if chain:  # extend the chain where it is written
        anchor = (chain[-1].source, chain[-1].block)
    target = moved_file(module)
    if target is not None:
        changes.append_block(target.rel, text)
    elif anchor is not None:
        source, item = anchor
        changes.add(*Editor(source).insert_after(None, text, item))
    else:
        changes.append_block(module.file_for("moved"), text)
    return len(new_blocks)


def _undo_reverse_chain(
    changes: ChangeSet,
    existing: list[Statement],
    dropped: set[int],
    old: Address,
    new: Address,
) -> None:
    """Drop statements `NEW -> ... -> OLD` (NEW is declared again); refuse other moves
    of NEW away; point `X -> NEW` at what followed NEW."""
    for i, statement in enumerate(existing):
        if i in dropped or not same_object(statement.from_, new):
            continue
        if not _chain_reaches(existing, dropped, statement.to, old):
            raise RefactorError(
                f"the moved block at {statement.where} moves {statement.from_} to "
                f"{statement.to}: {new} cannot be declared again while that block exists"
            )
        dropped.add(i)
        changes.add(*Editor(statement.source).remove_block(statement.block))
        for j, other in enumerate(existing):
            if j in dropped or other.to != statement.from_:
                continue
            to_attr = other.block.body.attribute("to")
            assert to_attr is not None
            changes.replace(other.source, to_attr.expr.start, to_attr.expr.end, str(statement.to))
            existing[j] = Statement(other.source, other.block, other.from_, statement.to)


def _chain_reaches(
    existing: list[Statement], dropped: set[int], start: Address, goal: Address
) -> bool:
    current = start
    seen: set[Address] = set()
    while current not in seen:
        if goal.contains(current) or same_object(current, goal):
            return True
        seen.add(current)
        following = [s for i, s in enumerate(existing) if i not in dropped and s.from_ == current]
        if not following:
            return False
        current = following[0].to
    return False


def moved_file(module: Module) -> SourceFile | None:
    """The file where the module keeps its moves: one named like `moved.tf`, or one
    holding only refactoring blocks (the one with the most), if any."""
    by_name = {f.rel.rsplit("/", 1)[-1]: f for f in module.files}
    for name in MOVED_FILE_NAMES:
        if name in by_name:
            return by_name[name]
    best: tuple[int, SourceFile] | None = None
    for source in module.files:
        assert source.tree is not None
        items = source.tree.body.items
        if not items or not all(
            isinstance(item, Block) and item.type in REFACTORING_BLOCKS for item in items
        ):
            continue
        count = sum(1 for item in items if isinstance(item, Block) and item.type == "moved")
        if count and (best is None or count > best[0]):
            best = (count, source)
    return best[1] if best else None


def moved_changes(
    files: Mapping[str, SourceFile],
    module: Module,
    moves: Sequence[tuple[str, str]],
    anchor: Block | None = None,
) -> list[Change]:
    """Changes adding `moved` blocks for `moves` (address texts relative to `module`),
    for a codemod's Fix: placed and chained as `plan_moves` does.

    `anchor` is a top-level block of one of the module's files that the blocks follow
    when the module has no file for moves. Raises RefactorError (with a message for
    the finding) when Terraform would reject the result, and AddressError for a
    malformed address.
    """
    from fixer.refactor.address import parse_address

    parsed = [(parse_address(old), parse_address(new)) for old, new in moves]
    changes = ChangeSet(files)
    where = None
    if anchor is not None:
        where = next(
            (
                (source, anchor)
                for source in module.files
                if source.tree is not None and anchor in source.tree.body.items
            ),
            None,
        )
    plan_moves(changes, module, parsed, where)
    return changes.raw_changes()
