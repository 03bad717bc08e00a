"""Rename in the editor: prepareRename finds the name, rename equals `fixer mv` on every
file, for clients with and without `documentChanges`; refusals are errors with reasons."""

from __future__ import annotations

import asyncio
import shutil
from pathlib import Path

import pytest
from conftest import REPO
from lsp_assets.harness import Session, apply_text_edits, capabilities, run, server_command
from lsprotocol import types
from pygls.exceptions import JsonRpcException
from pygls.lsp.client import LanguageClient

from fixer.discover import discover
from fixer.refactor.engine import Refactoring, move


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "multi-env"
    shutil.copytree(REPO / "examples" / "multi-env", root)
    return root


def position(path: Path, needle: str, shift: int = 0, nth: int = 0) -> types.Position:
    text = path.read_text()
    index = -1
    for _ in range(nth + 1):
        index = text.index(needle, index + 1)
    index += shift
    line = text.count("\n", 0, index)
    return types.Position(line=line, character=index - (text.rfind("\n", 0, index) + 1))


def applied(root: Path, edit: types.WorkspaceEdit) -> dict[str, str]:
    """The project's texts after the edit (files on disk are left as they are)."""
    texts = {str(p.relative_to(root)): p.read_text() for p in root.rglob("*") if p.is_file()}

    def rel(uri: str) -> str:
        return str(Path(uri.removeprefix("file://")).relative_to(root))

    for change in edit.document_changes or []:
        if isinstance(change, types.CreateFile):
            texts[rel(change.uri)] = ""
        else:
            key = rel(change.text_document.uri)
            texts[key] = apply_text_edits(texts[key], change.edits)
    for uri, edits in (edit.changes or {}).items():
        texts[rel(uri)] = apply_text_edits(texts[rel(uri)], edits)
    return texts


def engine(root: Path, old: str, new: str, module: str = "") -> dict[str, str]:
    target = discover(root, str(root))
    result = move(target.files, old, new, module)
    assert isinstance(result, Refactoring), str(result)
    texts = {str(p.relative_to(root)): p.read_text() for p in root.rglob("*") if p.is_file()}
    texts.update(result.texts)
    return texts


async def prepare(session: Session, uri: str, at: types.Position):
    return await session.client.text_document_prepare_rename_async(
        types.PrepareRenameParams(text_document=types.TextDocumentIdentifier(uri=uri), position=at)
    )


async def rename(session: Session, uri: str, at: types.Position, name: str):
    return await session.client.text_document_rename_async(
        types.RenameParams(
            text_document=types.TextDocumentIdentifier(uri=uri), position=at, new_name=name
        )
    )


def refusal(root: Path, path: Path, at: types.Position, name: str) -> JsonRpcException | None:
    """The error a rename at `at` in the open file `path` gets (None: it was made)."""

    async def scenario(session: Session):
        uri = session.open(path)
        try:
            await rename(session, uri, at, name)
        except JsonRpcException as error:
            return error
        return None

    return run(scenario, root)


@pytest.mark.parametrize("prepare_support", [True, False])
def test_the_server_offers_rename_with_prepare(project: Path, prepare_support: bool) -> None:
    caps = capabilities()
    assert caps.text_document is not None
    caps.text_document.rename = types.RenameClientCapabilities(prepare_support=prepare_support)

    async def main() -> types.InitializeResult:
        client = LanguageClient("rename-tests", "1")
        await client.start_io(*server_command())
        try:
            return await asyncio.wait_for(
                client.initialize_async(
                    types.InitializeParams(capabilities=caps, root_uri=project.as_uri())
                ),
                30,
            )
        finally:
            await asyncio.wait_for(client.shutdown_async(None), 30)
            client.exit(None)
            await asyncio.wait_for(client.stop(), 30)

    provider = asyncio.run(main()).capabilities.rename_provider
    if prepare_support:  # the spec allows RenameOptions only to clients that prepare
        assert isinstance(provider, types.RenameOptions) and provider.prepare_provider
    else:
        assert provider is True


@pytest.mark.parametrize(
    ("file", "needle", "shift", "placeholder"),
    [
        ("network.tf", 'resource "aws_nat_gateway" "main"', 28, "main"),  # the label
        ("network.tf", "aws_nat_gateway.main[count.index]", 17, "main"),  # a reference's name
        ("network.tf", "aws_nat_gateway.main[count.index]", 3, "main"),  # its type
        ("variables.tf", 'variable "environment_suffix"', 12, "environment_suffix"),
        ("locals.tf", "var.environment_suffix", 1, "environment_suffix"),
        ("dev.tfvars", "environment_suffix", 2, "environment_suffix"),
        ("locals.tf", "name_prefix", 0, "name_prefix"),  # a local's declaration
    ],
)
def test_prepare_rename_finds_the_name(
    project: Path, file: str, needle: str, shift: int, placeholder: str
) -> None:
    path = project / file

    async def scenario(session: Session):
        uri = session.open(path)
        return await prepare(session, uri, position(path, needle, shift))

    result = run(scenario, project)
    assert isinstance(result, types.PrepareRenamePlaceholder)
    assert result.placeholder == placeholder
    lines = path.read_text().splitlines()
    rng = result.range
    assert lines[rng.start.line][rng.start.character : rng.end.character] == placeholder


def test_prepare_rename_elsewhere_is_null(project: Path) -> None:
    path = project / "network.tf"

    async def scenario(session: Session):
        uri = session.open(path)
        return await prepare(session, uri, position(path, "cidr_block", 0))

    assert run(scenario, project) is None


@pytest.mark.parametrize("document_changes", [True, False], ids=["documentChanges", "changes"])
def test_rename_equals_fixer_mv_on_every_file(project: Path, document_changes: bool) -> None:
    path = project / "network.tf"
    at = position(path, "aws_nat_gateway.main[count.index]", 17)

    async def scenario(session: Session):
        uri = session.open(path)
        return await rename(session, uri, at, "nat")

    caps = capabilities(document_changes=document_changes, create_files=document_changes)
    edit = run(scenario, project, caps)
    assert (edit.document_changes is not None) is document_changes
    assert (edit.changes is not None) is not document_changes
    assert applied(project, edit) == engine(project, "aws_nat_gateway.main", "aws_nat_gateway.nat")


def test_rename_of_a_variable_from_a_tfvars_file_reaches_every_file(project: Path) -> None:
    path = project / "dev.tfvars"

    async def scenario(session: Session):
        uri = session.open(path)
        return await rename(session, uri, position(path, "environment_suffix", 1), "environment")

    edit = run(scenario, project, capabilities(document_changes=False))
    texts = applied(project, edit)
    assert texts == engine(project, "var.environment_suffix", "var.environment")
    assert texts["prod.tfvars"].startswith("environment ")


def test_rename_uses_the_unsaved_buffer(project: Path) -> None:
    path = project / "outputs.tf"
    buffer = (
        path.read_text() + '\noutput "nat_count" {\n  value = length(aws_nat_gateway.main)\n}\n'
    )

    async def scenario(session: Session):
        uri = session.open(path, buffer)
        return await rename(session, uri, position(path, "vpc_id", 0), "vpc")

    edit = run(scenario, project, capabilities(document_changes=True))
    (changed,) = [
        c for c in edit.document_changes or [] if c.text_document.uri.endswith("outputs.tf")
    ]
    assert changed.text_document.version == 1
    new = apply_text_edits(buffer, changed.edits)
    assert 'output "vpc" {' in new and "length(aws_nat_gateway.main)" in new


@pytest.mark.parametrize(
    ("needle", "shift", "name", "message"),
    [
        ('resource "aws_nat_gateway" "main"', 28, "aws_nat_gateway.nat", "give the new name only"),
        ('resource "aws_eip" "nat"', 20, "main", "already exists"),
        ('resource "aws_eip" "nat"', 20, "1abc", "not a valid name"),
    ],
)
def test_refusals_are_errors_with_the_reason(
    project: Path, needle: str, shift: int, name: str, message: str
) -> None:
    path = project / "network.tf"
    if "aws_eip" in needle and name == "main":
        text = path.read_text().replace('resource "aws_eip" "nat"', 'resource "aws_eip" "nat"', 1)
        path.write_text(text + '\nresource "aws_eip" "main" {\n  domain = "vpc"\n}\n')

    error = refusal(project, path, position(path, needle, shift), name)
    assert error is not None and message in str(error)


def test_a_file_that_does_not_parse_stops_the_rename(project: Path) -> None:
    (project / "broken.tf").write_text('resource "x" "y" {\n')
    path = project / "network.tf"

    error = refusal(project, path, position(path, 'resource "aws_eip" "nat"', 20), "eip")
    assert error is not None and "broken.tf" in str(error)


def test_a_rename_that_must_change_a_linked_file_is_refused(tmp_path: Path) -> None:
    """The linked file is read (before, the rename missed its reference) and never written."""
    (tmp_path / "shared").mkdir()
    (tmp_path / "shared" / "outputs.tf").write_text(
        'output "o" {\n  value = aws_s3_bucket.b.id\n}\n'
    )
    root = tmp_path / "env"
    root.mkdir()
    (root / "main.tf").write_text('resource "aws_s3_bucket" "b" {\n  bucket = "x"\n}\n')
    (root / "outputs.tf").symlink_to("../shared/outputs.tf")
    path = root / "main.tf"

    error = refusal(root, path, position(path, '"b"', 1), "c")
    assert error is not None
    assert "the rename must change files fixer does not write: outputs.tf, a symbolic link " in str(
        error
    )
