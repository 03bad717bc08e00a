"""The language server's pieces without a process: positions, diffs, roots, suppressions, cache."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from lsprotocol import types

from fixer.findings import Finding, Span, TextEdit
from fixer.lsp import disk as disk_module
from fixer.lsp import roots
from fixer.lsp.analysis import Document, Problem, analyse
from fixer.lsp.disk import DiskFiles
from fixer.lsp.edits import EditSupport
from fixer.lsp.incremental import BufferSource, IncrementalParser
from fixer.lsp.positions import PositionMap
from fixer.lsp.roots import project_root
from fixer.lsp.suppress import file_suppression_edit, suppression_edit
from fixer.lsp.textdiff import line_edits
from fixer.model.files import SourceFile
from fixer.syntax.cst import Item
from fixer.syntax.memo import memoized
from fixer.syntax.values import Reference, references


def apply(text: str, edits: list[TextEdit]) -> str:
    for edit in sorted(edits, key=lambda e: e.start, reverse=True):
        text = text[: edit.start] + edit.content + text[edit.end :]
    return text


# ---------------------------------------------------------------- positions


@pytest.mark.parametrize(("encoding", "character"), [("utf-16", 5), ("utf-32", 4), ("utf-8", 7)])
def test_positions_count_units_of_the_encoding(encoding: str, character: int) -> None:
    text = 'x="🚀"\nnext'  # the closing quote: after x, =, ", and one emoji
    positions = PositionMap(text, encoding)
    assert positions.position(4) == types.Position(0, character)
    assert positions.offset(types.Position(0, character)) == 4


def test_positions_know_every_lsp_line_ending_and_nothing_else() -> None:
    text = "a🚀b\r\nß\rc\n\x0cd\u2028e"
    positions = PositionMap(text, "utf-16")
    assert [positions.position(i).line for i in (0, 5, 7, 9, 12)] == [0, 1, 2, 3, 3]
    # Inside "\r\n" counts as the end of the line; round trips land on characters.
    assert [positions.offset(positions.position(i)) for i in range(10)] == [
        0, 1, 2, 3, 3, 5, 6, 7, 8, 9,
    ]  # fmt: skip
    assert positions.offset(types.Position(0, 99)) == 3  # past the end: the line's end
    assert positions.offset(types.Position(99, 0)) == len(text)


def test_positions_skip_a_byte_order_mark_the_engine_dropped() -> None:
    positions = PositionMap("\ufeffab\ncd", "utf-16", shift=1)
    assert positions.position(0) == types.Position(0, 1)
    assert positions.offset(types.Position(1, 1)) == 4


@given(st.text(alphabet=st.sampled_from("ab\r\n\tü🚀")))
def test_positions_round_trip(text: str) -> None:
    for encoding in ("utf-8", "utf-16", "utf-32"):
        positions = PositionMap(text, encoding)
        for offset in range(len(text) + 1):
            back = positions.offset(positions.position(offset))
            assert back == offset or text[back : offset + 1].startswith("\r\n")


# ---------------------------------------------------------------- line diffs


@given(
    st.lists(st.sampled_from(["a\n", "b\n", "c\r\n", "  d = 1\n", "\n", "e"]), max_size=12),
    st.lists(st.sampled_from(["a\n", "b\n", "c\r\n", "  d = 1\n", "\n", "e"]), max_size=12),
)
def test_line_edits_turn_old_into_new(old_lines: list[str], new_lines: list[str]) -> None:
    old, new = "".join(old_lines), "".join(new_lines)
    edits = line_edits("f", old, new)
    assert apply(old, edits) == new
    assert (edits == []) == (old == new)


def test_line_edits_are_minimal() -> None:
    old = "a\nb\nc\nd\ne\n"
    new = "a\nB\nc\nd\nE\n"
    assert line_edits("f", old, new) == [TextEdit("f", 2, 4, "B\n"), TextEdit("f", 8, 10, "E\n")]


# ---------------------------------------------------------------- roots


def test_project_root_is_the_nearest_ancestor_with_environments(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "live" / "prod").mkdir(parents=True)
    (tmp_path / "live" / "prod" / "terraform.tfvars").write_text("")
    module = tmp_path / "modules" / "vpc"
    module.mkdir(parents=True)
    flat = tmp_path / "flat"
    (flat / "envs").mkdir(parents=True)
    (flat / "envs" / "dev.tfvars").write_text("")
    lonely = tmp_path / "deep" / "a" / "b" / "c"
    lonely.mkdir(parents=True)
    folders = [tmp_path]
    assert project_root(module, folders) == tmp_path  # live/prod/*.tfvars: 2 levels down
    assert project_root(tmp_path / "live" / "prod", folders) == tmp_path / "live" / "prod"
    assert project_root(flat, folders) == flat
    assert project_root(module, []) == module  # no workspace folder: the directory only
    (tmp_path / "live" / "prod" / "terraform.tfvars").unlink()
    (flat / "envs" / "dev.tfvars").unlink()
    assert project_root(lonely, folders) == lonely
    for n in range(3):
        (tmp_path / "modules" / f"f{n}.tf").write_text("")
    (tmp_path / "env.tfvars").write_text("")
    assert project_root(module, folders) == tmp_path
    monkeypatch.setattr(roots, "MAX_ROOT_FILES", 3)
    assert project_root(module, folders) == module  # too big a root: the directory


# ---------------------------------------------------------------- suppressions


def _finding(source: SourceFile, needle: str) -> Finding:
    at = source.text.index(needle)
    return Finding("FX900", "x", "m", source.rel, Span(at, at + 1, 1, 1, 1, 1))


def test_suppression_goes_above_the_innermost_item_with_its_indent() -> None:
    source = SourceFile("main.tf", 'resource "a" "b" {\r\n  nested {\r\n    x = 1\r\n  }\r\n}\r\n')
    edit, what = suppression_edit(source, _finding(source, "x = 1")) or (None, "")
    assert what == "attribute"
    assert apply(source.text, [edit]) == source.text.replace(
        "    x = 1", "    # fixer:ignore FX900\r\n    x = 1"
    )
    edit, what = suppression_edit(source, _finding(source, '"b"')) or (None, "")
    assert what == "block"
    assert apply(source.text, [edit]).startswith("# fixer:ignore FX900\r\nresource")


def test_suppressions_are_not_offered_twice() -> None:
    source = SourceFile("main.tf", "# fixer:ignore-file FX900\n# fixer:ignore FX900\nx = 1\n")
    assert suppression_edit(source, _finding(source, "x = 1")) is None
    assert file_suppression_edit(source, "FX900") is None
    assert apply(source.text, [file_suppression_edit(source, "FX001")]).startswith(  # type: ignore[list-item]
        "# fixer:ignore-file FX900, FX001\n"
    )


# ---------------------------------------------------------------- edits and analysis


def test_edit_support_needs_document_changes_for_file_creation() -> None:
    def caps(document_changes: bool, operations: list) -> types.ClientCapabilities:
        edit = types.WorkspaceEditClientCapabilities(
            document_changes=document_changes, resource_operations=operations
        )
        return types.ClientCapabilities(
            workspace=types.WorkspaceClientCapabilities(workspace_edit=edit)
        )

    create = [types.ResourceOperationKind.Create]
    assert EditSupport.of(caps(True, create)) == EditSupport(True, True)
    assert EditSupport.of(caps(True, [])) == EditSupport(True, False)
    assert EditSupport.of(caps(False, create)) == EditSupport(False, False)
    assert EditSupport.of(types.ClientCapabilities()) == EditSupport(False, False)


def test_disk_files_keep_parsed_files_until_they_change(tmp_path: Path) -> None:
    (tmp_path / "a.tf").write_text("x = 1\n")
    (tmp_path / "b.tf").write_text("y = 2\n")
    disk = DiskFiles()
    first = disk.read(tmp_path)
    second = disk.read(tmp_path)
    assert second.files["a.tf"] is first.files["a.tf"]
    (tmp_path / "b.tf").write_text("y = 22\n")
    os.utime(tmp_path / "b.tf", ns=(1, 1))
    third = disk.read(tmp_path)
    assert third.files["b.tf"].text == "y = 22\n"
    assert third.files["a.tf"] is first.files["a.tf"]


def test_open_buffers_replace_their_files_and_broken_ones_keep_the_file_as_context(
    tmp_path: Path,
) -> None:
    (tmp_path / "main.tf").write_text("x = 1\n")
    (tmp_path / "other.tf").write_text("y=2\n")
    path = tmp_path / "main.tf"
    broken = Document(path.as_uri(), "x = [\n", 3, path)
    analysis = analyse(tmp_path, [broken], DiskFiles())
    error = SourceFile("main.tf", "x = [\n").error
    assert error is not None
    assert analysis.problems["main.tf"] == Problem(error.message, error.column - 1)
    assert analysis.files["main.tf"].text == "x = 1\n"  # the file stands in
    assert [f.path for f in analysis.findings.get("other.tf", [])] == ["other.tf"]
    (tmp_path / "main.tf").write_text("x=1\n")  # findings of the file are not the buffer's
    assert "main.tf" not in analyse(tmp_path, [broken], DiskFiles()).findings
    fine = Document(path.as_uri(), "x    = 1\n", 4, path)
    analysis = analyse(tmp_path, [fine], DiskFiles())
    assert analysis.files["main.tf"].text == "x    = 1\n"
    assert analysis.is_current([fine]) and not analysis.is_current([broken])


def test_disk_files_ask_git_what_it_ignores_only_when_something_changed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "a.tf").write_text("x = 1\n")
    (tmp_path / "function.zip").write_text("")
    asked: list[Path] = []

    def ignored(root: Path) -> set[str]:
        asked.append(root)
        return {"function.zip"}

    monkeypatch.setattr(disk_module, "git_ignored", ignored)
    disk = DiskFiles()
    assert disk.read(tmp_path).ignored == {"function.zip"}
    assert disk.read(tmp_path).ignored == {"function.zip"}
    assert len(asked) == 1
    (tmp_path / ".gitignore").write_text("*.zip\n")
    disk.read(tmp_path)
    assert len(asked) == 2


def test_excluded_documents_are_not_checked(tmp_path: Path) -> None:
    (tmp_path / ".fixer.toml").write_text('exclude = ["legacy/*"]\n')
    (tmp_path / "legacy").mkdir()
    path = tmp_path / "legacy" / "old.tf"
    path.write_text("x=1\n")
    analysis = analyse(tmp_path, [Document(path.as_uri(), "x=1\n", 1, path)], DiskFiles())
    assert analysis.findings == {} and "legacy/old.tf" in analysis.documents


def test_buffers_reuse_the_trees_of_unchanged_chunks() -> None:
    parser = IncrementalParser()
    first = BufferSource("main.tf", "a = 1\n\nb = 2\n", parser=parser).tree
    second = BufferSource("main.tf", "a = 11\n\nb = 2\n", parser=parser).tree
    assert first is not None and second is not None
    assert second.body.items[1] is first.body.items[1]  # moved, not parsed again
    assert second.source(second.body.items[1]) == "b = 2"


def test_facts_of_unchanged_items_survive_an_edit_and_follow_their_item() -> None:
    computed: list[Item] = []

    def refs(item: Item) -> tuple[Reference, ...]:
        computed.append(item)
        return tuple(references(item))

    parser = IncrementalParser()
    first = BufferSource("main.tf", "a = var.x\n\nb = var.y\n", parser=parser).tree
    assert first is not None
    assert [str(r) for item in first.body.items for r in memoized(item, refs)] == [
        "var.x",
        "var.y",
    ]
    second = BufferSource("main.tf", "a = var.long\n\nb = var.y\n", parser=parser).tree
    assert second is not None
    found = [memoized(item, refs) for item in second.body.items]
    assert [[str(r) for r in refs_] for refs_ in found] == [["var.long"], ["var.y"]]
    assert len(computed) == 3  # b's were not computed again ...
    assert second.source(found[1][0].node) == "var.y"  # ... and point into the new text
