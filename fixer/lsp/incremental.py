"""Re-parsing an edited buffer chunk by chunk, reusing the trees of the chunks that did not change."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache, cached_property
from operator import attrgetter

from fixer.model.files import SourceFile
from fixer.syntax import tokens as t
from fixer.syntax.chunks import closed_chunks, format_chunks
from fixer.syntax.cst import Attribute, Body, File, Item, Node
from fixer.syntax.errors import HCLSyntaxError
from fixer.syntax.parser import parse, parse_chunk
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
        # The closed chunks of the text last parsed, with their tokens (none when the
        # whole text was parsed at once); only the tokens' kinds and texts stay valid.
        self.chunks: list[tuple[str, list[Token]]] = []

    def parse(self, text: str, path: str = "<input>") -> File:
        self.chunks = []
        pieces = closed_chunks(text)
        if len(pieces) < 2:
            self._chunks = {}
            return parse(text, path)
        kept: dict[str, list[_Chunk]] = {}
        tokens: list[Token] = []
        items: list[Item] = []
        chunks: list[tuple[str, list[Token]]] = []
        offset = 0
        for piece in pieces:
            spare = self._chunks.get(piece)
            try:
                chunk = spare.pop() if spare else _Chunk(piece, offset)
            except HCLSyntaxError:
                self._chunks = kept
                return parse(text, path)
            chunk.move(offset)
            kept.setdefault(piece, []).append(chunk)
            chunks.append((piece, chunk.tokens))
            tokens.extend(chunk.tokens)
            items.extend(chunk.items)
            offset += len(piece)
        self._chunks = kept
        names = [item.name for item in items if isinstance(item, Attribute)]
        if len(set(names)) != len(names):
            return parse(text, path)  # "Attribute redefined" spans chunks
        self.chunks = chunks
        tokens.append(Token(t.EOF, "", len(text)))
        return File(0, len(text), text, tokens, Body(0, len(text), items), path)


class _Chunk:
    """A closed chunk's tokens and top-level items, parsed where the chunk starts, and
    (once it has to move) every node below them."""

    __slots__ = ("_nodes", "items", "offset", "tokens")

    def __init__(self, text: str, offset: int) -> None:
        tokens, self.items = parse_chunk(text, offset)
        self.tokens = tokens[:-1]  # without EOF
        self.offset = offset
        self._nodes: list[Node] | None = None

    def move(self, offset: int) -> None:
        delta = offset - self.offset
        if not delta:
            return
        for token in self.tokens:
            token.start += delta
        if self._nodes is None:
            self._nodes = _nodes(self.items)
        for node in self._nodes:
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
        if type(value) is tuple or type(value) is list:  # nodes keep their lists as tuples
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
    """A function giving a node's field values, as a tuple (every node has at least two
    fields, `start` and `end`, so attrgetter always gives a tuple)."""
    return attrgetter(*_fields(cls))


@dataclass(eq=False)
class BufferSource(SourceFile):
    """An open buffer as a SourceFile, parsed by its buffer's IncrementalParser."""

    parser: IncrementalParser | None = field(default=None, repr=False)
    _chunks: list[tuple[str, list[Token]]] = field(default_factory=list, init=False, repr=False)

    @cached_property
    def _parsed(self) -> tuple[File | None, HCLSyntaxError | None]:
        if self.parser is None or not self.is_hcl:
            return SourceFile._parsed.func(self)  # type: ignore[attr-defined]
        try:
            return self.parser.parse(self.text, self.rel), None
        except HCLSyntaxError as error:
            return None, error
        finally:
            self._chunks = self.parser.chunks

    @cached_property
    def canonical(self) -> str:
        # Formatted chunk by chunk as the parser cut the text, with the tokens it read:
        # the chunks that did not change since the last version come from memory.
        if self.tree is None or not self._chunks or "\r\n" in self.text:
            return SourceFile.canonical.func(self)  # type: ignore[attr-defined]
        return format_chunks(self.text, self._chunks)
