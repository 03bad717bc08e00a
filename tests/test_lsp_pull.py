"""Pull diagnostics: a client that pulls documents and workspace (as VS Code does) is sent
nothing and pulls what `fixer check` finds; a client that does not (Neovim pulls only
documents) is not offered pull and gets diagnostics pushed, as before."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest
from lsp_assets.harness import Session, capabilities, run
from lsprotocol import types
from test_lsp_clients import check_json, copy_demo

from fixer.syntax.canonical import format_preserving_newlines

PULL = capabilities(pull=True)
DOCUMENTS_ONLY = capabilities(pull_documents=True)  # Neovim 0.10+
UNFORMATTED = 'resource "aws_s3_bucket" "logs" {\nbucket = "logs"\n  force_destroy=true\n}\n'
Report = types.WorkspaceDiagnosticReport


@pytest.fixture(autouse=True)
def _without_required_providers(tmp_path: Path) -> None:
    """These tests' one-file projects declare no required_providers: FX021 would report
    each of them, which is not what they test (as in test_lsp.py)."""
    (tmp_path / ".fixer.toml").write_text('ignore = ["FX021"]\n')


def by_file(report: Report, root: Path) -> dict[str, list[tuple[str, int]]]:
    out = {}
    for item in report.items:
        assert isinstance(item, types.WorkspaceFullDocumentDiagnosticReport)
        rel = Path(item.uri.removeprefix("file://")).relative_to(root).as_posix()
        out[rel] = sorted((str(d.code), d.range.start.line + 1) for d in item.items)
    return out


async def pull_workspace(session: Session, known: dict[str, str] | None = None) -> Report:
    """A workspace pull with the result ids the client holds (`known`, updated as a
    client tracks them)."""
    ids = [types.PreviousResultId(uri=uri, value=value) for uri, value in (known or {}).items()]
    params = types.WorkspaceDiagnosticParams(previous_result_ids=ids)
    report = await asyncio.wait_for(session.client.workspace_diagnostic_async(params), 30)
    if known is not None:
        known.update((item.uri, item.result_id) for item in report.items if item.result_id)
    return report


async def pull_document(session: Session, uri: str, previous: str | None = None) -> Any:
    params = types.DocumentDiagnosticParams(
        text_document=types.TextDocumentIdentifier(uri=uri), previous_result_id=previous
    )
    return await asyncio.wait_for(session.client.text_document_diagnostic_async(params), 30)


def test_pull_is_declared_only_to_clients_that_pull_documents_and_workspace(tmp_path: Path) -> None:
    path = tmp_path / "main.tf"
    path.write_text(UNFORMATTED)

    async def scenario(session: Session) -> tuple[object, list[types.Diagnostic]]:
        uri = session.open(path)
        pushed = (
            []
            if session.server_capabilities.diagnostic_provider
            else await session.diagnostics(uri, 1)
        )
        return session.server_capabilities.diagnostic_provider, pushed

    provider, pushed = run(scenario, tmp_path, PULL)
    assert provider == types.DiagnosticOptions(
        identifier="fixer", inter_file_dependencies=True, workspace_diagnostics=True
    )
    for caps in (DOCUMENTS_ONLY, capabilities()):
        provider, pushed = run(scenario, tmp_path, caps)
        assert provider is None
        assert [d.code for d in pushed] == ["FX001"]


def test_a_client_sent_diagnostics_that_pulls_anyway_is_answered_at_once(tmp_path: Path) -> None:
    path = tmp_path / "main.tf"
    path.write_text(UNFORMATTED)

    async def scenario(session: Session) -> tuple[Report, Any]:
        uri = session.open(path)
        await session.diagnostics(uri, 1)
        return await pull_workspace(session), await pull_document(session, uri)

    workspace, document = run(scenario, tmp_path, DOCUMENTS_ONLY)
    assert not workspace.items and not document.items  # it has them pushed


def test_a_pulling_client_pulls_the_whole_project_and_is_sent_nothing(tmp_path: Path) -> None:
    root = copy_demo(tmp_path)
    expected = check_json(root)

    async def scenario(session: Session) -> tuple[Report, object, object, list]:
        report = await pull_workspace(session)
        uri = session.open(root / "lambda.tf")
        document = await pull_document(session, uri)
        again = await pull_document(session, uri, document.result_id)
        await asyncio.sleep(0.5)
        return report, document, again, session.published

    report, document, again, published = run(scenario, root, PULL)
    assert by_file(report, root) == expected
    assert isinstance(document, types.RelatedFullDocumentDiagnosticReport)
    lines = sorted((str(d.code), d.range.start.line + 1) for d in document.items)
    assert lines == expected["lambda.tf"]
    assert isinstance(again, types.RelatedUnchangedDocumentDiagnosticReport)
    assert again.result_id == document.result_id
    assert published == []


def test_document_pulls_follow_the_buffer_and_a_change_not_pulled_is_refreshed(
    tmp_path: Path,
) -> None:
    path = tmp_path / "main.tf"
    path.write_text(UNFORMATTED)
    formatted = format_preserving_newlines(UNFORMATTED)

    async def scenario(session: Session) -> list:
        uri = session.open(path)
        first = await pull_document(session, uri)
        session.change(uri, formatted, 2)  # not pulled: the server asks the client to
        await session.wait(lambda: session.refreshes or None)
        second = await pull_document(session, uri, first.result_id)
        refreshes = session.refreshes
        session.change(uri, UNFORMATTED, 3)  # pulled at once: the pull waits for the check
        third = await pull_document(session, uri, second.result_id)
        await asyncio.sleep(0.4)
        return [first, second, third, session.refreshes - refreshes]

    first, second, third, more_refreshes = run(scenario, tmp_path, PULL)
    assert [d.code for d in first.items] == ["FX001"]
    assert isinstance(second, types.RelatedFullDocumentDiagnosticReport) and not second.items
    assert [d.code for d in third.items] == ["FX001"]
    assert len({first.result_id, second.result_id, third.result_id}) == 3
    assert more_refreshes == 0  # the client pulled the change itself


def test_a_waiting_workspace_pull_is_answered_when_a_file_changes(tmp_path: Path) -> None:
    root = copy_demo(tmp_path)
    script = root / "scripts" / "build_lambda.sh"

    async def scenario(session: Session) -> tuple[bool, Report]:
        known: dict[str, str] = {}
        await pull_workspace(session, known)
        waiting = asyncio.ensure_future(pull_workspace(session, known))
        await asyncio.sleep(0.5)
        waited = not waiting.done()
        script.write_text("#!/bin/sh\necho nothing to zip\n")
        session.client.workspace_did_change_watched_files(
            types.DidChangeWatchedFilesParams(
                changes=[types.FileEvent(uri=script.as_uri(), type=types.FileChangeType.Changed)]
            )
        )
        report = await waiting
        pending = asyncio.ensure_future(pull_workspace(session, known))  # left at shutdown
        await asyncio.sleep(0.1)
        assert not pending.done()
        return waited, report

    waited, report = run(scenario, root, PULL)
    assert waited, "nothing changed: the pull waits"
    got = by_file(report, root)
    # The script's finding is gone; FX003's message on lambda.tf named the script: it
    # changed too. The files whose diagnostics did not change are not sent again.
    assert got.pop("scripts/build_lambda.sh") == []
    after = check_json(root)
    assert got == {rel: after[rel] for rel in got}
    assert set(got) <= {"lambda.tf"}


def test_a_closed_document_is_handed_back_to_the_workspace_pull(tmp_path: Path) -> None:
    """The client forgets a closed document's pull result; the workspace pull then brings
    its file's diagnostics, cleared ones included."""
    root = copy_demo(tmp_path)

    async def scenario(session: Session) -> tuple[Report, Report]:
        known: dict[str, str] = {}
        await pull_workspace(session, known)
        lambda_uri = session.open(root / "lambda.tf")
        session.change(lambda_uri, "", 2)
        assert not (await pull_document(session, lambda_uri)).items
        outputs_uri = session.open(root / "outputs.tf")
        session.change(outputs_uri, UNFORMATTED, 2)
        assert [d.code for d in (await pull_document(session, outputs_uri)).items] == ["FX001"]
        session.close(lambda_uri)
        del known[lambda_uri]  # as VS Code forgets it
        after_lambda = await pull_workspace(session, known)
        session.close(outputs_uri)
        after_outputs = await pull_workspace(session, known)
        return after_lambda, after_outputs

    after_lambda, after_outputs = run(scenario, root, PULL)
    assert by_file(after_lambda, root) == {"lambda.tf": check_json(root)["lambda.tf"]}
    assert by_file(after_outputs, root) == {"outputs.tf": []}
