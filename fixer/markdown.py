"""Markdown structure for codemods that read or edit READMEs: lines, code fences, headings.

Pure text functions, no rendering: offsets index the text as given, so that a codemod
can turn a heading or a section into a TextEdit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_ATX = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$")
_SETEXT = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")


@dataclass(frozen=True, slots=True)
class Heading:
    """A Markdown heading: level, title, and the offset where its first line starts."""

    level: int
    title: str
    start: int


@dataclass(frozen=True, slots=True)
class Line:
    """One line of a Markdown file: offset, text (newline excluded), inside a code fence."""

    start: int
    text: str
    fenced: bool


def markdown_lines(text: str) -> list[Line]:
    """The lines of a Markdown text, each marked when it belongs to a fenced code block.

    The fence lines themselves count as fenced; a fence closes with a line of the same
    character, at least as long as the opening one, and nothing else on it.
    """
    lines: list[Line] = []
    offset = 0
    fence: str | None = None
    for raw in text.splitlines(keepends=True):
        body = raw.rstrip("\r\n")
        match = FENCE.match(body)
        if fence is None and match is not None:
            fence = match.group(1)
            lines.append(Line(offset, body, True))
        elif fence is not None:
            closing = match is not None and match.group(1)[0] == fence[0]
            closing = (
                closing and len(match.group(1)) >= len(fence) and not body.strip(fence[0] + " \t")
            )
            lines.append(Line(offset, body, True))
            if closing:
                fence = None
        else:
            lines.append(Line(offset, body, False))
        offset += len(raw)
    return lines


def headings(text: str) -> list[Heading]:
    """The ATX (`## Title`) and setext (`Title` over `---`) headings, outside code fences."""
    lines = markdown_lines(text)
    found: list[Heading] = []
    for i, line in enumerate(lines):
        if line.fenced:
            continue
        atx = _ATX.match(line.text)
        if atx is not None:
            found.append(Heading(len(atx.group(1)), (atx.group(2) or "").strip(), line.start))
            continue
        setext = _SETEXT.match(line.text)
        if setext is not None and i > 0 and _paragraph(lines[i - 1]):
            previous = lines[i - 1]
            if found and found[-1].start == previous.start:
                continue
            level = 1 if setext.group(1)[0] == "=" else 2
            found.append(Heading(level, previous.text.strip(), previous.start))
    return found


def _paragraph(line: Line) -> bool:
    """Whether a line can be the text of a setext heading (plain paragraph text)."""
    text = line.text.strip()
    return (
        not line.fenced
        and bool(text)
        and not line.text.startswith("    ")
        and not text.startswith(("#", ">", "- ", "* ", "+ ", "|"))
    )


def section_end(text: str, found: list[Heading], index: int) -> int:
    """Where the section of found[index] ends: the next heading of its level or higher.

    `found` is `headings(text)`; the last section ends at the end of the text.
    """
    level = found[index].level
    for heading in found[index + 1 :]:
        if heading.level <= level:
            return heading.start
    return len(text)
