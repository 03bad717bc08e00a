"""Coherent fix sets in the editor: a fix that requires another's result (`Fix.requires`) is
offered only together with a fix providing it, as one action at the safety of the least
safe, and fix-all takes the safe providers along, as `fixer fix` applies them."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO
from lsp_assets.harness import Session, run, whole
from lsprotocol import types
from test_lsp_clients import CLIENTS, copy_demo, open_and_wait, settle, tree

from fixer.lsp.actions import FIX_ALL_KIND
from fixer.registry import EXTRA_CODEMODS_VARIABLE

EXTRA = REPO / "tests" / "lsp_assets" / "extra_codemod.py"
PAIRS = {EXTRA_CODEMODS_VARIABLE: f"{EXTRA}:PairReady,{EXTRA}:DocMarked"}
LABELS = ("a", "risky_b", "hint_c", "lonely")


def _blocks(kind: str, labels: tuple[str, ...]) -> str:
    return "\n".join(f'resource "{kind}" "{label}" {{\n}}\n' for label in labels)


def pairs_project(root: Path) -> Path:
    """main.tf: test pairs a, risky_b (unsafe fix), hint_c (display-only fix); docs.tf:
    a test doc of each label and `lonely` (no pair): FX903's fixes require FX902's.
    The `test` provider has no required_providers entry, which FX021 would report (with
    a fix of its own) on the first line of each file: ignored here."""
    root.mkdir(parents=True)
    (root / ".fixer.toml").write_text('ignore = ["FX021"]\n')
    (root / "main.tf").write_text(_blocks("test_pair", LABELS[:3]))
    (root / "docs.tf").write_text(_blocks("test_doc", LABELS))
    return root


def test_a_fix_is_offered_with_the_fix_it_requires_or_not_at_all(tmp_path: Path) -> None:
    root = pairs_project(tmp_path / "pairs")
    docs = root / "docs.tf"

    async def scenario(session: Session) -> tuple[list, list[types.CodeAction], list[str]]:
        uri, diagnostics = await open_and_wait(session, docs)
        text = session.buffers[uri][0]
        actions = await session.actions(uri, whole(text), ["quickfix"])
        return diagnostics, actions, session.logs

    diagnostics, actions, logs = run(scenario, root, env=PAIRS)
    fixes = {a.title: a for a in actions if a.title.startswith("FX903")}
    assert set(fixes) == {
        "FX903: Mark test_doc.a, with FX902: Make test_pair.a ready",
        "FX903: Mark test_doc.risky_b, with FX902: Make test_pair.risky_b ready (unsafe)",
    }
    safe = fixes["FX903: Mark test_doc.a, with FX902: Make test_pair.a ready"]
    assert safe.is_preferred is True
    assert safe.edit is not None
    edited = [change.text_document.uri for change in safe.edit.document_changes or []]
    assert sorted(edited) == sorted([docs.as_uri(), (root / "main.tf").as_uri()])
    # What diagnostics say is fixable is what is offered, at the offer's safety.
    offered = [
        (d.range.start.line, d.data["fixable"], d.data["applicability"]) for d in diagnostics
    ]
    assert offered == [(0, True, "safe"), (3, True, "unsafe"), (6, False, None), (9, False, None)]
    assert any("FX903 fix 'Mark test_doc.hint_c' not offered" in line for line in logs)
    assert any(
        "FX903 fix 'Mark test_doc.lonely' not offered: it requires pair:lonely" in line
        for line in logs
    )


def fixer_fix(root: Path, *args: str) -> dict[str, bytes]:
    subprocess.run(
        [sys.executable, "-m", "fixer", "fix", *args, str(root)],
        capture_output=True,
        check=False,
        env={**os.environ, **PAIRS},
    )
    return tree(root)


@pytest.mark.parametrize("client", sorted(CLIENTS))
def test_fix_all_takes_the_safe_fixes_required_along_as_fixer_fix_does(
    tmp_path: Path, client: str
) -> None:
    root = pairs_project(tmp_path / "pairs")
    docs = root / "docs.tf"

    async def scenario(session: Session) -> None:
        uri, _ = await open_and_wait(session, docs)
        text = session.buffers[uri][0]
        (action,) = await session.actions(uri, whole(text), [FIX_ALL_KIND])
        await session.run_action(action)
        await settle(session, uri)
        session.save_all()

    run(scenario, root, CLIENTS[client], env=PAIRS)
    expected = fixer_fix(pairs_project(tmp_path / "cli"))
    assert tree(root) == expected
    assert b"documented = true" in expected["docs.tf"]  # doc a, with pair a made ready
    assert expected["docs.tf"].count(b"documented") == 1


@pytest.mark.parametrize("client", sorted(CLIENTS))
def test_the_readme_backend_fix_comes_with_the_backend_fix(tmp_path: Path, client: str) -> None:
    """FX012's README section describes the partial backend FX007's fix sets up: its quick
    fix is both, as `fixer fix --unsafe-fixes --select FX007,FX012` makes them."""
    root = copy_demo(tmp_path)
    before = tree(root)

    async def scenario(session: Session) -> str:
        uri, diagnostics = await open_and_wait(session, root / "README.md")
        fx012 = next(d for d in diagnostics if d.code == "FX012")
        actions = await session.actions(uri, fx012.range, ["quickfix"])
        (action,) = [a for a in actions if a.title.startswith("FX012:")]
        await session.run_action(action)
        await settle(session, uri)
        session.save_all()
        return action.title

    title = run(scenario, root, CLIENTS[client])
    assert title.startswith('FX012: Replace section "First-time setup" with a "Backend')
    assert ", with FX007: Move bucket, region, dynamodb_table to backend.hcl.example" in title
    assert title.endswith("(unsafe)")
    cli = copy_demo(tmp_path / "cli")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "fixer",
            "fix",
            "--unsafe-fixes",
            "--select",
            "FX007,FX012",
            str(cli),
        ],
        capture_output=True,
        check=False,
    )
    expected = tree(cli)
    got = tree(root)
    assert {rel for rel in got if got[rel] != before.get(rel)} == {
        "README.md",
        "versions.tf",
        "backend.hcl.example",
    }
    assert got == expected
