"""Source files of a project as the engine holds them: text, encoding facts and parse result."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import PurePosixPath

from fixer.syntax.canonical import format_preserving_newlines
from fixer.syntax.cst import File
from fixer.syntax.errors import HCLSyntaxError
from fixer.syntax.parser import parse
from fixer.syntax.source import BOM
from fixer.syntax.tokens import LineIndex

HCL_SUFFIXES = (".tf", ".tfvars", ".tftest.hcl")
SHELL_SUFFIXES = (".sh", ".bash")
MARKDOWN_SUFFIXES = (".md", ".markdown")
# Files whose recipes or tasks run shell commands: make, Task (taskfile.dev) and just.
MAKEFILE_NAMES = frozenset({"Makefile", "makefile", "GNUmakefile"})
TASKFILE_NAMES = frozenset({"Taskfile.yml", "Taskfile.yaml", "taskfile.yml", "taskfile.yaml"})
JUSTFILE_NAMES = frozenset({"justfile", "Justfile", ".justfile"})
_AWAITING = "_awaiting"  # what `canonical` calls first (canonical_awaits)
BUILD_FILE_NAMES = MAKEFILE_NAMES | TASKFILE_NAMES | JUSTFILE_NAMES
# `#!/bin/sh`, `#!/bin/bash -e`, `#!/usr/bin/env bash`, `#!/usr/bin/env -S zsh -f` ...
_SHELL_SHEBANG = re.compile(r"^#![ \t]*\S*/(?:env[ \t]+(?:-\S+[ \t]+)*)?(?:ba|da|z|k|a)?sh\b")


def shell_shebang(text: str) -> bool:
    """Whether a text starts with a shebang line that runs a shell (sh, bash, dash, zsh,
    ksh, ash; directly or through `env`)."""
    return _SHELL_SHEBANG.match(text) is not None


def file_kind(rel: str) -> str:
    """ "tf", "tfvars", "tftest", "tfjson" (skipped), or "other" (scripts, READMEs ...)."""
    name = PurePosixPath(rel).name
    if name.endswith((".tf.json", ".tfvars.json")):
        return "tfjson"
    if name.endswith(".tftest.hcl"):
        return "tftest"
    if name.endswith(".tfvars"):
        return "tfvars"
    if name.endswith(".tf"):
        return "tf"
    return "other"


@dataclass(eq=False)
class SourceFile:
    """One file of the project: `rel` is its POSIX path relative to the project root.

    `text` is the decoded text. An HCL file keeps a leading byte-order mark as the first
    character of its text, as terraform reads it: whitespace, which `terraform fmt`
    removes (so FX001 reports it and its fix drops it). Other files (READMEs, scripts)
    have it removed from `text` and `bom` set, for the writer to put it back. HCL files
    are parsed lazily: `tree` is None when `error` says why.
    """

    rel: str
    text: str
    bom: bool = False
    kind: str = field(default="")

    def __post_init__(self) -> None:
        if not self.kind:
            self.kind = file_kind(self.rel)
        if self.bom and self.is_hcl:
            self.text = BOM + self.text
            self.bom = False

    @property
    def is_hcl(self) -> bool:
        return self.kind in ("tf", "tfvars", "tftest")

    @property
    def is_shell_script(self) -> bool:
        """A shell script: a `.sh` / `.bash` file, or another file that is neither HCL nor
        Markdown and starts with a shell shebang (`build`, `deploy.zsh`)."""
        if self.kind != "other":
            return False
        name = PurePosixPath(self.rel).name.lower()
        if name.endswith(SHELL_SUFFIXES):
            return True
        return not name.endswith(MARKDOWN_SUFFIXES) and shell_shebang(self.text)

    @property
    def build_file(self) -> str | None:
        """The build tool of a Makefile, Taskfile or justfile ("make", "task", "just"), else None."""
        name = PurePosixPath(self.rel).name
        if self.kind != "other":
            return None
        if name in MAKEFILE_NAMES:
            return "make"
        if name in TASKFILE_NAMES:
            return "task"
        return "just" if name in JUSTFILE_NAMES else None

    @cached_property
    def _parsed(self) -> tuple[File | None, HCLSyntaxError | None]:
        if not self.is_hcl:
            return None, None
        try:
            return parse(self.text, self.rel), None
        except HCLSyntaxError as error:
            return None, error

    @property
    def tree(self) -> File | None:
        return self._parsed[0]

    @property
    def error(self) -> HCLSyntaxError | None:
        if "_parsed" not in self.__dict__ and self.__dict__.get("_parses"):
            return None  # known to parse (`known_to_parse`): no tree needed to say so
        return self._parsed[1]

    def known_to_parse(self) -> None:
        """Record that the text parses, as worked out elsewhere (a worker process, the
        cache): `error` is then None without parsing here; `tree` still parses when asked."""
        if self.is_hcl:
            self.__dict__["_parses"] = True

    @property
    def known_canonical(self) -> str | None:
        """The canonical text if worked out already (here, by a worker, from the cache),
        else None: reading it formats nothing."""
        value = self.__dict__.get("canonical")
        return value if isinstance(value, str) else None

    @property
    def canonical_known_to_parse(self) -> bool:
        """Whether the canonical text is known to parse (`know_canonical`)."""
        return bool(self.__dict__.get("_canonical_parses"))

    def know_canonical(
        self, canonical: str, parses: bool = True, canonical_parses: bool = False
    ) -> None:
        """Give the file its canonical text, worked out elsewhere (a worker, the cache);
        with `parses`, record that the text parses (`known_to_parse`); with
        `canonical_parses`, that the canonical text parses too."""
        if parses:
            self.known_to_parse()
        self.__dict__["canonical"] = canonical
        if canonical_parses:
            self.__dict__["_canonical_parses"] = True

    @property
    def parse_known(self) -> bool:
        """Whether `error` is known without parsing: parsed already, or `known_to_parse`."""
        return "_parsed" in self.__dict__ or bool(self.__dict__.get("_parses"))

    def canonical_awaits(self, finish: Callable[[], None] | None) -> None:
        """A worker process is making the canonical text: `canonical`, when first read,
        calls `finish`, which records it (`fixer.parallel.prepare`); None: no longer."""
        if finish is None:
            self.__dict__.pop(_AWAITING, None)
        else:
            self.__dict__[_AWAITING] = finish

    @cached_property
    def canonical(self) -> str:
        """The file in `terraform fmt` style, line endings kept (an HCL file that parses);
        raises HCLSyntaxError as the formatter does. When a worker process is formatting
        the file (`fixer.parallel.prepare`), waits for its facts instead."""
        awaiting = self.__dict__.pop(_AWAITING, None)
        if awaiting is not None:
            awaiting()
            known = self.known_canonical
            if known is not None:
                return known
        tree = self.tree
        return format_preserving_newlines(self.text, tree.tokens if tree is not None else None)

    @cached_property
    def lines(self) -> LineIndex:
        return LineIndex(self.text)

    @property
    def newline(self) -> str:
        """The file's dominant line ending: what a new file written for it uses. An edit's
        text takes the ending of the line it goes into (`fixer.apply.edit_content`), which
        is the same in a file that does not mix LF and CRLF."""
        crlf = self.text.count("\r\n")
        return "\r\n" if crlf and crlf * 2 >= self.text.count("\n") else "\n"

    @property
    def directory(self) -> str:
        parent = str(PurePosixPath(self.rel).parent)
        return "" if parent == "." else parent
