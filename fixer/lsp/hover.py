"""Hover text for a finding: its codemod's documentation as markdown."""

from __future__ import annotations

from fixer.findings import Finding
from fixer.registry import CodemodClass

HOVER_SECTIONS = ("What it does", "Why is this bad?", "Fix safety")


def hover_markdown(finding: Finding, codemod: CodemodClass | None) -> str:
    """The finding's message, then the codemod's *What it does*, *Why is this bad?* and
    *Fix safety* sections, and a link to its page."""
    parts = [f"**{finding.code}** `{finding.name}`: {finding.message}"]
    if codemod is not None:
        sections = codemod.doc_sections()
        for heading in HOVER_SECTIONS:
            if sections.get(heading):
                parts.append(f"### {heading}\n{sections[heading]}")
        parts.append(f"[{codemod.code} documentation]({codemod.help_uri()})")
    return "\n\n".join(parts)
