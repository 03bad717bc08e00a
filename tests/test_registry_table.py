"""The registry's static table says what the codemod classes say, and selecting codemods
with it imports only those that run."""

from __future__ import annotations

import importlib
import pkgutil
import subprocess
import sys
from pathlib import Path

import codemods
from fixer import RULES_URL
from fixer.codemod import Codemod
from fixer.registry import (
    RULE_TABLE,
    all_codemods,
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
