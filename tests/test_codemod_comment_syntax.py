"""FX014 comment-syntax: which comments are reported, and the `#` lines written for them."""

from __future__ import annotations

import pytest
from tflint_helpers import apply, fixed_files, one, run, sources

from codemods.comment_syntax import CommentSyntax, hash_comment
from fixer.codemod import Context
from fixer.findings import Applicability
from fixer.model.config import ModelConfig


def test_double_slash_becomes_hash_and_is_safe() -> None:
    text = "locals {\n  a = 1 // one\n}\n"
    finding = one(CommentSyntax, {"main.tf": text})
    assert finding.message == "Comment starts with // instead of #"
    assert (finding.span.start_line, finding.span.start_column) == (2, 9)
    assert finding.fix is not None and finding.fix.applicability is Applicability.SAFE
    assert apply(finding, text) == "locals {\n  a = 1 # one\n}\n"


@pytest.mark.parametrize(
    ("comment", "written"),
    [("// x", "# x"), ("//x", "#x"), ("//", "#"), ("////////", "#######"), ("/// doc", "## doc")],
)
def test_a_run_of_slashes_becomes_one_hash_fewer(comment: str, written: str) -> None:
    text = f"{comment}\nlocals {{}}\n"
    assert apply(one(CommentSyntax, {"main.tf": text}), text) == f"{written}\nlocals {{}}\n"


def test_hash_comments_urls_and_heredocs_are_not_reported() -> None:
    text = (
        "# fine\n"
        'locals {\n  url = "https://example.com//x" # fine too\n'
        "  doc = <<-EOT\n    // text of a heredoc\n    /* also text */\n  EOT\n}\n"
    )
    assert run(CommentSyntax, {"main.tf": text}) == []


def test_inline_block_comment_with_code_after_it_is_not_reported() -> None:
    # tflint skips every one-line /* */ comment for this reason; we skip only these.
    assert run(CommentSyntax, {"main.tf": "locals {\n  a = 1 /* one */ + 2\n}\n"}) == []


def test_one_line_block_comment_that_ends_its_line_is_reported() -> None:
    text = "locals {\n  a = 1 /* one */   \n}\n"
    assert apply(one(CommentSyntax, {"main.tf": text}), text) == "locals {\n  a = 1 # one\n}\n"


def test_multi_line_block_comment_with_code_after_it_has_no_fix() -> None:
    # tflint's fix turns every line into a # line, commenting out the `+ 2`.
    finding = one(CommentSyntax, {"main.tf": "locals {\n  a = 1 /* x\n  y */ + 2\n}\n"})
    assert finding.fix is None
    assert "code follows it on its last line" in finding.message


def test_block_comment_lines_keep_the_comment_indentation() -> None:
    text = "locals {\n  /*\n   * first\n   *   indented\n   */\n  a = 1\n}\n"
    expected = "locals {\n  # first\n  #   indented\n  a = 1\n}\n"
    assert apply(one(CommentSyntax, {"main.tf": text}), text) == expected


@pytest.mark.parametrize(
    ("block", "lines"),
    [
        ("/* one line */", "# one line"),
        ("/**/", "#"),
        ("/*\n*/", "#"),
        ("/** javadoc\n * more\n */", "# javadoc\n# more"),
        ("/*\n  resource {\n    a = 1\n  }\n*/", "# resource {\n#   a = 1\n# }"),
        ("/*\n first\n\n second\n*/", "# first\n#\n# second"),
        ("/*****\n * banner\n *****/", "# banner"),
    ],
)
def test_hash_comment(block: str, lines: str) -> None:
    assert hash_comment(block, "") == lines


def test_crlf_file_keeps_its_line_endings() -> None:
    text = "/*\r\n * a\r\n * b\r\n */\r\nx = 1\r\n"
    assert fixed_files(CommentSyntax, {"a.tfvars": text}) == {"a.tfvars": "# a\r\n# b\r\nx = 1\r\n"}


def test_aligned_comments_are_realigned_when_the_comment_moves_them() -> None:
    # A one-line block comment before the end of an aligned run: the `#` comments
    # after it stay aligned as terraform fmt aligns them.
    text = "locals {\n  a   = 1 /* x */ # one\n  bbb = 2         # two\n}\n"
    assert run(CommentSyntax, {"main.tf": text}) == []  # /* x */ has code after it
    text = "locals {\n  a   = 1 // one\n  bbb = 2 // two\n}\n"
    fixed = fixed_files(CommentSyntax, {"main.tf": text})
    assert fixed == {"main.tf": "locals {\n  a   = 1 # one\n  bbb = 2 # two\n}\n"}


def test_tfvars_and_test_files_are_checked() -> None:
    found = run(
        CommentSyntax,
        {"a.tfvars": "// x\na = 1\n", "t.tftest.hcl": 'run "x" {\n  // y\n}\n'},
    )
    assert [f.path for f in found] == ["a.tfvars", "t.tftest.hcl"]


def test_fixing_everything_twice_changes_nothing_more() -> None:
    text = "// a\n/* b\n c */\nlocals {\n  x = 1 // d\n}\n"
    fixed = fixed_files(CommentSyntax, {"main.tf": text})["main.tf"]
    assert fixed == "# a\n# b\n# c\nlocals {\n  x = 1 # d\n}\n"
    assert run(CommentSyntax, {"main.tf": fixed}) == []


def test_check_reads_the_token_arrays_not_one_object_per_token() -> None:
    # Token objects made for the check would stay with the tree for as long as it lives
    # (118 MB on the corpus); the tree still holding its scanner's spans shows none were.
    files = sources({"main.tf": "// a\nlocals {\n  a = 1 /* b */\n}\n\n/* c\n */\n"})
    tree = files["main.tf"].tree
    assert tree is not None and tree.tokens.top_level_spans() is not None
    codemod = CommentSyntax()
    assert len(list(codemod.check(Context(files, ModelConfig(), codemod)))) == 3
    assert tree.tokens.top_level_spans() is not None
