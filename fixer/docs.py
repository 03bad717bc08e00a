"""The rules reference (docs/rules.md), generated from the codemods' own documentation."""

from __future__ import annotations

from fixer.registry import all_rules

HEADER = """\
# Rules

Generated from the codemods' docstrings by `fixer rules --format markdown`; do not edit by
hand. `fixer explain CODE` shows the same text in a terminal. *fix* is the fix safety (safe
fixes are applied by `fixer fix`, unsafe ones with `--unsafe-fixes`) and whether a fix is
always or sometimes available; rules marked *off by default* run only when selected by
their code or name.

| code | name | severity | fix | summary |
|---|---|---|---|---|
"""


def rules_markdown() -> str:
    """Every rule's documentation, one section each, with a stable `#fx001` anchor."""
    codemods = all_rules()
    rows = "".join(
        f"| [{c.code}](#{c.code.lower()}) | `{c.name}` | {c.severity.value} | "
        f"{_fix(c)} | {c.summary}{_default(c)} |\n"
        for c in codemods
    )
    sections = "".join(
        f'\n<a id="{c.code.lower()}"></a>\n\n## {c.code} {c.name}\n\n{c.summary}.\n\n'
        f"{_demote(c.docs())}\n"
        for c in codemods
    )
    return HEADER + rows + sections


def _fix(rule: type) -> str:
    safety, availability = rule.fix_safety, rule.fix_availability  # type: ignore[attr-defined]
    if safety == "none" or availability == "none":
        return "none"
    return f"{safety} ({availability})"


def _default(rule: type) -> str:
    return " (off by default)" if getattr(rule, "explicit_only", False) else ""


def _demote(docs: str) -> str:
    """Nest a docstring's `## Section` headings under the rule's own heading."""
    return "\n".join("#" + line if line.startswith("## ") else line for line in docs.splitlines())
