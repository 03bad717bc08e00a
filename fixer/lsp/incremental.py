"""Re-parsing an edited buffer chunk by chunk, reusing the trees of the chunks that did not change."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache, cached_property
from operator import attrgetter

from fixer.model.files import SourceFile
from fixer.syntax import tokens as t
from fixer.syntax.canonical import format_preserving_newlines
from fixer.syntax.chunks import closed_chunks
from fixer.syntax.cst import Attribute, Body, File, Item, Node
from fixer.syntax.errors import HCLSyntaxError
from fixer.syntax.parser import parse
from fixer.syntax.tokens import Token


class IncrementalParser:
    """The parser of one buffer, version after version.

    Each closed chunk (see `fixer.syntax.chunks`) is parsed alone; a chunk whose text
    comes back in the next version keeps its tree, moved to its new offset. The result
    is the tree `parse` gives for the whole text: a chunk that does not parse, or an
    attribute set twice at the top level, makes it parse the whole text (and raise
    its error). Trees of earlier versions are moved too, so only the latest is valid.
    """

    def __init__(self) -> None:
        self._chunks: dict[str, list[_Chunk]] = {}

    def parse(self, text: str, path: str = "<input>") -> File:
        pieces = closed_chunks(text)
        if len(pieces) < 2:
            self._chunks = {}
            return parse(text, path)
        kept: dict[str, list[_Chunk]] = {}
        tokens: list[Token] = []
        items: list[Item] = []
        offset = 0
        for piece in pieces:
            spare = self._chunks.get(piece)
            try:
                chunk = spare.pop() if spare else _Chunk(piece)
            except HCLSyntaxError:
                self._chunks = kept
                return parse(text, path)
            chunk.move(offset)
            kept.setdefault(piece, []).append(chunk)
            tokens.extend(chunk.tokens)
            items.extend(chunk.items)
            offset += len(piece)
        self._chunks = kept
        names = [item.name for item in items if isinstance(item, Attribute)]
        if len(set(names)) != len(names):
            return parse(text, path)  # "Attribute redefined" spans chunks
        tokens.append(Token(t.EOF, "", len(text)))
        return File(0, len(text), text, tokens, Body(0, len(text), items), path)


class _Chunk:
    """A closed chunk's tokens and top-level items, and every node below them."""

    __slots__ = ("items", "nodes", "offset", "tokens")

    def __init__(self, text: str) -> None:
        tree = parse(text)
        self.tokens = tree.tokens[:-1]  # without EOF
        self.items = tree.body.items
        self.nodes = _nodes(self.items)
        self.offset = 0

    def move(self, offset: int) -> None:
        delta = offset - self.offset
        if not delta:
            return
        for token in self.tokens:
            token.start += delta
        for node in self.nodes:
            node.start += delta
            node.end += delta
            if isinstance(node, Item):
                node.full_start += delta
                node.full_end += delta
        self.offset = offset


def _nodes(roots: list[Item]) -> list[Node]:
    """Every node reachable from the roots through any field (not only `children`)."""
    found: dict[int, Node] = {}
    stack: list[object] = list(roots)
    while stack:
        value = stack.pop()
        if type(value) is list:
            stack.extend(value)
        elif isinstance(value, Node) and id(value) not in found:
            found[id(value)] = value
            stack.extend(_field_values(type(value))(value))
    return list(found.values())


@cache
def _fields(cls: type) -> tuple[str, ...]:
    return tuple(name for klass in cls.__mro__ for name in getattr(klass, "__slots__", ()))


@cache
def _field_values(cls: type) -> Callable[[object], tuple[object, ...]]:
    """A function giving a node's field values, as a tuple."""
    names = _fields(cls)
    if len(names) == 1:
        return lambda node: (getattr(node, names[0]),)
    return attrgetter(*names)


@dataclass(eq=False)
class BufferSource(SourceFile):
    """An open buffer as a SourceFile, parsed by its buffer's IncrementalParser."""

    parser: IncrementalParser | None = field(default=None, repr=False)

    @cached_property
    def _parsed(self) -> tuple[File | None, HCLSyntaxError | None]:
        if self.parser is None or not self.is_hcl:
            return SourceFile._parsed.func(self)  # type: ignore[attr-defined]
        try:
            return self.parser.parse(self.text, self.rel), None
        except HCLSyntaxError as error:
            return None, error

    @cached_property
    def canonical(self) -> str:
        # The parser has just cut this text into chunks and read each one: cutting it
        # again costs less than going through its tokens, and the chunks that did not
        # change since the last version come formatted from memory.
        if self.parser is None:
            return SourceFile.canonical.func(self)  # type: ignore[attr-defined]
        return format_preserving_newlines(self.text)
