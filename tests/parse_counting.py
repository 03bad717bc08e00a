"""A test helper: what this process parses from now on (forked workers keep their own)."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

import fixer.model.files


@dataclass
class Parses:
    """The path and the text of each parse, in order."""

    paths: list[str] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)


def parsed_here(monkeypatch: pytest.MonkeyPatch) -> Parses:
    """Record every parse of a SourceFile in this process until the test ends."""
    parses = Parses()
    original = fixer.model.files.parse

    def recording(text: str, path: str) -> object:
        parses.paths.append(path)
        parses.texts.append(text)
        return original(text, path)

    monkeypatch.setattr(fixer.model.files, "parse", recording)
    return parses
