"""Every client gets every fix it can apply, and the whole project's findings without opening it.

A client is driven as an editor would drive it (buffers, `didChange` after each edit,
`workspace/applyEdit` answered, files saved), with and without `documentChanges`.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO
from lsp_assets.harness import Session, capabilities, run, whole
from lsprotocol import types

from fixer.lsp.actions import (
    APPLY_FIX_COMMAND,
    FIX_ALL_KIND,
    FIX_WORKSPACE_COMMAND,
    FIX_WORKSPACE_KIND,
)

DEMO = REPO / "examples" / "multi-env"
# Neovim 0.7 advertises applyEdit, resolveSupport for `edit` and resourceOperations, but
# no documentChanges (so, by the protocol, no file creation either).
NO_DOCUMENT_CHANGES = capabilities(document_changes=False, create_files=True, resolve_edits=True)
FULL = capabilities(document_changes=True, create_files=True)
CLIENTS = {"no-documentChanges": NO_DOCUMENT_CHANGES, "documentChanges": FULL}
LANGUAGES = {".tf": "terraform", ".tfvars": "terraform-vars", ".md": "markdown", ".sh": "sh"}


def copy_demo(tmp_path: Path, name: str = "multi-env") -> Path:
    root = tmp_path / name
    shutil.copytree(DEMO, root)
    return root


def tree(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def fixer_fix(tmp_path: Path, *args: str) -> dict[str, bytes]:
    """What `fixer fix` makes of a fresh copy of the demo."""
    root = copy_demo(tmp_path / "cli", "multi-env")
    subprocess.run(
        [sys.executable, "-m", "fixer", "fix", *args, str(root)], capture_output=True, check=False
    )
    return tree(root)


def project_files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file() and p.suffix in LANGUAGES)


async def open_and_wait(session: Session, path: Path) -> tuple[str, list[types.Diagnostic]]:
    uri = session.open(path, language=LANGUAGES[path.suffix])
    version = session.buffers[uri][1]
    return uri, await session.diagnostics(uri, version)


async def settle(session: Session, uri: str) -> list[types.Diagnostic]:
    """The diagnostics of the buffer's current version."""
    return await session.diagnostics(uri, session.buffers[uri][1])


async def fix_all_in_every_file(session: Session, root: Path) -> int:
    """Open each file, run its fix-all as the editor would, save, close; until a round
    changes nothing. Returns the number of rounds that changed something."""
    for rounds in range(4):
        before = tree(root)
        for path in project_files(root):
            uri, _ = await open_and_wait(session, path)
            text = session.buffers[uri][0]
            actions = await session.actions(uri, whole(text), [FIX_ALL_KIND])
            for action in actions:
                await session.run_action(action)
            await settle(session, uri)
            session.save_all()
            session.close(uri)
        if tree(root) == before:
            return rounds
    raise AssertionError("fix-all kept changing files")


async def apply_unsafe_quick_fixes(session: Session, root: Path) -> None:
    """Apply every unsafe quick fix offered, file by file, until none is left."""
    for _ in range(30):
        applied = False
        for path in project_files(root):
            uri, diagnostics = await open_and_wait(session, path)
            unsafe = [d for d in diagnostics if (d.data or {}).get("applicability") == "unsafe"]
            for diagnostic in unsafe[:1]:
                actions = await session.actions(uri, diagnostic.range, ["quickfix"])
                titles = [a.title for a in actions]
                action = next(
                    (a for a in actions if a.title.startswith(f"{diagnostic.code}:")), None
                )
                assert action is not None, f"no quick fix for {diagnostic.code}: {titles}"
                await session.run_action(action)
                await settle(session, uri)
                applied = True
            session.save_all()
            session.close(uri)
            if applied:
                break
        if not applied:
            return
    raise AssertionError("unsafe quick fixes kept coming")


@pytest.mark.parametrize("client", sorted(CLIENTS))
def test_fix_all_in_every_file_equals_fixer_fix(tmp_path: Path, client: str) -> None:
    root = copy_demo(tmp_path)

    async def scenario(session: Session) -> int:
        return await fix_all_in_every_file(session, root)

    rounds = run(scenario, root, CLIENTS[client])
    expected = fixer_fix(tmp_path)
    got = tree(root)
    assert sorted(got) == sorted(expected)
    differ = [rel for rel in expected if got[rel] != expected[rel]]
    assert differ == [], f"differs from `fixer fix` after {rounds} round(s): {differ}"


@pytest.mark.parametrize("client", sorted(CLIENTS))
def test_fix_all_then_unsafe_quick_fixes_equal_fixer_fix_unsafe(
    tmp_path: Path, client: str
) -> None:
    root = copy_demo(tmp_path)

    async def scenario(session: Session) -> list[str]:
        await fix_all_in_every_file(session, root)
        await apply_unsafe_quick_fixes(session, root)
        return session.logs

    logs = run(scenario, root, CLIENTS[client])
    expected = fixer_fix(tmp_path, "--unsafe-fixes")
    got = tree(root)
    assert sorted(got) == sorted(expected), logs[-5:]
    assert [rel for rel in expected if got[rel] != expected[rel]] == []


def test_without_document_changes_multi_file_fixes_come_as_changes(tmp_path: Path) -> None:
    """FX005 edits lambda.tf and variables.tf: one `changes` edit; FX010's safe fix on
    variables.tf edits main files too: fix-all carries it."""
    root = copy_demo(tmp_path)

    async def scenario(session: Session) -> dict[str, types.CodeAction]:
        uri, diagnostics = await open_and_wait(session, root / "lambda.tf")
        fx005 = next(d for d in diagnostics if d.code == "FX005")
        actions = await session.actions(uri, fx005.range, ["quickfix"])
        return {a.title.split(":")[0]: a for a in actions if a.title.startswith("FX")}

    found = run(scenario, root, NO_DOCUMENT_CHANGES)
    edit = found["FX005"].edit
    assert edit is not None and edit.document_changes is None
    assert set(edit.changes or {}) == {
        (root / "lambda.tf").as_uri(),
        (root / "variables.tf").as_uri(),
    }


def test_a_fix_creating_a_file_is_a_command_the_server_applies(tmp_path: Path) -> None:
    root = copy_demo(tmp_path)
    example = root / "backend.hcl.example"

    async def scenario(session: Session) -> tuple[types.CodeAction, list[list[str]]]:
        uri, diagnostics = await open_and_wait(session, root / "versions.tf")
        fx007 = next(d for d in diagnostics if d.code == "FX007")
        actions = await session.actions(uri, fx007.range, ["quickfix"])
        action = next(a for a in actions if a.title.startswith("FX007:"))
        assert not example.exists()
        await session.run_action(action)
        await settle(session, uri)
        session.save_all()
        return action, [sorted(p.edit.changes or {}) for p in session.applied]

    action, applied = run(scenario, root, NO_DOCUMENT_CHANGES)
    assert action.edit is None and action.command is not None
    assert action.command.command == APPLY_FIX_COMMAND
    assert example.read_text().strip(), "the server wrote the new file"
    assert applied == [[(root / "versions.tf").as_uri()]], "the rest went through applyEdit"


def test_the_command_is_not_offered_to_a_client_that_cannot_apply_edits(tmp_path: Path) -> None:
    root = copy_demo(tmp_path)
    caps = capabilities(document_changes=False, create_files=False, apply_edit=False)

    async def scenario(session: Session) -> tuple[list[str], list[str]]:
        uri, diagnostics = await open_and_wait(session, root / "versions.tf")
        fx007 = next(d for d in diagnostics if d.code == "FX007")
        actions = await session.actions(uri, fx007.range)
        return [a.title for a in actions], session.logs

    titles, logs = run(scenario, root, caps)
    assert not [t for t in titles if t.startswith("FX007:")]
    assert any("FX007" in line and "not offered" in line for line in logs)


@pytest.mark.parametrize("client", sorted(CLIENTS))
def test_fix_all_in_the_workspace_equals_fixer_fix(tmp_path: Path, client: str) -> None:
    root = copy_demo(tmp_path)

    async def scenario(session: Session) -> list[types.CodeAction]:
        uri, _ = await open_and_wait(
            session, root / "main.tf" if (root / "main.tf").exists() else root / "network.tf"
        )
        text = session.buffers[uri][0]
        actions = await session.actions(uri, whole(text), [FIX_WORKSPACE_KIND])
        (action,) = actions
        assert action.command is not None and action.command.command == FIX_WORKSPACE_COMMAND
        await session.run_action(action)
        await settle(session, uri)
        session.save_all()
        return actions

    run(scenario, root, CLIENTS[client])
    expected = fixer_fix(tmp_path)
    got = tree(root)
    assert sorted(got) == sorted(expected)
    assert [rel for rel in expected if got[rel] != expected[rel]] == []


# ---------------------------------------------------------------- project-wide diagnostics


def check_json(root: Path) -> dict[str, list[tuple[str, int]]]:
    import json

    done = subprocess.run(
        [sys.executable, "-m", "fixer", "check", "--format", "json", str(root)],
        capture_output=True,
        text=True,
        check=False,
    )
    out: dict[str, list[tuple[str, int]]] = {}
    for finding in json.loads(done.stdout)["findings"]:
        rel = Path(finding["path"]).resolve().relative_to(root).as_posix()
        out.setdefault(rel, []).append((finding["code"], finding["start"]["line"]))
    return {rel: sorted(v) for rel, v in out.items()}


def published(session: Session, root: Path) -> dict[str, list[tuple[str, int]]]:
    latest: dict[str, types.PublishDiagnosticsParams] = {}
    for params in session.published:
        latest[params.uri] = params
    out = {}
    for uri, params in latest.items():
        if params.diagnostics:
            rel = Path(uri.removeprefix("file://")).relative_to(root).as_posix()
            out[rel] = sorted((str(d.code), d.range.start.line + 1) for d in params.diagnostics)
    return out


def test_the_whole_project_is_checked_on_start_without_opening_a_file(tmp_path: Path) -> None:
    root = copy_demo(tmp_path)
    expected = check_json(root)
    assert {"README.md", "scripts/build_lambda.sh", "variables.tf"} <= set(expected)

    async def scenario(session: Session) -> dict[str, list[tuple[str, int]]]:
        await session.wait(lambda: published(session, root) == expected or None, timeout=20)
        return published(session, root)

    assert run(scenario, root) == expected


def test_watched_file_changes_update_unopened_files(tmp_path: Path) -> None:
    root = copy_demo(tmp_path)
    caps = capabilities(watch_files=True)
    script = root / "scripts" / "build_lambda.sh"

    async def scenario(session: Session) -> tuple[dict, dict]:
        await session.wait(lambda: "scripts/build_lambda.sh" in published(session, root) or None)
        before = published(session, root)
        (root / "broken.tf").write_text('resource "a" "b" {\n')
        script.write_text("#!/bin/sh\necho nothing to zip\n")
        session.client.workspace_did_change_watched_files(
            types.DidChangeWatchedFilesParams(
                changes=[
                    types.FileEvent(uri=script.as_uri(), type=types.FileChangeType.Changed),
                    types.FileEvent(
                        uri=(root / "broken.tf").as_uri(), type=types.FileChangeType.Created
                    ),
                ]
            )
        )

        def updated() -> dict | None:
            now = published(session, root)
            ok = "scripts/build_lambda.sh" not in now and "broken.tf" in now
            return now if ok else None

        return before, await session.wait(updated)

    before, after = run(scenario, root, caps)
    assert [c for c, _ in before["scripts/build_lambda.sh"]] == ["FX011"]
    (problem,) = after["broken.tf"]
    assert problem[0] == "None"  # a syntax error: no code


def test_closing_a_document_shows_the_file_on_disk_again(tmp_path: Path) -> None:
    root = copy_demo(tmp_path)
    path = root / "lambda.tf"

    async def scenario(session: Session) -> tuple[list, list]:
        uri, on_disk = await open_and_wait(session, path)
        session.change(uri, "", 2)  # the unsaved buffer has no findings
        assert await session.diagnostics(uri, 2) == []
        session.close(uri)
        reopened = await session.wait(
            lambda: ((p := session.latest(uri)) and p.version is None and p.diagnostics) or None
        )
        return on_disk, list(reopened)

    on_disk, after_close = run(scenario, root)
    assert [d.code for d in after_close] == [d.code for d in on_disk]
