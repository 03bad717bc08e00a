"""Small helpers for the refactoring tests: projects from texts, moves that must succeed."""

from __future__ import annotations

from textwrap import dedent

from fixer.model.files import SourceFile
from fixer.refactor.engine import RefactorError, Refactoring, move


def files_of(**texts: str) -> dict[str, SourceFile]:
    """A project from keyword texts: `main__tf` is main.tf, `mod__net__main__tf` is
    mod/net/main.tf (`__` before the last part is a dot, the others are slashes); a key with a
    slash is the path itself (`**{"a/b.tftest.hcl": text}`)."""
    out = {}
    for key, text in texts.items():
        parts = key.split("__")
        rel = key
        if "/" not in key and len(parts) > 1:
            rel = "/".join([*parts[:-2], parts[-2] + "." + parts[-1]])
        out[rel] = SourceFile(rel, dedent(text).lstrip("\n"))
    return out


def moved(files: dict[str, SourceFile], old: str, new: str, root: str = "") -> Refactoring:
    result = move(files, old, new, root)
    assert isinstance(result, Refactoring), str(result)
    return result


def refused(files: dict[str, SourceFile], old: str, new: str, root: str = "") -> str:
    result = move(files, old, new, root)
    assert isinstance(result, RefactorError), f"expected a refusal, got {result.title}"
    return str(result)


def text_after(result: Refactoring, files: dict[str, SourceFile], rel: str) -> str:
    return result.texts.get(rel, files[rel].text if rel in files else "")
