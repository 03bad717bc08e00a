"""`# fixer:ignore CODE reason` comments: where they apply and which findings they silence."""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass

from fixer.findings import Finding
from fixer.model.files import SourceFile
from fixer.syntax import tokens as t
from fixer.syntax.cst import Block, Body

_DIRECTIVE = re.compile(
    r"fixer:(?P<kind>ignore-file|ignore)\b[ \t]*(?P<codes>[A-Za-z]+[0-9]+(?:[ \t]*,[ \t]*[A-Za-z]+[0-9]+)*)?"
)
_CODE = re.compile(r"[A-Za-z]+[0-9]+")


@dataclass(frozen=True, slots=True)
class Suppression:
    """Codes silenced in source[start:end] of one file (the whole file for ignore-file)."""

    path: str
    codes: frozenset[str]
    start: int
    end: int
    comment_start: int
    comment_end: int

    def covers(self, finding: Finding) -> bool:
        return (
            finding.path == self.path
            and finding.code in self.codes
            and self.start <= finding.span.start < max(self.end, self.start + 1)
        )


def _codes(match: re.Match[str]) -> frozenset[str]:
    return frozenset(code.upper() for code in _CODE.findall(match.group("codes") or ""))


def suppressions_in(source: SourceFile) -> list[Suppression]:
    """Every suppression comment of a file, with the range it covers."""
    if "fixer:ignore" not in source.text:
        return []
    if source.tree is None:
        return list(_line_suppressions(source))
    found: list[Suppression] = []
    tree = source.tree
    first_item_start = tree.body.items[0].start if tree.body.items else len(tree.text)
    owners = _item_comment_owners(tree.body)
    blocks = list(_blocks(tree.body))
    for token in tree.tokens:
        if token.kind != t.COMMENT or "fixer:ignore" not in token.text:
            continue
        match = _DIRECTIVE.search(token.text)
        if match is None:
            continue
        codes = _codes(match)
        if match.group("kind") == "ignore-file":
            if token.start < first_item_start:
                found.append(
                    Suppression(source.rel, codes, 0, len(tree.text), token.start, token.end)
                )
            continue
        owner = owners.get(token.start) or _enclosing_block(blocks, token.start)
        if owner is not None:
            found.append(Suppression(source.rel, codes, owner[0], owner[1], token.start, token.end))
    return found


def _item_comment_owners(body: Body) -> dict[int, tuple[int, int]]:
    """Map each lead or line comment's start to the full range of its attribute or block."""
    owners: dict[int, tuple[int, int]] = {}
    for item in body.items:
        for comment in item.lead_comments:
            owners[comment.start] = (item.full_start, item.full_end)
        if item.line_comment is not None:
            owners[item.line_comment.start] = (item.full_start, item.full_end)
        if isinstance(item, Block):
            owners.update(_item_comment_owners(item.body))
    return owners


def _blocks(body: Body) -> Iterator[Block]:
    for item in body.items:
        if isinstance(item, Block):
            yield item
            yield from _blocks(item.body)


def _enclosing_block(blocks: list[Block], offset: int) -> tuple[int, int] | None:
    """The full range of the innermost block whose braces enclose offset."""
    best: Block | None = None
    for block in blocks:
        if block.open_brace.start < offset < block.close_brace.end and (
            best is None or block.open_brace.start > best.open_brace.start
        ):
            best = block
    return None if best is None else (best.full_start, best.full_end)


def _line_suppressions(source: SourceFile) -> Iterator[Suppression]:
    """For files that are not HCL: a directive covers its own line and the next one."""
    lines = source.text.splitlines(keepends=True)
    offset = 0
    for number, line in enumerate(lines):
        match = _DIRECTIVE.search(line)
        if match is not None:
            codes = _codes(match)
            if match.group("kind") == "ignore-file":
                if number < 5:
                    yield Suppression(
                        source.rel, codes, 0, len(source.text), offset, offset + len(line)
                    )
            else:
                following = len(lines[number + 1]) if number + 1 < len(lines) else 0
                yield Suppression(
                    source.rel,
                    codes,
                    offset,
                    offset + len(line) + following,
                    offset + match.start(),
                    offset + match.end(),
                )
        offset += len(line)


def apply_suppressions(
    findings: Iterable[Finding], suppressions: Collection[Suppression]
) -> list[Finding]:
    """The findings no suppression covers."""
    if not suppressions:
        return list(findings)
    return [
        finding
        for finding in findings
        if not any(suppression.covers(finding) for suppression in suppressions)
    ]
