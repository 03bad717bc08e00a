"""The editor's "Ignore CODE" edits read directives with `fixer check`'s parser: codes,
prefixes, names and `ALL`, `fixer: ignore` with a space, Markdown and script comments; each
edit silences its finding as `fixer check` sees it, and keeps a formatted file formatted."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from conftest import REPO

from fixer.config import Settings
from fixer.discover import discover
from fixer.findings import Finding, Span, TextEdit
from fixer.lsp.suppress import file_suppression_edit, suppression_edit
from fixer.model.files import SourceFile
from fixer.registry import EXTRA_CODEMODS_VARIABLE, select_codemods
from fixer.runner import run_codemods
from fixer.syntax.canonical import format_preserving_newlines

EXTRA = REPO / "tests" / "lsp_assets" / "extra_codemod.py"
THING = 'resource "test_thing" "a" {\n  name = "a"\n{directive}  flag = true\n}\n'


@pytest.fixture(autouse=True)
def fx900(monkeypatch: pytest.MonkeyPatch) -> None:
    """FX900 (tests/lsp_assets/extra_codemod.py) flags `flag = true` in test things."""
    monkeypatch.setenv(EXTRA_CODEMODS_VARIABLE, f"{EXTRA}:NamedThing")


def check(files: dict[str, SourceFile]) -> list[Finding]:
    """What `fixer check` finds (every rule, FX000 included), but FX021: these one-file
    projects' test provider has no required_providers entry, which is not what they test."""
    codemods = select_codemods(ignore=("FX021",))
    return run_codemods(files, codemods, Settings(), paths=frozenset(files))


def apply(text: str, edit: TextEdit | None) -> str:
    assert edit is not None, "no edit offered"
    return text[: edit.start] + edit.content + text[edit.end :]


def only(text: str, code: str = "FX900", rel: str = "main.tf") -> tuple[SourceFile, Finding]:
    source = SourceFile(rel, text)
    (finding,) = [f for f in check({rel: source}) if f.code == code]
    return source, finding


def silenced(rel: str, text: str) -> list[tuple[str, int]]:
    """The findings left in a one-file project after an edit (codes and lines)."""
    return [(f.code, f.span.start_line) for f in check({rel: SourceFile(rel, text)})]


# ---------------------------------------------------------------- one directive per item


@pytest.mark.parametrize(
    ("directive", "extended"),
    [
        # A name stays a code: FX900 joins it (the reason text stays the reason).
        ("# fixer:ignore unformatted", "# fixer:ignore unformatted, FX900"),
        ("# fixer:ignore unformatted reviewed", "# fixer:ignore unformatted, FX900 reviewed"),
        # `fixer: ignore`, with a space, is the directive already there.
        ("# fixer: ignore FX001 reason", "# fixer: ignore FX001, FX900 reason"),
        ("// fixer: ignore FX0", "// fixer: ignore FX0, FX900"),
        # A directive naming nothing gets its first code.
        ("# fixer:ignore", "# fixer:ignore FX900"),
    ],
)
def test_the_code_joins_the_directive_of_its_attribute(directive: str, extended: str) -> None:
    text = THING.replace("{directive}", f"  {directive}\n")
    source, finding = only(text)
    edit, what = suppression_edit(source, finding) or (None, "")
    assert what == "attribute"
    new = apply(text, edit)
    assert new == text.replace(directive, extended)
    assert silenced("main.tf", new) == []  # neither FX900 nor an invalid suppression (FX000)


def test_a_directive_already_covering_the_code_is_not_offered_again() -> None:
    for directive in (
        "# fixer:ignore-file unformatted",
        "# fixer: ignore-file FX0",
        "//fixer:ignore-file ALL",
    ):
        source = SourceFile("main.tf", f'{directive}\nresource "a" "b" {{\nx=1\n}}\n')
        assert file_suppression_edit(source, "FX001") is None, directive
    source = SourceFile("main.tf", "# fixer:ignore test-named-thing\nx = 1\n")
    at = source.text.index("x = 1")
    finding = Finding("FX900", "x", "m", "main.tf", Span(at, at + 1, 2, 1, 2, 2))
    assert suppression_edit(source, finding) is None


@pytest.mark.parametrize(
    ("directive", "extended"),
    [
        ("# fixer:ignore-file unformatted", "# fixer:ignore-file unformatted, FX900"),
        ("# fixer: ignore-file FX001", "# fixer: ignore-file FX001, FX900"),
        (
            "// fixer: ignore-file unformatted because generated",
            "// fixer: ignore-file unformatted, FX900 because generated",
        ),
    ],
)
def test_the_code_joins_the_file_directive(directive: str, extended: str) -> None:
    text = f"{directive}\n" + THING.replace("{directive}", "")
    source, finding = only(text)
    new = apply(text, file_suppression_edit(source, finding.code))
    assert new == text.replace(directive, extended)
    assert silenced("main.tf", new) == []


def test_a_misplaced_file_directive_is_left_and_one_that_counts_is_written() -> None:
    text = THING.replace("{directive}", "") + "# fixer:ignore-file unformatted\n"
    source, finding = only(text)
    new = apply(text, file_suppression_edit(source, finding.code))
    assert new == "# fixer:ignore-file FX900\n" + text
    assert [code for code, _ in silenced("main.tf", new)] == ["FX000"]  # the misplaced one


def test_a_formatted_file_stays_formatted() -> None:
    """A comment line splits a run of aligned attributes: `terraform fmt` aligns each part."""
    text = (
        'resource "test_thing" "a" {\n'
        '  name          = "a"\n'
        "  flag          = true\n"
        "  force_destroy = true\n"
        "}\n"
    )
    assert format_preserving_newlines(text) == text
    source, finding = only(text)
    edit, _ = suppression_edit(source, finding) or (None, "")
    new = apply(text, edit)
    assert new == (
        'resource "test_thing" "a" {\n'
        '  name = "a"\n'
        "  # fixer:ignore FX900\n"
        "  flag          = true\n"
        "  force_destroy = true\n"
        "}\n"
    )
    assert silenced("main.tf", new) == []
    crlf = text.replace("\n", "\r\n")
    source, finding = only(crlf)
    edit, _ = suppression_edit(source, finding) or (None, "")
    assert apply(crlf, edit) == new.replace("\n", "\r\n")


def test_an_unformatted_file_gets_the_comment_alone() -> None:
    text = 'resource "test_thing" "a" {\n  name="a"\n  flag = true\n}\n'
    source, finding = only(text)
    edit, _ = suppression_edit(source, finding) or (None, "")
    assert apply(text, edit) == text.replace("  flag", "  # fixer:ignore FX900\n  flag")


# ---------------------------------------------------------------- Markdown and scripts


def _finding_at(source: SourceFile, needle: str, code: str = "FX011") -> Finding:
    at = source.text.index(needle)
    line = source.lines.position(at).line
    return Finding(code, "x", "m", source.rel, Span(at, at + 1, line, 1, line, 2))


def test_markdown_gets_html_comments_outside_code_blocks() -> None:
    text = "# Title\n\nSome text.\n\n```sh\nzip -r x.zip .\n```\n"
    source = SourceFile("README.md", text)
    edit, what = suppression_edit(source, _finding_at(source, "Some text")) or (None, "")
    assert what == "line"
    assert apply(text, edit) == text.replace("Some", "<!-- fixer:ignore FX011 -->\nSome")
    assert suppression_edit(source, _finding_at(source, "zip -r")) is None  # in a code block
    whole = apply(text, file_suppression_edit(source, "FX011"))
    assert whole == "<!-- fixer:ignore-file FX011 -->\n" + text
    named = "<!-- fixer:ignore-file FX013 -->\n" + text
    extended = apply(named, file_suppression_edit(SourceFile("README.md", named), "FX011"))
    assert extended == "<!-- fixer:ignore-file FX013, FX011 -->\n" + text


def test_scripts_keep_their_shebang_and_their_continued_commands() -> None:
    text = "#!/bin/sh\nset -e\nif true; then\n  zip -r a.zip \\\n    lambda\nfi\n"
    source = SourceFile("build.sh", text)
    edit, what = suppression_edit(source, _finding_at(source, "zip -r")) or (None, "")
    assert what == "line"
    assert apply(text, edit) == text.replace("  zip", "  # fixer:ignore FX011\n  zip")
    assert suppression_edit(source, _finding_at(source, "    lambda")) is None  # after a `\`
    assert suppression_edit(source, _finding_at(source, "#!/bin/sh")) is None
    whole = apply(text, file_suppression_edit(source, "FX011"))
    assert whole == text.replace("#!/bin/sh\n", "#!/bin/sh\n# fixer:ignore-file FX011\n")
    makefile = SourceFile("Makefile", "build:\n\tzip -r a.zip lambda\n")
    edit, _ = suppression_edit(makefile, _finding_at(makefile, "\tzip")) or (None, "")
    assert apply(makefile.text, edit) == "build:\n# fixer:ignore FX011\n\tzip -r a.zip lambda\n"
    justfile = SourceFile("justfile", "build:\n    zip -r a.zip lambda\n")
    assert suppression_edit(justfile, _finding_at(justfile, "    zip")) is None
    assert file_suppression_edit(justfile, "FX011") is not None


# ---------------------------------------------------------------- the demo, as `fixer check` reads it


def test_every_suppression_offered_on_the_demo_silences_its_finding_and_nothing_else() -> None:
    """Each finding of examples/multi-env (Terraform, tfvars, README, script) gets both
    actions; applied alone, each silences what it says (that finding, or its code in the
    file) and nothing else, with no invalid suppression and no new FX001."""
    files = discover(REPO / "examples" / "multi-env", ".").files
    before = check(files)
    assert {f.path for f in before} >= {"README.md", "scripts/build_lambda.sh", "variables.tf"}
    counts = Counter((f.path, f.code) for f in before)
    for finding in before:
        source = files[finding.path]
        item = suppression_edit(source, finding)
        whole = file_suppression_edit(source, finding.code)
        assert item is not None and whole is not None, (finding.path, finding.code)
        for edit, scope in ((item[0], item[1]), (whole, "file")):
            changed = {**files, finding.path: SourceFile(finding.path, apply(source.text, edit))}
            after = Counter((f.path, f.code) for f in check(changed))
            label = f"{finding.path} {finding.code} ({scope})"
            assert "FX000" not in {code for _, code in after}, label
            expected = counts.copy()
            if scope == "file":
                expected[(finding.path, finding.code)] = 0
            else:
                expected[(finding.path, finding.code)] -= 1
            assert +after == +expected, label


# ---------------------------------------------------------------- through the server


def test_the_servers_suppressions_agree_with_fixer_check(tmp_path: Path) -> None:
    """In the editor: FX005 joins `# fixer:ignore unformatted` above its attribute; FX013 in
    the README gets an HTML comment; `fixer check` then reports neither, nor FX000."""
    import json
    import shutil
    import subprocess
    import sys

    from lsp_assets.harness import Session, run

    root = tmp_path / "multi-env"
    shutil.copytree(REPO / "examples" / "multi-env", root)
    lambda_tf = root / "lambda.tf"
    attribute = '  authorization_type="NONE"'
    lambda_tf.write_text(
        lambda_tf.read_text().replace(attribute, "  # fixer:ignore unformatted\n" + attribute)
    )

    async def scenario(session: Session) -> list[str]:
        titles = []
        for path, code, language in (
            (lambda_tf, "FX005", "terraform"),
            (root / "README.md", "FX013", "markdown"),
        ):
            uri = session.open(path, language=language)
            diagnostic = next(d for d in await session.diagnostics(uri, 1) if d.code == code)
            actions = await session.actions(uri, diagnostic.range, ["quickfix"])
            action = next(a for a in actions if a.title.startswith(f"Ignore {code} for this"))
            titles.append(action.title)
            await session.run_action(action)
            after = await session.diagnostics(uri, 2)
            assert code not in [d.code for d in after] and "FX000" not in [d.code for d in after]
        session.save_all()
        return titles

    titles = run(scenario, root)
    assert titles == ["Ignore FX005 for this attribute", "Ignore FX013 for this line"]
    assert "  # fixer:ignore unformatted, FX005\n" + attribute in lambda_tf.read_text()
    assert (root / "README.md").read_text().startswith("<!-- fixer:ignore FX013 -->\n# acme-app")
    done = subprocess.run(
        [sys.executable, "-m", "fixer", "check", "--format", "json", str(root)],
        capture_output=True,
        text=True,
        check=False,
    )
    found = {(Path(f["path"]).name, f["code"]) for f in json.loads(done.stdout)["findings"]}
    assert not {("lambda.tf", "FX005"), ("README.md", "FX013")} & found
    assert "FX000" not in {code for _, code in found}
