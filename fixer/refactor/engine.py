"""`fixer mv` and the editor's rename: from two addresses to the edits of the whole project."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from fixer.model.config import ModelConfig
from fixer.model.files import SourceFile
from fixer.refactor.address import (
    DATA,
    RESOURCE,
    AddressError,
    parse_address,
)
from fixer.refactor.changes import ChangeSet, RefactorError
from fixer.refactor.rename import NOUNS, Tally, rename
from fixer.refactor.scope import Scope


@dataclass
class Refactoring:
    """The outcome of a refactoring: what it did, in words, and the new file texts."""

    title: str
    texts: dict[str, str]  # rel -> new text, for every file changed or created
    created: set[str] = field(default_factory=set)
    notes: list[str] = field(default_factory=list)
    summary: str = ""


def move(
    files: Mapping[str, SourceFile],
    old: str,
    new: str,
    root: str = "",
    config: ModelConfig | None = None,
    can_create: bool = True,
) -> Refactoring | RefactorError:
    """Move the object at address `old` to `new` (both relative to the root module in
    directory `root` of the project): a rename of its block and of every reference, or
    a resource moved into a child module, with the moved block Terraform needs.

    Errors the user can cause (a malformed or unknown address, a target that exists, a
    move that is not mechanical) come back as a RefactorError value. `can_create` False
    (an editor that cannot create files) puts new blocks into existing files.
    """
    try:
        scope = Scope(files, config)
        changes = ChangeSet(files, can_create=can_create)
        title, tally = _move(scope, changes, old, new, root)
        texts = changes.texts()
    except (RefactorError, AddressError) as error:
        return error if isinstance(error, RefactorError) else RefactorError(str(error))
    created = {rel for rel in texts if rel not in files}
    return Refactoring(title, texts, created, changes.notes, _summary(tally, texts))


def _move(
    scope: Scope, changes: ChangeSet, old_text: str, new_text: str, root: str
) -> tuple[str, Tally]:
    old, new = parse_address(old_text), parse_address(new_text)
    if old.has_keys or new.has_keys:
        raise RefactorError(
            "instance keys name objects in the state, not blocks of the configuration: "
            f"give {old.without_keys()} and {new.without_keys()} (every instance moves)"
        )
    if str(old) == str(new):
        raise RefactorError(f"{old} and {new} are the same address")
    root_module = scope.module(root)
    module, local_old = scope.resolve(root_module, old)
    if scope.declaration(module, local_old) is None:
        raise RefactorError(f"{old} is not declared{_in(module.path)}")
    into_call = len(new.modules) == len(old.modules) + 1
    if old.kind == RESOURCE and new.kind == RESOURCE and into_call:
        if new.modules[: len(old.modules)] != old.modules:
            raise RefactorError(
                f"{new} is not in a module that {old}'s module calls: a resource moves "
                "into one of its own module's calls"
            )
        from fixer.refactor.into_module import move_into_module

        tally = move_into_module(scope, module, local_old, new.modules[-1].name, new, changes)
        return f"Move {old} to {new}", tally
    if old.kind != new.kind:
        raise RefactorError(
            f"{old} is a {NOUNS[old.kind]} and {new} a {NOUNS[new.kind]}: "
            "fixer mv renames an object or moves a resource into a module"
        )
    if old.modules != new.modules:
        if len(new.modules) < len(old.modules) and old.kind == RESOURCE:
            raise RefactorError(
                f"moving {old} out of its module is not supported: the module's callers "
                "would have to give it every value it reads from the module"
            )
        raise RefactorError(
            f"{old} and {new} are in different modules: fixer mv renames within a "
            "module, or moves a resource of a module into one of its own calls"
        )
    if old.kind in (RESOURCE, DATA) and old.type != new.type:
        raise RefactorError(
            f"{old} and {new} have different types: changing a resource's type is not "
            "a rename (the provider must convert the object, if it can)"
        )
    _, tally = rename(scope, module, local_old, new.name, changes)
    verb = "Rename"
    return f"{verb} {old} to {new}", tally


def rename_at(
    files: Mapping[str, SourceFile],
    rel: str,
    offset: int,
    new_name: str,
    config: ModelConfig | None = None,
    can_create: bool = True,
) -> Refactoring | RefactorError:
    """The editor's rename: the object whose name is at `offset` of file `rel` renamed
    to `new_name`, as `fixer mv` would (every reference, moved blocks)."""
    from fixer.model.project import build_project
    from fixer.refactor.symbols import new_address, symbol_at

    symbol = symbol_at(build_project(files, config), rel, offset)
    if symbol is None:
        return RefactorError("no resource, data source, module, variable, local or output here")
    try:
        new = new_address(symbol, new_name)
    except RefactorError as error:
        return error
    if new.name == symbol.name:
        return RefactorError(f"{symbol.address} already has that name")
    return move(files, str(symbol.address), str(new), symbol.module, config, can_create)


def _in(path: str) -> str:
    return f" in {path}" if path else ""


def _summary(tally: Tally, texts: Mapping[str, str]) -> str:
    refs = f"{tally.references} reference{'s' if tally.references != 1 else ''}"
    files = len(texts)
    out = f"{refs} rewritten, {files} file{'s' if files != 1 else ''} changed"
    if tally.moved_blocks:
        blocks = "block" if tally.moved_blocks == 1 else "blocks"
        out += f", {tally.moved_blocks} moved {blocks} written"
    return out


__all__ = ["RefactorError", "Refactoring", "move"]
