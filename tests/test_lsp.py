"""The language server, driven over stdio by pygls's LanguageClient: every feature, bad input."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import REPO
from lsp_assets.harness import Session, apply_text_edits, capabilities, run, whole
from lsprotocol import types

from codemods.unformatted import Unformatted
from fixer.lsp.actions import FIX_ALL_KIND
from fixer.registry import EXTRA_CODEMODS_VARIABLE, find_codemod
from fixer.syntax.canonical import format_preserving_newlines
from fixer.syntax.parser import parse

EXTRA = REPO / "tests" / "lsp_assets" / "extra_codemod.py"
TEST_CODEMODS = {EXTRA_CODEMODS_VARIABLE: f"{EXTRA}:NamedThing,{EXTRA}:Crashing"}

UNFORMATTED = 'resource "aws_s3_bucket" "logs" {\nbucket = "logs"\n  force_destroy=true\n}\n'


@pytest.fixture(autouse=True)
def _without_required_providers(tmp_path: Path) -> None:
    """These tests' one-file projects declare no required_providers: FX021 would report
    each of them, which is not what they test."""
    (tmp_path / ".fixer.toml").write_text('ignore = ["FX021"]\n')


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the demo project `examples/multi-env`."""
    root = tmp_path / "multi-env"
    shutil.copytree(REPO / "examples" / "multi-env", root)
    return root


def codes(diagnostics: list[types.Diagnostic]) -> list[str]:
    return [str(d.code) for d in diagnostics if d.code is not None]


def apply_workspace_edit(edit: types.WorkspaceEdit, buffers: dict[str, str] | None = None) -> None:
    """Apply an edit to the files on disk (or to `buffers`, by URI), as a client would."""
    buffers = buffers if buffers is not None else {}

    def edit_text(uri: str, edits: list) -> None:
        path = Path(uri.removeprefix("file://"))
        text = buffers[uri] if uri in buffers else path.read_text()
        new = apply_text_edits(text, edits)
        if uri in buffers:
            buffers[uri] = new
        else:
            path.write_text(new)

    for change in edit.document_changes or []:
        if isinstance(change, types.CreateFile):
            path = Path(change.uri.removeprefix("file://"))
            assert not path.exists()
            path.write_text("")
        elif isinstance(change, types.TextDocumentEdit):
            edit_text(change.text_document.uri, change.edits)
    for uri, edits in (edit.changes or {}).items():
        edit_text(uri, edits)


# ---------------------------------------------------------------- diagnostics


def test_diagnostics_on_open_carry_code_link_severity_and_fixability(project: Path) -> None:
    async def scenario(session: Session) -> list[types.Diagnostic]:
        return await session.diagnostics(session.open(project / "lambda.tf"), 1)

    diagnostics = run(scenario, project)
    assert "FX001" in codes(diagnostics)
    for diagnostic in diagnostics:
        assert diagnostic.source == "fixer"
        codemod = find_codemod(str(diagnostic.code))
        assert codemod is not None
        assert diagnostic.code_description is not None
        assert diagnostic.code_description.href == codemod.help_uri()
        assert set(diagnostic.data) >= {"fixable", "applicability", "name"}
    fx001 = next(d for d in diagnostics if d.code == "FX001")
    assert fx001.severity == types.DiagnosticSeverity.Information
    assert fx001.data["fixable"] is True and fx001.data["applicability"] == "safe"
    # An empty span covers the rest of its line, so editors can show it.
    line = (project / "lambda.tf").read_text().splitlines()[fx001.range.start.line]
    assert (fx001.range.start.character, fx001.range.end.character) == (0, len(line))


def test_diagnostics_follow_the_unsaved_buffer_and_latest_change_wins(tmp_path: Path) -> None:
    path = tmp_path / "main.tf"
    path.write_text(UNFORMATTED)

    async def scenario(session: Session) -> tuple[list, list, list[int | None]]:
        uri = session.open(path)
        first = await session.diagnostics(uri, 1)
        for version in range(2, 6):  # a burst of changes: only the last one counts
            session.change(uri, f"{UNFORMATTED}# {version}\n", version)
        session.change(uri, format_preserving_newlines(UNFORMATTED), 6)
        last = await session.diagnostics(uri, 6)
        versions = [p.version for p in session.published if p.uri == uri]
        return first, last, versions

    first, last, versions = run(scenario, tmp_path)
    assert codes(first) == ["FX001"]
    assert last == []
    assert versions[0] == 1 and versions[-1] == 6
    assert len(versions) <= 3  # the first change at once, then only the latest


def test_diagnostics_disappear_when_the_buffer_is_fixed_and_close_shows_the_file(
    tmp_path: Path,
) -> None:
    path = tmp_path / "main.tf"
    path.write_text(UNFORMATTED)

    async def scenario(session: Session) -> tuple[list, list]:
        uri = session.open(path)
        await session.diagnostics(uri, 1)
        session.change(uri, format_preserving_newlines(UNFORMATTED), 2)
        fixed = await session.diagnostics(uri, 2)
        session.client.text_document_did_close(
            types.DidCloseTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=uri))
        )
        session.change(uri, UNFORMATTED + "x=1\n", 3)  # ignored: the document is closed
        # Closed, the file on disk (never saved fixed) is what its diagnostics are about.
        await session.wait(
            lambda: ((p := session.latest(uri)).version is None and p.diagnostics) or None
        )
        return fixed, list(session.latest(uri).diagnostics)

    fixed, closed = run(scenario, tmp_path)
    assert fixed == []
    assert codes(closed) == ["FX001"] and closed[0].range.start.line == 1


@pytest.mark.parametrize(
    ("offered", "negotiated"),
    [(None, "utf-16"), (["utf-32", "utf-16"], "utf-32"), (["utf-8"], "utf-8")],
)
def test_positions_count_code_units_of_the_negotiated_encoding(
    tmp_path: Path, offered: list[str] | None, negotiated: str
) -> None:
    text = '/* ünï 🚀 */ resource "test_thing" "x" {\n  description="😀 ß"\n}\n'
    path = tmp_path / "main.tf"
    path.write_text(text)

    async def scenario(session: Session) -> tuple[str, list[types.Diagnostic]]:
        return session.encoding, await session.diagnostics(session.open(path), 1)

    encoding, diagnostics = run(scenario, tmp_path, capabilities(offered), TEST_CODEMODS)
    assert encoding == negotiated
    units = {
        "utf-16": lambda s: len(s.encode("utf-16-le")) // 2,
        "utf-32": len,
        "utf-8": lambda s: len(s.encode()),
    }[negotiated]
    label = next(d for d in diagnostics if d.code == "FX900")
    first_line = text.splitlines()[0]
    column = first_line.index('"x"')
    assert label.range.start == types.Position(0, units(first_line[:column]))
    assert label.range.end == types.Position(0, units(first_line[: column + 3]))
    fx001 = next(d for d in diagnostics if d.code == "FX001")
    assert fx001.range.start.line == 1
    assert fx001.range.end.character == units(text.splitlines()[1])


def test_files_changed_on_disk_are_picked_up_when_the_client_watches(tmp_path: Path) -> None:
    path = tmp_path / "main.tf"
    path.write_text('resource "test_thing" "a" {\n}\n')

    async def scenario(session: Session) -> tuple[str, str, list[types.Registration]]:
        uri = session.open(path)
        (before,) = await session.diagnostics(uri, 1)
        await session.wait(lambda: session.registrations or None)
        (tmp_path / "variables.tf").write_text("")
        session.client.workspace_did_change_watched_files(
            types.DidChangeWatchedFilesParams(
                changes=[
                    types.FileEvent(
                        uri=(tmp_path / "variables.tf").as_uri(), type=types.FileChangeType.Created
                    )
                ]
            )
        )
        await session.wait(
            lambda: "goes in variables" in session.latest(uri).diagnostics[0].message or None
        )
        return before.message, session.latest(uri).diagnostics[0].message, session.registrations

    caps = capabilities(watch_files=True)
    before, after, registrations = run(scenario, tmp_path, caps, TEST_CODEMODS)
    assert before.endswith("(its variable goes in a new variables.tf)")
    assert after.endswith("(its variable goes in variables.tf)")
    assert [r.method for r in registrations] == [types.WORKSPACE_DID_CHANGE_WATCHED_FILES]


# ---------------------------------------------------------------- code actions


def test_quick_fix_formats_the_buffer_and_is_preferred(tmp_path: Path) -> None:
    path = tmp_path / "main.tf"
    path.write_text("")  # the buffer is what counts, not the file
    text = 'variable "é" {\n  default = "🚀"\n    type=string\n}\n'

    async def scenario(session: Session) -> list[types.CodeAction]:
        uri = session.open(path, text)
        await session.diagnostics(uri, 1)
        return await session.actions(uri, whole(text))

    actions = run(scenario, tmp_path)
    quick = next(a for a in actions if a.title == "FX001: Format the file")
    assert quick.kind == types.CodeActionKind.QuickFix
    assert quick.is_preferred is True
    assert [str(d.code) for d in quick.diagnostics or []] == ["FX001"]
    buffers = {path.as_uri(): text}
    assert quick.edit is not None
    apply_workspace_edit(quick.edit, buffers)
    assert buffers[path.as_uri()] == format_preserving_newlines(text)


def test_unsafe_fixes_say_so_and_display_only_fixes_are_not_offered(tmp_path: Path) -> None:
    text = (
        'resource "test_thing" "safe" {\n}\n\n'
        'resource "test_thing" "risky" {\n}\n\n'
        'resource "test_thing" "hint" {\n}\n'
    )
    path = tmp_path / "main.tf"
    path.write_text(text)

    async def scenario(session: Session) -> list[types.CodeAction]:
        uri = session.open(path)
        await session.diagnostics(uri, 1)
        return await session.actions(uri, whole(text), [types.CodeActionKind.QuickFix])

    actions = run(scenario, tmp_path, env=TEST_CODEMODS)
    fixes = {a.title: a for a in actions if a.title.startswith("FX900:")}
    assert set(fixes) == {
        "FX900: Name test_thing.safe",
        "FX900: Name test_thing.risky (unsafe)",
    }
    assert fixes["FX900: Name test_thing.safe"].is_preferred is True
    assert not fixes["FX900: Name test_thing.risky (unsafe)"].is_preferred
    assert all(a.kind == types.CodeActionKind.QuickFix for a in actions)


def test_suppression_actions_insert_an_indented_comment_or_extend_one(tmp_path: Path) -> None:
    text = (
        'resource "test_thing" "a" {\n'
        '  name = "a"\n'
        "  # fixer:ignore FX001 reason\n"
        "  flag = true\n"
        "}\n"
        "\n"
        'resource "test_thing" "b" {\n'
        '  name = "b"\n'
        "  flag = true\n"
        "}\n"
    )
    path = tmp_path / "main.tf"
    path.write_text(text)

    async def scenario(session: Session) -> tuple[dict[str, str], list[types.Diagnostic]]:
        uri = session.open(path)
        await session.diagnostics(uri, 1)
        results = {}
        for line in (3, 8):
            rng = types.Range(types.Position(line, 2), types.Position(line, 3))
            for action in await session.actions(uri, rng):
                if action.title.startswith("Ignore FX900") and action.edit is not None:
                    buffers = {uri: text}
                    apply_workspace_edit(action.edit, buffers)
                    results[f"{line}: {action.title}"] = buffers[uri]
        suppressed = results["8: Ignore FX900 for this attribute"]
        session.change(uri, suppressed, 2)
        return results, await session.diagnostics(uri, 2)

    results, after = run(scenario, tmp_path, env=TEST_CODEMODS)
    assert results["3: Ignore FX900 for this attribute"] == text.replace(
        "# fixer:ignore FX001 reason", "# fixer:ignore FX001, FX900 reason"
    )
    assert results["8: Ignore FX900 for this attribute"] == text.replace(
        '  name = "b"\n  flag', '  name = "b"\n  # fixer:ignore FX900\n  flag'
    )
    assert results["8: Ignore FX900 in this file"] == "# fixer:ignore-file FX900\n" + text
    # The suppressed finding is gone; the one in block "a" stays; no unknown-code FX000.
    assert [(d.code, d.range.start.line) for d in after] == [("FX900", 3)]


def test_fix_all_applies_every_safe_fix_of_the_file(project: Path) -> None:
    path = project / "main.tf"
    text = 'resource "test_thing" "one" {\n}\n\nresource "test_thing" "risky" {\n}\nx=1\n'
    path.write_text(text)
    variables = (project / "variables.tf").read_text()

    async def scenario(session: Session) -> list[types.Diagnostic]:
        uri = session.open(path)
        await session.diagnostics(uri, 1)
        actions = await session.actions(uri, whole(text), ["source.fixAll"])
        (fix_all,) = actions
        assert fix_all.kind == FIX_ALL_KIND and fix_all.edit is not None
        apply_workspace_edit(fix_all.edit)
        session.change(uri, path.read_text(), 2)
        return await session.diagnostics(uri, 2)

    after = run(scenario, project, env=TEST_CODEMODS)
    fixed = path.read_text()
    assert "name = var.one_name" in fixed and "x = 1" in fixed
    assert "name = var.risky_name" not in fixed  # unsafe: left for the quick fix
    assert (project / "variables.tf").read_text() == variables + (
        '\nvariable "one_name" {\n  type = string\n}\n'
    )
    assert [d.data["applicability"] for d in after if d.data["fixable"]] == ["unsafe"]


def test_fix_all_never_writes_a_file_read_through_a_link(project: Path) -> None:
    """The fix of "one" would add its variable to variables.tf, here a link to a shared
    file: it is left out, and the fixes of the file itself are made."""
    shared = project.parent / "shared.tf"
    (project / "variables.tf").rename(shared)
    (project / "variables.tf").symlink_to(shared)
    before = shared.read_text()
    path = project / "main.tf"
    text = 'resource "test_thing" "one" {\n}\nx=1\n'
    path.write_text(text)

    async def scenario(session: Session) -> None:
        uri = session.open(path)
        await session.diagnostics(uri, 1)
        (fix_all,) = await session.actions(uri, whole(text), ["source.fixAll"])
        assert fix_all.edit is not None
        apply_workspace_edit(fix_all.edit)

    run(scenario, project, env=TEST_CODEMODS)
    assert shared.read_text() == before and (project / "variables.tf").is_symlink()
    fixed = path.read_text()
    assert "x = 1" in fixed and "var.one_name" not in fixed


def test_fix_all_is_resolved_lazily_when_the_client_can(tmp_path: Path) -> None:
    path = tmp_path / "main.tf"
    path.write_text(UNFORMATTED)

    async def scenario(session: Session) -> tuple[types.CodeAction, types.CodeAction]:
        uri = session.open(path)
        await session.diagnostics(uri, 1)
        (action,) = await session.actions(uri, whole(UNFORMATTED), [FIX_ALL_KIND])
        resolved = await session.client.code_action_resolve_async(action)
        return action, resolved

    action, resolved = run(scenario, tmp_path, capabilities(resolve_edits=True))
    assert action.edit is None and action.data is not None
    assert resolved.edit is not None
    buffers = {path.as_uri(): UNFORMATTED}
    apply_workspace_edit(resolved.edit, buffers)
    assert buffers[path.as_uri()] == format_preserving_newlines(UNFORMATTED)


def test_fix_creating_a_file_is_one_workspace_edit(tmp_path: Path) -> None:
    path = tmp_path / "main.tf"
    text = 'resource "test_thing" "new" {\n}\n'
    path.write_text(text)

    async def scenario(session: Session) -> types.CodeAction:
        uri = session.open(path)
        await session.diagnostics(uri, 1)
        actions = await session.actions(uri, whole(text))
        return next(a for a in actions if a.title == "FX900: Name test_thing.new")

    action = run(scenario, tmp_path, env=TEST_CODEMODS)
    assert action.edit is not None
    changes = action.edit.document_changes or []
    assert [type(c).__name__ for c in changes] == [
        "CreateFile",
        "TextDocumentEdit",
        "TextDocumentEdit",
    ]
    assert changes[0].uri == (tmp_path / "variables.tf").as_uri()
    assert changes[2].text_document.version == 1  # the open buffer's version
    apply_workspace_edit(action.edit)
    assert (tmp_path / "variables.tf").read_text() == 'variable "new_name" {\n  type = string\n}\n'
    assert path.read_text() == 'resource "test_thing" "new" {\n  name = var.new_name\n}\n'


def test_file_creating_fixes_need_document_changes_or_apply_edit(tmp_path: Path) -> None:
    """Without documentChanges a fix creating a file is a command the server applies
    (through workspace/applyEdit); without applyEdit either, it is left out and logged."""
    path = tmp_path / "main.tf"
    text = 'resource "test_thing" "new" {\n}\n\nresource "test_thing" "x" {\n  flag = true\n}\n'
    path.write_text(text)

    async def scenario(session: Session) -> tuple[list[types.CodeAction], list[str]]:
        uri = session.open(path)
        await session.diagnostics(uri, 1)
        return await session.actions(uri, whole(text)), session.logs

    for apply_edit in (False, True):
        caps = capabilities(document_changes=False, create_files=False, apply_edit=apply_edit)
        actions, logs = run(scenario, tmp_path, caps, TEST_CODEMODS)
        titles = [a.title for a in actions]
        fixes = [a for a in actions if a.title.startswith("FX900:")]
        if apply_edit:
            assert [a.title for a in fixes] == [
                "FX900: Name test_thing.new",
                "FX900: Name test_thing.x",
            ]
            assert all(a.edit is None and a.command is not None for a in fixes)
        else:
            assert fixes == []
            assert any("creates a file" in line for line in logs), logs
        assert "Ignore FX900 for this block" in titles  # single-file edits still work
        ignore = next(a for a in actions if a.title == "Ignore FX900 for this block")
        assert ignore.edit is not None and ignore.edit.changes and not ignore.edit.document_changes


def _real(code: str) -> None:
    if find_codemod(code) is None:
        pytest.skip(f"{code} is not registered")


def test_real_codemods_edit_variables_tf_and_create_backend_example(project: Path) -> None:
    _real("FX005")
    _real("FX007")

    async def scenario(session: Session) -> dict[str, types.CodeAction]:
        found = {}
        for name, code in (("lambda.tf", "FX005"), ("versions.tf", "FX007")):
            uri = session.open(project / name)
            diagnostics = await session.diagnostics(uri, 1)
            diagnostic = next(d for d in diagnostics if d.code == code)
            actions = await session.actions(uri, diagnostic.range)
            found[code] = next(a for a in actions if a.title.startswith(f"{code}:"))
        return found

    found = run(scenario, project)
    lambda_edit = found["FX005"].edit
    assert lambda_edit is not None
    uris = {c.text_document.uri for c in lambda_edit.document_changes or []}
    assert (project / "variables.tf").as_uri() in uris
    backend_edit = found["FX007"].edit
    assert backend_edit is not None
    created = [c for c in backend_edit.document_changes or [] if isinstance(c, types.CreateFile)]
    assert [c.uri for c in created] == [(project / "backend.hcl.example").as_uri()]
    apply_workspace_edit(backend_edit)
    assert (project / "backend.hcl.example").read_text().strip()
    parse((project / "versions.tf").read_text())


# ---------------------------------------------------------------- formatting and hover


def test_formatting_returns_minimal_edits_and_nothing_on_a_syntax_error(tmp_path: Path) -> None:
    crlf = UNFORMATTED.replace("\n", "\r\n")
    path = tmp_path / "main.tf"
    path.write_text(crlf)

    async def scenario(session: Session) -> tuple[list, list]:
        uri = session.open(path, crlf)
        params = types.DocumentFormattingParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            options=types.FormattingOptions(tab_size=2, insert_spaces=True),
        )
        edits = await session.client.text_document_formatting_async(params)
        session.change(uri, 'resource "x" {\n', 2)
        broken = await session.client.text_document_formatting_async(params)
        return edits or [], broken or []

    edits, broken = run(scenario, tmp_path)
    assert apply_text_edits(crlf, edits) == format_preserving_newlines(crlf)
    assert all(e.range.start.line >= 1 for e in edits)  # the unchanged first line is kept
    assert broken == []


def test_hover_on_a_diagnostic_shows_the_codemod_documentation(tmp_path: Path) -> None:
    path = tmp_path / "main.tf"
    path.write_text(UNFORMATTED)

    async def scenario(session: Session) -> tuple[types.Hover | None, types.Hover | None]:
        uri = session.open(path)
        (diagnostic,) = await session.diagnostics(uri, 1)
        at = diagnostic.range.start

        def hover(line: int) -> types.HoverParams:
            return types.HoverParams(
                text_document=types.TextDocumentIdentifier(uri=uri),
                position=types.Position(line, at.character + 1),
            )

        on = await session.client.text_document_hover_async(hover(at.line))
        off = await session.client.text_document_hover_async(hover(3))
        return on, off

    on, off = run(scenario, tmp_path)
    assert off is None
    assert on is not None and isinstance(on.contents, types.MarkupContent)
    assert on.contents.kind == types.MarkupKind.Markdown
    value = on.contents.value
    for heading in ("What it does", "Why is this bad?", "Fix safety"):
        assert f"### {heading}\n" in value
    assert Unformatted.doc_sections()["Fix safety"] in value
    assert Unformatted.help_uri() in value


# ---------------------------------------------------------------- bad input


def test_syntax_errors_and_binary_junk_are_one_diagnostic_and_the_server_keeps_serving(
    tmp_path: Path,
) -> None:
    broken = 'resource "a" "b" {\n  x = [1,\n}\n'
    path = tmp_path / "main.tf"
    path.write_text(broken)
    other = tmp_path / "other.tf"
    other.write_text(UNFORMATTED)
    try:
        parse(broken)
    except Exception as error:
        where = (error.line - 1, error.column - 1)  # type: ignore[attr-defined]

    async def scenario(session: Session) -> dict[str, list[types.Diagnostic]]:
        uri = session.open(path)
        seen = {"syntax": await session.diagnostics(uri, 1)}
        session.change(uri, "\x00\x01\x02 garbage \udcff", 2)
        seen["binary"] = await session.diagnostics(uri, 2)
        session.change(uri, "}}}{{{ = = =\n" * 50, 3)
        seen["junk"] = await session.diagnostics(uri, 3)
        seen["other"] = await session.diagnostics(session.open(other), 1)
        session.change(uri, UNFORMATTED, 4)
        seen["fixed"] = await session.diagnostics(uri, 4)
        return seen

    seen = run(scenario, tmp_path)
    (syntax,) = seen["syntax"]
    assert syntax.severity == types.DiagnosticSeverity.Error and syntax.source == "fixer"
    assert (syntax.range.start.line, syntax.range.start.character) == where
    (binary,) = seen["binary"]
    assert "Binary" in binary.message and binary.range.start == types.Position(0, 0)
    assert len(seen["junk"]) == 1
    assert codes(seen["other"]) == ["FX001"]
    assert codes(seen["fixed"]) == ["FX001"]


def test_a_crashing_codemod_is_logged_and_the_others_still_report(tmp_path: Path) -> None:
    path = tmp_path / "main.tf"
    path.write_text('resource "test_crash" "a" {\n}\n' + UNFORMATTED)

    async def scenario(session: Session) -> tuple[list[types.Diagnostic], list[str]]:
        diagnostics = await session.diagnostics(session.open(path), 1)
        await session.wait(lambda: any("test crash" in line for line in session.logs) or None)
        return diagnostics, session.logs

    diagnostics, logs = run(scenario, tmp_path, env=TEST_CODEMODS)
    assert "FX001" in codes(diagnostics)
    assert any("internal error in FX901" in line for line in logs)


def test_a_document_deleted_from_disk_while_open_is_still_served(project: Path) -> None:
    path = project / "lambda.tf"
    text = path.read_text()

    async def scenario(session: Session) -> tuple[list, list[types.CodeAction]]:
        uri = session.open(path)
        await session.diagnostics(uri, 1)
        path.unlink()
        session.change(uri, text + "\n", 2)
        diagnostics = await session.diagnostics(uri, 2)
        return diagnostics, await session.actions(uri, whole(text), [FIX_ALL_KIND])

    diagnostics, actions = run(scenario, project)
    assert "FX001" in codes(diagnostics)
    (fix_all,) = actions
    assert fix_all.edit is not None
    buffers = {path.as_uri(): text + "\n"}
    apply_workspace_edit(fix_all.edit, buffers)
    assert buffers[path.as_uri()] != text + "\n"
    assert not path.exists()


def test_untitled_buffers_are_checked_alone() -> None:
    async def scenario(session: Session) -> list[types.Diagnostic]:
        uri = "untitled:Untitled-1"
        session.client.text_document_did_open(
            types.DidOpenTextDocumentParams(
                text_document=types.TextDocumentItem(
                    uri=uri, language_id="terraform", version=1, text=UNFORMATTED
                )
            )
        )
        return await session.diagnostics(uri, 1)

    # Alone, the buffer is a module without required_providers (FX021).
    assert codes(run(scenario, None)) == ["FX021", "FX001"]
