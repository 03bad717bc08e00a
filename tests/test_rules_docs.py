"""Every codemod documents itself fully, and docs/rules.md is generated from that."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from fixer.codemod import DOC_SECTIONS
from fixer.docs import rules_markdown
from fixer.findings import Severity
from fixer.registry import all_codemods

REPO = Path(__file__).resolve().parents[1]
CODEMODS = all_codemods()


@pytest.mark.parametrize("cls", CODEMODS, ids=[c.code for c in CODEMODS])
def test_codemod_contract(cls: type) -> None:
    assert re.fullmatch(r"FX\d{3}", cls.code)
    assert re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", cls.name)
    assert cls.summary and not cls.summary.endswith(".")
    assert isinstance(cls.severity, Severity)
    assert cls.fix_availability in ("always", "sometimes", "none")
    sections = cls.doc_sections()
    for section in DOC_SECTIONS:
        assert sections.get(section), f"{cls.code} lacks the docs section '{section}'"
    safety = sections["Fix safety"]
    assert re.search(r"\b(safe|unsafe)\b", safety, re.IGNORECASE), "say Safe or Unsafe"
    parts = cls.__module__.split(".")
    assert parts[0] == "codemods" and len(parts) == 2, "defined in its module or package"
    module = Path(__import__(cls.__module__, fromlist=["x"]).__file__ or "")
    named = module.parent.name if module.stem == "__init__" else module.stem
    assert named == cls.name.replace("-", "_"), (
        "one module (or package) per codemod, named after it"
    )


# The codemods of tflint-ruleset-terraform's fixes (issue 16) also say where ours differs.
TFLINT_PARITY = tuple(f"FX{n:03d}" for n in range(14, 23))


@pytest.mark.parametrize("code", TFLINT_PARITY)
def test_tflint_parity_codemods_say_how_they_differ_from_tflint(code: str) -> None:
    (cls,) = [c for c in CODEMODS if c.code == code]
    compared = cls.doc_sections().get("Compared with tflint", "")
    assert "tflint" in compared, f"{code} lacks the docs section 'Compared with tflint'"


def test_codes_and_names_are_unique() -> None:
    assert len({c.code for c in CODEMODS}) == len(CODEMODS)
    assert len({c.name for c in CODEMODS}) == len(CODEMODS)


def test_docs_rules_md_is_current() -> None:
    written = (REPO / "docs" / "rules.md").read_text(encoding="utf-8")
    assert written == rules_markdown(), "regenerate: fixer rules --format markdown > docs/rules.md"
