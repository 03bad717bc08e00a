"""The rules reference (docs/rules.md), generated from the codemods' own documentation."""

from __future__ import annotations

from fixer.registry import all_codemods

HEADER = """\
# Rules

Generated from the codemods' docstrings by `fixer rules --format markdown`; do not edit by
hand. `fixer explain CODE` shows the same text in a terminal.

| code | name | severity | fix | summary |
|---|---|---|---|---|
"""


def rules_markdown() -> str:
    """Every codemod's documentation, one section each, with a stable `#fx001` anchor."""
    codemods = all_codemods()
    rows = "".join(
        f"| [{c.code}](#{c.code.lower()}) | `{c.name}` | {c.severity.value} | "
        f"{c.fix_availability} | {c.summary} |\n"
        for c in codemods
    )
    sections = "".join(
        f'\n<a id="{c.code.lower()}"></a>\n\n## {c.code} {c.name}\n\n{c.summary}.\n\n'
        f"{_demote(c.docs())}\n"
        for c in codemods
    )
    return HEADER + rows + sections


def _demote(docs: str) -> str:
    """Nest a docstring's `## Section` headings under the rule's own heading."""
    return "\n".join("#" + line if line.startswith("## ") else line for line in docs.splitlines())
