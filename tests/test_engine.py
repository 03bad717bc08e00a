"""The engine: applying fixes to a fixed point, overlaps, broken fixes, suppressions, config."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

import pytest

from fixer.apply import apply_edits, select_non_overlapping, with_newline
from fixer.codemod import Codemod, Context
from fixer.config import ConfigError, Settings, load_settings
from fixer.findings import Applicability, CreateFile, Finding, Fix, TextEdit
from fixer.model.files import SourceFile
from fixer.runner import MAX_PASSES, check, fix, run_codemods
from fixer.suppressions import suppressions_in

SETTINGS = Settings()


def files_of(**texts: str) -> dict[str, SourceFile]:
    return {
        name.replace("__", "."): SourceFile(name.replace("__", "."), text)
        for name, text in texts.items()
    }


class RenameFoo(Codemod):
    """Renames every attribute `foo` to `bar`.

    ## What it does
    Test codemod. ## Why is this bad?
    """

    code = "FX001"
    name = "rename-foo"
    summary = "test"

    def check(self, context: Context) -> Iterator[Finding]:
        for source in context.hcl_files():
            assert source.tree is not None
            for item in source.tree.body.items:
                if getattr(item, "name", None) == "foo":
                    token = item.name_token  # type: ignore[attr-defined]
                    edit = TextEdit(source.rel, token.start, token.end, "bar")
                    yield context.finding(source, item, "foo", Fix.safe("rename", edit))


class Grow(Codemod):
    """Appends an `x` to `a`'s value forever: never converges."""

    code = "FX001"
    name = "grow"
    summary = "test"

    def check(self, context: Context) -> Iterator[Finding]:
        for source in context.hcl_files():
            assert source.tree is not None
            attr = source.tree.body.attribute("a")
            if attr is not None:
                edit = TextEdit(source.rel, attr.expr.end, attr.expr.end, " + 1")
                yield context.finding(source, attr, "grow", Fix.safe("grow", edit))


class Breaker(Codemod):
    """Offers a fix that breaks the syntax, and an unsafe one that is fine."""

    code = "FX001"
    name = "breaker"
    summary = "test"

    def check(self, context: Context) -> Iterator[Finding]:
        for source in context.hcl_files():
            assert source.tree is not None
            for item in source.tree.body.items:
                if getattr(item, "name", None) == "broken":
                    edit = TextEdit(source.rel, item.end, item.end, " {")
                    yield context.finding(source, item, "breaks", Fix.safe("break it", edit))
                if getattr(item, "name", None) == "risky" and source.text[item.end - 1] == "1":
                    edit = TextEdit(source.rel, item.start, item.end, "risky = 2")
                    yield context.finding(source, item, "risky", Fix.unsafe("risky", edit))


class Overlapping(Codemod):
    """Two fixes on the same attribute value: the second waits for the next pass."""

    code = "FX001"
    name = "overlapping"
    summary = "test"

    def check(self, context: Context) -> Iterator[Finding]:
        for source in context.hcl_files():
            assert source.tree is not None
            attr = source.tree.body.attribute("a")
            if attr is None:
                continue
            value = source.text[attr.expr.start : attr.expr.end]
            if "x" not in value:
                edit = TextEdit(source.rel, attr.expr.start, attr.expr.end, '"x"')
                yield context.finding(source, attr, "one", Fix.safe("one", edit))
            if "y" not in value:
                edit = TextEdit(source.rel, attr.expr.start, attr.expr.end, '"xy"')
                yield context.finding(source, attr, "two", Fix.safe("two", edit))


# ---------------------------------------------------------------- applying edits


def test_apply_edits_in_order_regardless_of_input_order() -> None:
    edits = [TextEdit("f", 4, 5, "B"), TextEdit("f", 0, 1, "A"), TextEdit("f", 2, 2, "+")]
    assert apply_edits("a b c", edits) == "A +b B"


def test_apply_edits_rejects_overlaps() -> None:
    with pytest.raises(ValueError, match="overlapping"):
        apply_edits("abcdef", [TextEdit("f", 0, 3, "x"), TextEdit("f", 2, 4, "y")])


def test_inserted_newlines_follow_a_crlf_file() -> None:
    assert with_newline("a\nb\r\nc\n", "\r\n") == "a\r\nb\r\nc\r\n"
    assert apply_edits("x\r\n", [TextEdit("f", 3, 3, "y = 1\n")], "\r\n") == "x\r\ny = 1\r\n"


def test_overlapping_fixes_wait_for_the_next_pass() -> None:
    one = Fix.safe("one", TextEdit("f", 0, 5, "a"))
    two = Fix.safe("two", TextEdit("f", 3, 8, "b"))
    three = Fix.safe("three", TextEdit("f", 8, 9, "c"))
    chosen = select_non_overlapping([two, three, one], {})
    assert chosen.chosen == [one, three]
    assert chosen.deferred == [two]


def test_a_file_creation_that_exists_already_waits() -> None:
    create = Fix.safe("create", CreateFile("main.tf", "x"))
    assert select_non_overlapping([create], {"main.tf": object()}).deferred == [create]


# ---------------------------------------------------------------- fix passes


def test_fix_runs_passes_until_nothing_changes() -> None:
    files = files_of(main__tf='a = "q"\n')
    outcome = fix(files, [Overlapping], SETTINGS, Applicability.SAFE)
    assert outcome.texts == {"main.tf": 'a = "xy"\n'}
    assert outcome.applied["FX001"] == 2
    assert outcome.fixed["FX001"] == 2, "both findings of the first pass are gone"
    assert outcome.findings == []
    assert outcome.errors == []


def test_fix_that_never_converges_is_an_error_naming_the_codemod() -> None:
    outcome = fix(files_of(main__tf="a = 1\n"), [Grow], SETTINGS, Applicability.SAFE)
    assert outcome.applied["FX001"] == MAX_PASSES
    assert outcome.fixed["FX001"] == 0, "the finding is still there"
    assert len(outcome.errors) == 1
    assert "did not converge" in outcome.errors[0].message
    assert "FX001" in outcome.errors[0].message


class SeesLinks(Codemod):
    """Records the files read through links that each run of the codemods is told of."""

    code = "FX002"
    name = "sees-links"
    summary = "test"
    seen: ClassVar[list[frozenset[str]]] = []

    def check(self, context: Context) -> Iterator[Finding]:
        SeesLinks.seen.append(context.linked)
        return iter(())


def test_every_pass_knows_the_files_read_through_links() -> None:
    """The last run after MAX_PASSES too: else FX001 would format a linked file there."""
    SeesLinks.seen = []
    files = files_of(main__tf="a = 1\n", shared__tf="b = 1\n")
    fix(files, [Grow, SeesLinks], SETTINGS, Applicability.SAFE, linked=frozenset({"shared.tf"}))
    assert len(SeesLinks.seen) == MAX_PASSES + 1
    assert set(SeesLinks.seen) == {frozenset({"shared.tf"})}


def test_fix_whose_result_does_not_parse_is_dropped_and_reported() -> None:
    files = files_of(main__tf="broken = 1\nrisky = 1\n")
    outcome = fix(files, [Breaker], SETTINGS, Applicability.UNSAFE)
    assert outcome.texts == {"main.tf": "broken = 1\nrisky = 2\n"}
    assert [e.message.split(":")[0] for e in outcome.errors] == ["Fix 'break it' of FX001 dropped"]
    assert [f.message for f in outcome.findings] == ["breaks"]


def test_unsafe_fixes_are_held_back_without_the_option() -> None:
    files = files_of(main__tf="risky = 1\n")
    outcome = fix(files, [Breaker], SETTINGS, Applicability.SAFE)
    assert outcome.texts == {}
    assert [f.fix.applicability for f in outcome.findings if f.fix] == [Applicability.UNSAFE]


def test_check_changes_nothing() -> None:
    files = files_of(main__tf="foo = 1\n")
    outcome = check(files, [RenameFoo], SETTINGS)
    assert [f.message for f in outcome.findings] == ["foo"]
    assert outcome.texts == {}
    assert files["main.tf"].text == "foo = 1\n"


def test_a_crashing_codemod_is_reported_not_raised() -> None:
    class Crash(RenameFoo):
        def check(self, context: Context) -> Iterator[Finding]:
            raise RuntimeError("boom")

    errors: list = []
    assert run_codemods(files_of(main__tf="a = 1\n"), [Crash], SETTINGS, errors) == []
    assert "internal error in FX001" in errors[0].message and "boom" in errors[0].message


# ---------------------------------------------------------------- suppressions


SUPPRESSED = """\
# fixer:ignore FX001 the old name is part of the API
foo = 1
foo2 = 1 # fixer:ignore FX001
block {
  # fixer:ignore FX001 whole block

  foo = 1
}
other {
  foo = 1
}
"""


class RenameFooEverywhere(RenameFoo):
    def check(self, context: Context) -> Iterator[Finding]:
        for source in context.hcl_files():
            assert source.tree is not None
            for node in source.tree.walk():
                if getattr(node, "name", None) in ("foo", "foo2") and hasattr(node, "name_token"):
                    token = node.name_token
                    edit = TextEdit(source.rel, token.start, token.end, "bar")
                    yield context.finding(source, node, "foo", Fix.safe("rename", edit))


def test_suppressions_above_on_the_line_and_inside_a_block() -> None:
    findings = run_codemods(files_of(main__tf=SUPPRESSED), [RenameFooEverywhere], SETTINGS)
    assert [(f.span.start_line, f.code) for f in findings] == [(10, "FX001")]


def test_ignore_file_at_the_top() -> None:
    text = "# fixer:ignore-file FX001\nfoo = 1\n"
    assert run_codemods(files_of(main__tf=text), [RenameFoo], SETTINGS) == []


def test_ignore_file_further_down_does_not_count_and_is_reported() -> None:
    text = "a = 1\n# fixer:ignore-file FX001\nfoo = 1\n"
    findings = run_codemods(files_of(main__tf=text), [RenameFoo], SETTINGS)
    assert [(f.code, f.span.start_line) for f in findings] == [("FX000", 2), ("FX001", 3)]
    assert "counts only above the first block" in findings[0].message


def test_a_suppression_for_another_code_does_not_silence() -> None:
    text = "# fixer:ignore FX002\nfoo = 1\n"
    codes = [f.code for f in run_codemods(files_of(main__tf=text), [RenameFoo], SETTINGS)]
    assert "FX001" in codes


def test_unknown_code_in_a_suppression_is_reported() -> None:
    text = "# fixer:ignore FX999,FX001\nfoo = 1\n"
    findings = run_codemods(files_of(main__tf=text), [RenameFoo], SETTINGS)
    assert [(f.code, f.message) for f in findings] == [
        ("FX000", "Suppression names no known code or name: FX999")
    ]


def test_suppressions_in_a_shell_script_cover_the_next_line() -> None:
    source = SourceFile("build.sh", "#!/bin/sh\n# fixer:ignore FX010\nzip -r a.zip .\n")
    (suppression,) = suppressions_in(source)
    assert suppression.codes == {"FX010"}
    assert (
        source.text[suppression.start : suppression.end] == "# fixer:ignore FX010\nzip -r a.zip .\n"
    )


# ---------------------------------------------------------------- configuration


def test_config_from_pyproject_found_upward(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[tool.fixer]\nselect = ["FX001"]\nunsafe-fixes = true\n'
        'environment-variable = "stage"\nproduction-environments = ["live"]\n'
    )
    nested = tmp_path / "infra" / "envs"
    nested.mkdir(parents=True)
    settings = load_settings(nested)
    assert settings.select == ("FX001",)
    assert settings.unsafe_fixes is True
    assert settings.environment_variable == "stage"
    assert settings.production_environments == ("live",)
    assert settings.source == tmp_path / "pyproject.toml"


def test_dot_fixer_toml_wins_over_a_pyproject_further_up(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.fixer]\nselect = ["FX001"]\n')
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / ".fixer.toml").write_text('ignore = ["FX001"]\nexclude = ["legacy/*"]\n')
    settings = load_settings(tmp_path / "sub")
    assert settings.ignore == ("FX001",)
    assert settings.exclude == ("legacy/*",)
    assert settings.select == ("ALL",)


def test_pyproject_without_a_fixer_table_is_not_config(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n')
    assert load_settings(tmp_path).source is None


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("selct = []\n", "unknown setting"),
        ('unsafe-fixes = "yes"\n', "true or false"),
        ("select = [1]\n", "list of strings"),
        ("select = [\n", "cannot read"),
    ],
)
def test_bad_config_is_a_clear_error(tmp_path: Path, content: str, message: str) -> None:
    (tmp_path / ".fixer.toml").write_text(content)
    with pytest.raises(ConfigError, match=message):
        load_settings(tmp_path)
