"""Moved blocks: where they go, how existing chains are extended or undone, the codemod helper."""

from __future__ import annotations

from textwrap import dedent

import pytest
from refactor_helpers import files_of, moved, refused

from fixer.apply import apply_fixes
from fixer.findings import Fix, TextEdit
from fixer.model.project import build_project
from fixer.refactor.changes import RefactorError
from fixer.refactor.moved import moved_changes, moved_file

VPC = 'resource "aws_vpc" "main" {\n  cidr_block = "10.0.0.0/16"\n}\n'


def test_next_to_the_resource_without_a_moves_file() -> None:
    files = files_of(
        main__tf=VPC + '\nresource "aws_subnet" "a" {\n  vpc_id = aws_vpc.main.id\n}\n'
    )
    result = moved(files, "aws_vpc.main", "aws_vpc.this")
    assert result.texts["main.tf"] == dedent(
        """\
        resource "aws_vpc" "this" {
          cidr_block = "10.0.0.0/16"
        }

        moved {
          from = aws_vpc.main
          to   = aws_vpc.this
        }

        resource "aws_subnet" "a" {
          vpc_id = aws_vpc.this.id
        }
        """
    )


@pytest.mark.parametrize("name", ["moved.tf", "migrations.tf", "refactoring.tf"])
def test_appended_to_the_modules_moves_file(name: str) -> None:
    history = "# Migrations\n\nmoved {\n  from = aws_s3_bucket.a\n  to   = aws_s3_bucket.b\n}\n"
    files = files_of(main__tf=VPC, **{name: history})
    result = moved(files, "aws_vpc.main", "aws_vpc.this")
    assert result.texts[name] == history + (
        "\nmoved {\n  from = aws_vpc.main\n  to   = aws_vpc.this\n}\n"
    )
    assert "moved" not in result.texts["main.tf"]


def test_a_file_of_only_refactoring_blocks_is_the_moves_file() -> None:
    history = (
        "moved {\n  from = aws_s3_bucket.a\n  to   = aws_s3_bucket.b\n}\n\n"
        "removed {\n  from = aws_iam_role.old\n\n  lifecycle {\n    destroy = false\n  }\n}\n"
    )
    files = files_of(main__tf=VPC, history__tf=history)
    assert moved_file(build_project(files).modules[""]).rel == "history.tf"
    result = moved(files, "aws_vpc.main", "aws_vpc.this")
    assert result.texts["history.tf"].endswith("to   = aws_vpc.this\n}\n")


def test_an_existing_chain_is_extended_where_it_is_written() -> None:
    files = files_of(
        main__tf=VPC
        + "\nmoved {\n  from = aws_vpc.legacy\n  to   = aws_vpc.main\n}\n"
        + '\nresource "aws_subnet" "a" {\n}\n'
    )
    result = moved(files, "aws_vpc.main", "aws_vpc.this")
    assert result.texts["main.tf"] == dedent(
        """\
        resource "aws_vpc" "this" {
          cidr_block = "10.0.0.0/16"
        }

        moved {
          from = aws_vpc.legacy
          to   = aws_vpc.main
        }

        moved {
          from = aws_vpc.main
          to   = aws_vpc.this
        }

        resource "aws_subnet" "a" {
        }
        """
    )


def test_undoing_a_chain_points_its_start_past_the_dropped_link() -> None:
    files = files_of(
        main__tf=VPC.replace('"main"', '"b"'),
        moved__tf=(
            "moved {\n  from = aws_vpc.a\n  to   = aws_vpc.main\n}\n\n"
            "moved {\n  from = aws_vpc.main\n  to   = aws_vpc.b\n}\n"
        ),
    )
    # b -> main again: main -> b is undone; a -> main now reads a -> b, then b -> main.
    result = moved(files, "aws_vpc.b", "aws_vpc.main")
    assert result.texts["moved.tf"] == (
        "moved {\n  from = aws_vpc.a\n  to   = aws_vpc.b\n}\n\n"
        "moved {\n  from = aws_vpc.b\n  to   = aws_vpc.main\n}\n"
    )


def test_refused_when_the_new_name_was_moved_elsewhere() -> None:
    files = files_of(
        main__tf=VPC + 'resource "aws_vpc" "other" {\n}\n',
        moved__tf="moved {\n  from = aws_vpc.this\n  to   = aws_vpc.other\n}\n",
    )
    message = refused(files, "aws_vpc.main", "aws_vpc.this")
    assert "moved.tf:1 moves aws_vpc.this to aws_vpc.other" in message


def test_refused_when_another_object_already_moves_to_the_new_name() -> None:
    files = files_of(
        main__tf=VPC,
        moved__tf="moved {\n  from = aws_vpc.gone\n  to   = aws_vpc.this\n}\n",
    )
    message = refused(files, "aws_vpc.main", "aws_vpc.this")
    assert "already moves aws_vpc.gone to aws_vpc.this" in message
    assert "one source per destination" in message


def test_refused_when_a_removed_block_names_the_new_address() -> None:
    files = files_of(main__tf=VPC + "\nremoved {\n  from = aws_vpc.this\n}\n")
    assert "removed block (main.tf:5)" in refused(files, "aws_vpc.main", "aws_vpc.this")


def test_moved_blocks_of_history_keep_their_addresses() -> None:
    files = files_of(
        main__tf=VPC,
        moved__tf=(
            "moved {\n  from = aws_vpc.older\n  to   = aws_vpc.main\n}\n\n"
            'import {\n  to = aws_vpc.main\n  id = "vpc-1"\n}\n'
        ),
    )
    result = moved(files, "aws_vpc.main", "aws_vpc.this")
    text = result.texts["moved.tf"]
    assert "from = aws_vpc.older\n  to   = aws_vpc.main\n" in text  # history stays
    assert "to = aws_vpc.this\n" in text  # an import targets the configuration


# ---------------------------------------------------------------- the codemod helper


def test_moved_changes_for_a_count_to_for_each_conversion() -> None:
    files = files_of(main__tf='resource "aws_subnet" "a" {\n  for_each = toset(["x", "y"])\n}\n')
    module = build_project(files).modules[""]
    block = files["main.tf"].tree.body.items[0]
    changes = moved_changes(
        files,
        module,
        [("aws_subnet.a[0]", 'aws_subnet.a["x"]'), ("aws_subnet.a[1]", 'aws_subnet.a["y"]')],
        block,
    )
    assert all(isinstance(c, TextEdit) for c in changes)
    fixed = apply_fixes({"main.tf": files["main.tf"].text}, [Fix.safe("t", *changes)], {})
    assert fixed["main.tf"].endswith(
        '}\n\nmoved {\n  from = aws_subnet.a[0]\n  to   = aws_subnet.a["x"]\n}\n\n'
        'moved {\n  from = aws_subnet.a[1]\n  to   = aws_subnet.a["y"]\n}\n'
    )


def test_moved_changes_creates_nothing_when_the_moves_exist() -> None:
    files = files_of(
        main__tf=VPC, moved__tf="moved {\n  from = aws_vpc.a\n  to   = aws_vpc.main\n}\n"
    )
    module = build_project(files).modules[""]
    assert moved_changes(files, module, [("aws_vpc.a", "aws_vpc.main")]) == []


def test_moved_changes_without_an_anchor_appends_to_the_modules_main_file() -> None:
    files = files_of(main__tf=VPC)
    module = build_project(files).modules[""]
    changes = moved_changes(files, module, [("aws_vpc.a", "aws_vpc.main")])
    end = len(VPC)
    block = "\nmoved {\n  from = aws_vpc.a\n  to   = aws_vpc.main\n}\n"
    assert changes == [TextEdit("main.tf", end, end, block)]


def test_moved_changes_refuses_with_a_message() -> None:
    files = files_of(
        main__tf=VPC, moved__tf="moved {\n  from = aws_vpc.x\n  to   = aws_vpc.main\n}\n"
    )
    module = build_project(files).modules[""]
    with pytest.raises(RefactorError, match="one source per destination"):
        moved_changes(files, module, [("aws_vpc.y", "aws_vpc.main")])
