"""The registry's static table says what the codemod classes say, selecting codemods with
it imports only those that run, and a check stands in for those that can find nothing."""

from __future__ import annotations

import importlib
import pkgutil
import subprocess
import sys
import tracemalloc
from pathlib import Path

import pytest

import codemods
from fixer import RULES_URL, commands, registry
from fixer.codemod import Codemod
from fixer.commands import RunOptions
from fixer.registry import (
    RULE_TABLE,
    all_codemods,
    codemods_for_texts,
    entry_of,
    find_codemod,
    help_uri,
    resolve_pattern,
    rule_entries,
    select_codemods,
    select_rules,
    selected_codemod_codes,
    selected_entries,
)
from fixer.suppressions import InvalidSuppression, UnusedSuppression


def every_codemod_class() -> dict[str, type[Codemod]]:
    """Every Codemod subclass defined in the `codemods` package, found by importing each
    of its modules (not through the table)."""
    found: dict[str, type[Codemod]] = {}
    for info in pkgutil.walk_packages(codemods.__path__, "codemods."):
        module = importlib.import_module(info.name)
        for value in vars(module).values():
            if (
                isinstance(value, type)
                and issubclass(value, Codemod)
                and value.__module__ == module.__name__
                and "code" in vars(value)
            ):
                found[value.code] = value
    return found


def test_the_table_describes_every_codemod_class() -> None:
    classes = every_codemod_class()
    assert [entry.code for entry in codemods.TABLE] == sorted(classes)
    for entry in codemods.TABLE:
        assert entry == entry_of(classes[entry.code])
        assert help_uri(entry) == classes[entry.code].help_uri()


def test_the_rule_table_describes_the_suppression_rules() -> None:
    assert (entry_of(InvalidSuppression), entry_of(UnusedSuppression)) == RULE_TABLE
    for entry, cls in zip(RULE_TABLE, (InvalidSuppression, UnusedSuppression), strict=True):
        assert help_uri(entry) == cls.help_uri() == RULES_URL.format(code=entry.code.lower())


def test_the_classes_are_those_the_table_names() -> None:
    assert all_codemods() == codemods.ALL_CODEMODS
    assert [cls.code for cls in all_codemods()] == [entry.code for entry in codemods.TABLE]
    assert [entry.code for entry in rule_entries()] == sorted(
        [entry.code for entry in codemods.TABLE] + ["FX000", "FX100"]
    )
    by_code = find_codemod("fx022")
    assert by_code is not None and by_code is find_codemod("unused-declarations")
    assert find_codemod("FX000") is None, "a rule, not a codemod"


def test_selection_by_table_and_by_classes_agree() -> None:
    cases = [
        (("ALL",), ()),
        (("FX0",), ("FX001",)),
        (("comment-syntax", "FX100"), ()),
        (("ALL", "FX014"), ("unused-declarations",)),
        (("FX02",), ()),
    ]
    for select, ignore in cases:
        codes = [entry.code for entry in selected_entries(select, ignore)]
        assert codes == [cls.code for cls in select_rules(select, ignore)]
        assert list(selected_codemod_codes(select, ignore)) == [
            cls.code for cls in select_codemods(select, ignore)
        ]
    assert "FX014" not in resolve_pattern("ALL") and "FX014" in resolve_pattern("fx014")


PROBE = """
import sys
from fixer.entry import main
try:
    main({args!r})
except SystemExit:
    pass
print(sorted(name for name in sys.modules if name.startswith("codemods.")), file=sys.stderr)
"""


def imported_codemods(args: list[str], cwd: Path) -> list[str]:
    done = subprocess.run(
        [sys.executable, "-c", PROBE.format(args=args)],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=True,
    )
    return eval(done.stderr.strip().splitlines()[-1])  # a printed list of names


def test_a_run_imports_only_the_codemods_it_runs(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "main.tf").write_text('resource "terraform_data" "b" {\nx=1\n}\n')
    args = ["check", "--no-cache", "--select", "FX001", "main.tf"]
    assert imported_codemods(args, tmp_path) == ["codemods.unformatted"]


def test_a_cached_run_imports_no_codemod(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "main.tf").write_text('resource "terraform_data" "b" {\nx=1\n}\n')
    first = imported_codemods(["check", "main.tf"], tmp_path)
    assert "codemods.unused_declarations" in first
    assert imported_codemods(["check", "main.tf"], tmp_path) == []


GOLDEN = Path(__file__).resolve().parents[1] / "golden"


def check_json(case: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> str:
    monkeypatch.chdir(case)
    options = RunOptions(paths=["."], output_format="json", select="ALL,FX014,FX100")
    options.no_cache = True
    status = commands.check(options)
    return f"{status}\n{capsys.readouterr().out}"


def test_stand_ins_change_no_check(monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    """On every golden case (the codemods' own examples, findings and near misses), a
    check that replaces the codemods whose NEEDS are absent reports exactly what a
    check running every codemod reports."""
    cases = sorted(p for p in GOLDEN.glob("*/*") if p.is_dir() and p.parent.name != "runs")
    stood_in = 0
    for case in cases:
        texts = [p.read_text(errors="replace") for p in case.rglob("*") if p.is_file()]
        skipped = codemods_for_texts(list(codemods.NEEDS), texts)
        stood_in += sum(1 for cls in skipped if cls.__doc__.startswith("Stands in"))
        with_stand_ins = check_json(case, monkeypatch, capsys)
        monkeypatch.setattr(registry, "NEEDS", {})
        assert check_json(case, monkeypatch, capsys) == with_stand_ins, case
        monkeypatch.undo()
    assert stood_in > len(cases), "the golden cases exercise the stand-ins"


def test_stand_ins_are_chosen_one_text_at_a_time() -> None:
    """Choosing the stand-ins lowercases the texts one at a time: lowercasing them all
    joined copied every text, and when one is not ASCII, the copy took twelve bytes per
    character for a moment (145 MB on the corpus, the peak of a check)."""
    text = 'locals {\n  name = "caf\u00e9 \u2615"\n}\n' * 2000  # 60,000 characters
    texts = [text] * 50 + ['resource "AWS_S3_BUCKET" "b" {}\n']  # case does not matter
    codes = list(codemods.NEEDS)
    expected = codemods_for_texts(codes, texts)  # imports what it runs, before measuring
    tracemalloc.start()
    try:
        assert codemods_for_texts(codes, texts) == expected
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 20 * len(text), peak  # one text's lowercasing, not 50 texts'
    chosen = {cls.code: not cls.__doc__.startswith("Stands in") for cls in expected}
    assert chosen["FX023"] and not chosen["FX002"]


def test_a_check_imports_no_codemod_that_can_find_nothing(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "main.tf").write_text('resource "terraform_data" "b" {\n  input = 1\n}\n')
    imported = imported_codemods(["check", "--no-cache", "main.tf"], tmp_path)
    needy = {entry.module for entry in codemods.TABLE if entry.code in codemods.NEEDS}
    assert imported and not needy & set(imported)
    (tmp_path / "main.tf").write_text('resource "aws_s3_bucket" "b" {\n  bucket = "b"\n}\n')
    imported = imported_codemods(["check", "--no-cache", "main.tf"], tmp_path)
    assert "codemods.s3_bucket_inline_arguments" in imported


ESCAPED_NAMES = {
    # HCL's \u and \U escapes in a label and in a string a codemod reads.
    "main.tf": 'resource "aws_s3_b\\u0075cket" "b" {\n  bucket = "x"\n  acl    = "private"\n}\n',
    "db.tf": 'resource "aws_rds_\\U00000063luster" "db" {\n  engine = "aurora-postgresql"\n}\n',
    # JSON's \u escape in a policy document's key.
    "policy.tf": 'resource "aws_iam_policy" "p" {\n  policy = <<EOT\n'
    '{"St\\u0061tement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}\n'
    "EOT\n}\n",
}


def test_names_written_with_unicode_escapes_still_select_their_codemods(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    """A name the model reads through an escape (`aws_s3_b\\u0075cket`) counts as present:
    the check finds what a check running every codemod finds."""
    for name, text in ESCAPED_NAMES.items():
        (tmp_path / name).write_text(text)
    texts = list(ESCAPED_NAMES.values())
    kept = {cls.code for cls in codemods_for_texts(["FX002", "FX004", "FX023"], texts)}
    stood_in = {
        cls.code
        for cls in codemods_for_texts(["FX002", "FX004", "FX023"], texts)
        if cls.__doc__.startswith("Stands in")
    }
    assert not stood_in, stood_in
    assert kept == {"FX002", "FX004", "FX023"}
    with_stand_ins = check_json(tmp_path, monkeypatch, capsys)
    assert "FX023" in with_stand_ins
    monkeypatch.setattr(registry, "NEEDS", {})
    assert check_json(tmp_path, monkeypatch, capsys) == with_stand_ins


def test_escapes_select_the_names_they_spell_and_no_others() -> None:
    """`\\\\u0073tatement` in HCL is the JSON text `\\u0073tatement`, which a policy
    document reads as "statement": FX004 runs; no escape spells aws_s3_bucket."""
    texts = ['resource "terraform_data" "b" {\n  input = "caf\\u00e9 \\\\u0073tatement"\n}\n']
    codes = {cls.code for cls in codemods_for_texts(["FX004", "FX023"], texts)}
    stood_in = {
        cls.code
        for cls in codemods_for_texts(["FX004", "FX023"], texts)
        if cls.__doc__.startswith("Stands in")
    }
    assert codes == {"FX004", "FX023"} and stood_in == {"FX023"}
