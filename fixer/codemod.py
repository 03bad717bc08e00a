"""The codemod contract: one class per codemod, and the context it works in."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, ClassVar

from fixer.findings import Finding, Fix, Severity, Span
from fixer.model.files import SourceFile
from fixer.syntax.cst import Node

if TYPE_CHECKING:
    from fixer.model.config import ModelConfig
    from fixer.model.project import Project

DOC_SECTIONS = ("What it does", "Why is this bad?", "Example", "Fix safety")


class Codemod:
    """Base class: subclasses set the class attributes and implement `check`.

    The class docstring is the codemod's documentation and must have the sections
    *What it does*, *Why is this bad?*, *Example* and *Fix safety*, each as a
    markdown heading (`## What it does`).
    """

    code: ClassVar[str]
    name: ClassVar[str]
    summary: ClassVar[str]
    severity: ClassVar[Severity] = Severity.WARNING
    fix_availability: ClassVar[str] = "always"  # "always", "sometimes" or "none"
    # What `fixer rules` says of the fixes: "safe", "unsafe", "safe or unsafe" or "none".
    fix_safety: ClassVar[str] = ""
    # Runs after the others: what it reads may still be on its way from worker processes.
    late: ClassVar[bool] = False
    # What its findings on a module may read besides the module's own files, as links
    # between files (`fixer.split`): a check caches and re-runs parts of the project
    # closed under them. A codemod that does not say may read anything ("project").
    reads: ClassVar[frozenset[str]] = frozenset({"project"})

    def check(self, context: Context) -> Iterable[Finding]:
        raise NotImplementedError

    @classmethod
    def docs(cls) -> str:
        import inspect

        return inspect.cleandoc(cls.__doc__ or "")

    @classmethod
    def doc_sections(cls) -> dict[str, str]:
        """The docstring split at its `## ` headings."""
        sections: dict[str, str] = {}
        current: str | None = None
        lines: list[str] = []
        for line in cls.docs().splitlines():
            heading = re.match(r"^##\s+(.*\S)\s*$", line)
            if heading:
                if current is not None:
                    sections[current] = "\n".join(lines).strip()
                current = heading.group(1)
                lines = []
            elif current is not None:
                lines.append(line)
        if current is not None:
            sections[current] = "\n".join(lines).strip()
        return sections

    @classmethod
    def help_uri(cls) -> str:
        from fixer import RULES_URL

        return RULES_URL.format(code=cls.code.lower())


@dataclass
class Context:
    """What a codemod sees: the project's files and model, and finding helpers."""

    files: Mapping[str, SourceFile]
    config: ModelConfig | None = None
    codemod: Codemod | None = None
    paths: frozenset[str] = frozenset()  # every file present under the root, read or not
    ignored: frozenset[str] = frozenset()  # the present files that git ignores
    # Files read through a link (`Target.linked`): part of their module, never written.
    linked: frozenset[str] = frozenset()

    def exists(self, rel: str) -> bool:
        """Whether a file (POSIX path relative to the root) is present in the project."""
        return rel in self.paths or rel in self.files

    def committed(self, rel: str) -> bool:
        """Whether a file is present and not ignored by git (so a clone has it too)."""
        return self.exists(rel) and rel not in self.ignored

    @cached_property
    def project(self) -> Project:
        from fixer.model.project import build_project

        return build_project(self.files, self.config)

    def hcl_files(self, *kinds: str) -> Iterator[SourceFile]:
        """Parsed HCL files (of the given kinds: "tf", "tfvars", "tftest"), sorted."""
        wanted = kinds or ("tf", "tfvars", "tftest")
        for rel in sorted(self.files):
            source = self.files[rel]
            if source.kind in wanted and source.is_hcl and source.error is None:  # a tree
                yield source

    def span(self, source: SourceFile, start: int, end: int) -> Span:
        return Span.of(source.lines, start, end)

    def finding(
        self,
        source: SourceFile,
        where: Node | tuple[int, int],
        message: str,
        fix: Fix | None = None,
        **extra: object,
    ) -> Finding:
        """A finding of the running codemod at a node (or a (start, end) range)."""
        assert self.codemod is not None
        start, end = (where.start, where.end) if isinstance(where, Node) else where
        return Finding(
            code=self.codemod.code,
            name=self.codemod.name,
            message=message,
            path=source.rel,
            span=self.span(source, start, end),
            severity=self.codemod.severity,
            fix=fix,
            extra=dict(extra),
        )
