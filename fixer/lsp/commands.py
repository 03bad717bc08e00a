"""Commands the server applies itself, through `workspace/applyEdit`: a fix creating files
for a client that cannot create them, fix-all of such a file, and fix-all of the workspace."""

from __future__ import annotations

import contextlib
import errno
import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lsprotocol import types
from pygls.exceptions import JsonRpcInternalError, JsonRpcInvalidParams

from fixer.findings import Change, CreateFile
from fixer.lsp.actions import find_finding, fix_all_changes
from fixer.lsp.analysis import Analysis
from fixer.lsp.edits import NeedsServer, Unsupported, workspace_edit
from fixer.lsp.offers import offer

if TYPE_CHECKING:
    from fixer.lsp.server import FixerServer


def _argument(arguments: Sequence[Any], *keys: str) -> dict[str, Any]:
    if len(arguments) != 1 or not isinstance(arguments[0], dict):
        raise JsonRpcInvalidParams.of(ValueError("expected one object argument"))
    argument = arguments[0]
    missing = [key for key in keys if key not in argument]
    if missing:
        raise JsonRpcInvalidParams.of(ValueError(f"missing {', '.join(missing)}"))
    return argument


def _analysis_of(ls: FixerServer, uri: Any) -> tuple[Analysis, str]:
    document = ls.documents.get(str(uri))
    analysis = ls.current(document) if document is not None else None
    rel = analysis.rel(document) if analysis is not None and document is not None else None
    if analysis is None or rel is None:
        raise JsonRpcInvalidParams.of(ValueError(f"{uri} is not an open document"))
    return analysis, rel


async def apply_fix(ls: FixerServer, arguments: Sequence[Any]) -> dict[str, Any]:
    """`fixer.applyFix {uri, path, code, title, start, end}`: one finding's fix, with the
    fixes it requires (as its quick fix offers it)."""
    reference = _argument(arguments, "uri", "path", "code", "title")
    analysis, _ = _analysis_of(ls, reference["uri"])
    finding = find_finding(analysis, reference)
    offered = offer(analysis, finding, ls.log_once) if finding is not None else None
    if offered is None:
        raise JsonRpcInvalidParams.of(ValueError("the finding or its fix is gone"))
    applied = await apply_changes(ls, analysis, offered.changes, offered.title)
    return {"applied": applied}


async def fix_all(ls: FixerServer, arguments: Sequence[Any]) -> dict[str, Any]:
    """`fixer.fixAll {uri}`: every safe fix of one open document."""
    argument = _argument(arguments, "uri")
    analysis, rel = _analysis_of(ls, argument["uri"])
    changes = fix_all_changes(analysis, lambda path: path == rel, ls.edit_support, ls.log_once)
    applied = bool(changes) and await apply_changes(ls, analysis, changes, "fixer: fix all")
    return {"applied": applied, "files": len({c.path for c in changes})}


async def fix_workspace(ls: FixerServer, arguments: Sequence[Any]) -> dict[str, Any]:
    """`fixer.fixAllWorkspace`: every safe fix of every project root in the workspace,
    open or not, as `fixer fix` would make them (one edit per root)."""
    del arguments
    roots = sorted(
        ls.background.known | {k for d in ls.documents.values() if isinstance(k := ls.key(d), Path)}
    )
    files = 0
    touched: set[Path] = set()
    for root in roots:
        if not root.is_dir():
            continue
        analysis = ls.fresh(root)
        changes = fix_all_changes(
            analysis,
            lambda rel, a=analysis, r=root: ls.owns(r, a, rel),
            ls.edit_support,
            ls.log_once,
        )
        paths = {root / change.path for change in changes}
        if paths & touched:
            ls.log_once(
                f"fix all in the workspace: {root} left out, its fixes reach files fixed already; run it again"
            )
            continue
        if changes and await apply_changes(ls, analysis, changes, f"fixer: fix all in {root.name}"):
            touched |= paths
            files += len(paths)
    return {"applied": bool(touched), "files": files}


async def apply_changes(
    ls: FixerServer, analysis: Analysis, changes: Sequence[Change], label: str
) -> bool:
    """Apply changes through the client (`workspace/applyEdit`); files the client cannot
    create are written by the server first, and removed again if the client refuses."""
    support = ls.edit_support
    created: list[Path] = []
    try:
        try:
            edit = workspace_edit(analysis, changes, support, ls.encoding)
        except NeedsServer:
            creations = [c for c in changes if isinstance(c, CreateFile)]
            rest = [c for c in changes if not isinstance(c, CreateFile)]
            for creation in creations:
                path = analysis.path(creation.path)
                assert path is not None  # workspace_edit refuses creations without a root
                _create(path, creation.content)
                created.append(path)
            edit = workspace_edit(analysis, rest, support, ls.encoding) if rest else None
    except Unsupported as reason:
        raise JsonRpcInvalidParams.of(ValueError(str(reason))) from None
    except OSError as error:
        _remove(created)
        raise JsonRpcInternalError.of(error) from None
    if edit is None:
        ls.files_changed([path.as_uri() for path in created])
        return True
    result = await ls.workspace_apply_edit_async(
        types.ApplyWorkspaceEditParams(edit=edit, label=label)
    )
    if not result.applied:
        _remove(created)
        ls.log_warning(
            f"{label}: the editor did not apply it ({result.failure_reason or 'no reason given'})"
        )
        return False
    if created:
        ls.files_changed([path.as_uri() for path in created])
    return True


def _create(path: Path, content: str) -> None:
    """Write a new file through fixer's verified write (`fixer.writer`): complete and
    flushed before it gets its name, and never over a file that exists (the user's)."""
    from fixer.writer import WriteRefused, commit, discard, prepare

    real = os.path.join(os.path.realpath(path.parent), path.name)
    try:
        pending = prepare(real, content.encode("utf-8"), None)
    except WriteRefused as refusal:
        raise FileExistsError(errno.EEXIST, f"{path} not created: {refusal}") from None
    try:
        commit(pending)
    except WriteRefused as refusal:
        raise FileExistsError(errno.EEXIST, f"{path} not created: {refusal}") from None
    finally:
        discard(pending)


def _remove(paths: list[Path]) -> None:
    for path in paths:
        with contextlib.suppress(OSError):
            path.unlink()
