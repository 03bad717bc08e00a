"""Helpers for the tests of the tflint-parity codemods (FX014-FX022): run one codemod
over in-memory files and apply its fixes the way the engine does."""

from __future__ import annotations

from fixer.apply import apply_edits
from fixer.codemod import Codemod, Context
from fixer.config import Settings
from fixer.findings import Applicability, Finding
from fixer.model.config import ModelConfig
from fixer.model.files import SourceFile
from fixer.runner import fix
from fixer.syntax.format import format_source


def sources(files: dict[str, str]) -> dict[str, SourceFile]:
    return {rel: SourceFile(rel, text) for rel, text in files.items()}


def run(codemod: type[Codemod], files: dict[str, str], **context: object) -> list[Finding]:
    """The codemod's findings on the files (relative path -> text)."""
    instance = codemod()
    return list(instance.check(Context(sources(files), ModelConfig(), instance, **context)))


def one(codemod: type[Codemod], files: dict[str, str], **context: object) -> Finding:
    (finding,) = run(codemod, files, **context)
    return finding


def apply(finding: Finding, text: str, path: str = "main.tf") -> str:
    """The file's text after the finding's fix (edits of that file only)."""
    assert finding.fix is not None, finding.message
    return apply_edits(text, [e for e in finding.fix.edits if e.path == path])


def fixed_files(codemod: type[Codemod], files: dict[str, str], unsafe: bool = True) -> dict:
    """Every file after the engine's fix passes (changed and created files only), each
    checked to be canonical when it is HCL."""
    allowed = Applicability.UNSAFE if unsafe else Applicability.SAFE
    outcome = fix(sources(files), [codemod], Settings(), allowed)
    assert not outcome.errors, outcome.errors
    for rel, text in outcome.texts.items():
        if rel.endswith((".tf", ".tfvars", ".tftest.hcl")):
            plain = text.replace("\r\n", "\n")
            assert format_source(plain) == plain, f"{rel} is not canonical:\n{text}"
    return outcome.texts
