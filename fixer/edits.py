"""Edit verbs in the spirit of hclwrite: each returns text edits, canonical and minimal.

Every verb works on one SourceFile and returns TextEdits. Inserted text is formatted
at its indentation with the formatter; when an edit touches a run of one-line
attributes whose `=` signs line up, the run is realigned exactly as `terraform fmt`
would, and nothing else in the file moves.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Sequence

from fixer.apply import apply_edits
from fixer.findings import CreateFile, TextEdit
from fixer.model.files import SourceFile
from fixer.syntax.cst import Attribute, Block, Body, Item, Template
from fixer.syntax.format import format_fragment

INDENT = "  "


class EditError(ValueError):
    """A verb asked for something the file cannot take (e.g. a node of another file)."""


class Editor:
    """Edits for one parsed file."""

    def __init__(self, source: SourceFile) -> None:
        if source.tree is None:
            raise EditError(f"{source.rel} does not parse; it cannot be edited")
        self.source = source
        self.tree = source.tree
        self.text = source.text
        self._levels: dict[int, int] = {}
        self._owners: dict[int, Body] = {}
        self._index(self.tree.body, 0)

    def _index(self, body: Body, level: int) -> None:
        # An explicit stack: nested blocks may be deep.
        stack = [(body, level)]
        while stack:
            body, level = stack.pop()
            self._levels[id(body)] = level
            for item in body.items:
                self._owners[id(item)] = body
                if isinstance(item, Block):
                    stack.append((item.body, level + 1))

    # ------------------------------------------------------------ lookups

    def body_of(self, owner: Block | None) -> Body:
        return self.tree.body if owner is None else owner.body

    def level(self, body: Body) -> int:
        try:
            return self._levels[id(body)]
        except KeyError:
            raise EditError("the node does not belong to this file") from None

    def parent_body(self, item: Item) -> Body:
        try:
            return self._owners[id(item)]
        except KeyError:
            raise EditError("the node does not belong to this file") from None

    def _edit(self, start: int, end: int, content: str) -> TextEdit:
        return TextEdit(self.source.rel, start, end, content)

    # ------------------------------------------------------------ attributes

    def set_attribute(self, owner: Block | None, name: str, value: str) -> list[TextEdit]:
        """Set `name = value` in a body: replace the value if present, else add the line."""
        body = self.body_of(owner)
        existing = body.attribute(name)
        if existing is None:
            return self.insert_attribute(owner, name, value)
        return self.replace_value(existing, value)

    def replace_value(self, attribute: Attribute, value: str) -> list[TextEdit]:
        """Replace an attribute's expression with `value` (HCL source), realigning its run."""
        body = self.parent_body(attribute)
        index = body.items.index(attribute)
        line = f"{attribute.name} = {value}{self._line_comment_suffix(attribute)}"
        return self._rewrite_run(body, index, index + 1, [line])

    def rename_attribute(self, attribute: Attribute, new_name: str) -> list[TextEdit]:
        body = self.parent_body(attribute)
        index = body.items.index(attribute)
        rest = self.text[attribute.name_token.end : self._line_end(attribute)]
        return self._rewrite_run(body, index, index + 1, [new_name + rest])

    def remove_attribute(self, attribute: Attribute) -> list[TextEdit]:
        """Remove an attribute with its lead comments, line comment, newline and indent."""
        return self._remove(attribute)

    def remove_block(self, block: Block) -> list[TextEdit]:
        """Remove a block with its lead comments, line comment, newline and indentation."""
        return self._remove(block)

    def insert_attribute(
        self, owner: Block | None, name: str, value: str, after: Item | None = None
    ) -> list[TextEdit]:
        """Add `name = value` after `after`, else after the body's last attribute."""
        body = self.body_of(owner)
        if after is None:
            attributes = [item for item in body.items if isinstance(item, Attribute)]
            if attributes:
                after = attributes[-1]
            elif body.items:
                return self._insert_before_item(body, body.items[0], f"{name} = {value}", True)
        return self.insert_after(owner, f"{name} = {value}", after)

    # ------------------------------------------------------------ blocks and text

    def insert_after(
        self, owner: Block | None, text: str, after: Item | None = None
    ) -> list[TextEdit]:
        """Insert attributes or blocks (HCL source) after a sibling, or at the body's end."""
        body = self.body_of(owner)
        if after is None and body.items:
            after = body.items[-1]
        text = text.strip("\n")
        is_block = _starts_block(text)
        if after is None:
            return self._insert_into_empty(owner, body, text)
        index = body.items.index(after)
        separated = is_block or isinstance(after, Block)
        if not separated:
            return self._rewrite_run(body, index + 1, index + 1, [text])
        formatted = format_fragment(text + "\n", self.level(body))
        at = after.full_end
        prefix = "" if self.text[:at].endswith("\n") else "\n"
        return [self._edit(at, at, prefix + "\n" + formatted)]

    def append_block(self, owner: Block | None, text: str) -> list[TextEdit]:
        """Append a block (HCL source) at the end of a body, after a blank line."""
        return self.insert_after(owner, text, None)

    def _insert_before_item(
        self, body: Body, item: Item, text: str, blank_after: bool
    ) -> list[TextEdit]:
        formatted = format_fragment(text + "\n", self.level(body))
        at = item.full_start
        return [self._edit(at, at, formatted + ("\n" if blank_after else ""))]

    def _insert_into_empty(self, owner: Block | None, body: Body, text: str) -> list[TextEdit]:
        level = self.level(body)
        formatted = format_fragment(text + "\n", level)
        if owner is None:
            at = len(self.text)
            prefix = "" if not self.text or self.text.endswith("\n") else "\n"
            return [self._edit(at, at, prefix + formatted)]
        open_end = owner.open_brace.end
        close_start = owner.close_brace.start
        between = self.text[open_end:close_start]
        if "\n" in between:
            # `x {\n}`: put the text on its own lines before the closing brace line.
            line_start = self.text.rfind("\n", 0, close_start) + 1
            return [self._edit(line_start, line_start, formatted)]
        closing_indent = INDENT * (level - 1)
        return [self._edit(open_end, close_start, "\n" + formatted + closing_indent)]

    # ------------------------------------------------------------ runs of attributes

    def _line_end(self, item: Item) -> int:
        """Offset just before the newline ending the item's last line (comment included)."""
        end = item.full_end
        if self.text[:end].endswith("\r\n"):
            return end - 2
        if self.text[:end].endswith("\n"):
            return end - 1
        return end

    def _line_comment_suffix(self, item: Item) -> str:
        if item.line_comment is None:
            return ""
        return " " + item.line_comment.text

    def _line_start(self, offset: int) -> int:
        return self.text.rfind("\n", 0, offset) + 1

    def _adjacent(self, first: Item, second: Item) -> bool:
        return first.full_end == second.full_start and not second.lead_comments

    def _aligns(self, item: Item) -> bool:
        """Whether the item takes part in `=` alignment: a one-line attribute or a heredoc."""
        if not isinstance(item, Attribute):
            return False
        if isinstance(item.expr, Template) and item.expr.heredoc:
            return True
        return "\n" not in self.text[item.start : item.end]

    def _rewrite_run(
        self,
        body: Body,
        lo: int,
        hi: int,
        replacement: Sequence[str],
        drop_lead_comments: bool = False,
    ) -> list[TextEdit]:
        """Replace items[lo:hi] by replacement lines, re-rendering the aligned run around them.

        The region grows over neighbours that align (one-line attributes, adjacent, without
        lead comments between) so that the formatter sees the whole run of `=` signs and
        aligns it as `terraform fmt` does; unchanged lines are then trimmed off the edit.
        """
        items = body.items
        first = lo
        while first > 0 and self._aligns(items[first - 1]):
            joins = (lo == hi and first == lo) or self._adjacent(items[first - 1], items[first])
            if not joins:
                break
            first -= 1
        last = hi
        while last < len(items) and last > 0 and self._aligns(items[last]):
            if not self._adjacent(items[last - 1], items[last]):
                break
            last += 1
        texts: list[str] = []
        for i in range(first, last):
            if i == lo:
                texts.extend(replacement)
            if not lo <= i < hi:
                texts.append(self.text[items[i].start : self._line_end(items[i])])
        if lo >= last:
            texts.extend(replacement)
        if first < last:
            start = self._line_start(items[first].start)
            if drop_lead_comments and first == lo:
                start = items[lo].full_start
            end = items[last - 1].full_end
        else:
            start = end = items[lo - 1].full_end
        formatted = format_fragment("\n".join(texts) + "\n", self.level(body)) if texts else ""
        if start == end and not self.text[:start].endswith("\n"):
            formatted = "\n" + formatted.removesuffix("\n")
        elif end > start and not self.text[:end].endswith("\n"):
            formatted = formatted.removesuffix("\n")
        return self._minimal(start, end, formatted)

    def _remove(self, item: Item) -> list[TextEdit]:
        body = self.parent_body(item)
        items = body.items
        index = items.index(item)
        before = items[index - 1] if index > 0 else None
        after = items[index + 1] if index + 1 < len(items) else None
        in_run = (before is not None and self._aligns(before) and self._adjacent(before, item)) or (
            after is not None and self._aligns(after) and self._adjacent(item, after)
        )
        if not in_run:
            return [self._deletion_with_blank_lines(item)]
        return self._rewrite_run(body, index, index + 1, [], drop_lead_comments=True)

    def _deletion_with_blank_lines(self, item: Item) -> TextEdit:
        """Delete an item; if that leaves two blank lines together, take one with it."""
        start, end = item.full_start, item.full_end
        text = self.text
        blank_before = text[:start].endswith("\n\n") or text[:start].endswith("\n\r\n")
        rest = text[end:]
        blank_after = rest.startswith("\n") or rest.startswith("\r\n")
        if blank_before and blank_after:
            end += 2 if rest.startswith("\r\n") else 1
        elif blank_before and self._at_body_end(rest):
            start -= 2 if text[:start].endswith("\r\n") else 1
        elif blank_after and (start == 0 or self._at_body_start(text[:start])):
            end += 2 if rest.startswith("\r\n") else 1
        return self._edit(start, end, "")

    @staticmethod
    def _at_body_start(before: str) -> bool:
        """Whether the text before an item's line ends with a block's opening line."""
        return before.endswith(("{\n", "{\r\n"))

    @staticmethod
    def _at_body_end(rest: str) -> bool:
        stripped = rest.lstrip(" \t")
        return stripped == "" or stripped.startswith("}")

    def _minimal(self, start: int, end: int, content: str) -> list[TextEdit]:
        """One edit for text[start:end] -> content, trimmed to the lines that change."""
        if self.text[start:end] == content:
            return []
        return [minimal_edit(self.source, start, end, content)]


def minimal_edit(source: SourceFile, start: int, end: int, content: str) -> TextEdit:
    """The edit source.text[start:end] -> content, without the leading and trailing
    lines that stay the same (so a diff shows only what changes)."""
    old_lines = source.text[start:end].splitlines(keepends=True)
    new_lines = content.splitlines(keepends=True)
    head = 0
    while head < min(len(old_lines), len(new_lines)) and old_lines[head] == new_lines[head]:
        head += 1
    tail = 0
    while (
        tail < min(len(old_lines), len(new_lines)) - head
        and old_lines[-1 - tail] == new_lines[-1 - tail]
    ):
        tail += 1
    cut_start = start + sum(len(line) for line in old_lines[:head])
    cut_end = end - sum(len(line) for line in old_lines[len(old_lines) - tail :])
    replacement = "".join(new_lines[head : len(new_lines) - tail])
    return TextEdit(source.rel, cut_start, cut_end, replacement)


def _starts_block(text: str) -> bool:
    first_line = text.lstrip().split("\n", 1)[0]
    return first_line.rstrip().endswith("{") and "=" not in first_line.split("{", 1)[0]


def append_paragraph(source: SourceFile, content: str) -> TextEdit:
    """An edit appending content at the end of a file (of any kind) after one blank line:
    none in an empty file, and no second one after a blank line."""
    text = source.text
    if not text or text.endswith(("\n\n", "\n\r\n")):
        gap = ""
    elif text.endswith("\n"):
        gap = "\n"
    else:
        gap = "\n\n"
    return TextEdit.insertion(source.rel, len(text), gap + content)


def create_file(path: str, content: str) -> CreateFile:
    """A change that creates a new file (the engine refuses it if the file exists)."""
    return CreateFile(path, content if content.endswith("\n") else content + "\n")


Step = Callable[[Editor], list[TextEdit]]


def sequential_edits(source: SourceFile, steps: Sequence[Step]) -> list[TextEdit]:
    """Apply verbs one after the other, each on the result of the previous ones.

    Each step gets an Editor of the current text (so it finds its nodes again); the
    whole change comes back as minimal line edits of the original text. Use it when
    two verbs touch the same lines, e.g. two values in one aligned run, whose edits
    could not be applied together.
    """
    text = source.text
    current = source
    for step in steps:
        text = apply_edits(text, step(Editor(current)), source.newline)
        current = SourceFile(source.rel, text, source.bom)
    return line_edits(source, text)


def line_edits(source: SourceFile, new_text: str) -> list[TextEdit]:
    """Minimal edits turning a file's text into `new_text`, one per changed line range."""
    old = source.text.splitlines(keepends=True)
    new = new_text.splitlines(keepends=True)
    offsets = [0]
    for line in old:
        offsets.append(offsets[-1] + len(line))
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    return [
        TextEdit(source.rel, offsets[i1], offsets[i2], "".join(new[j1:j2]))
        for tag, i1, i2, j1, j2 in matcher.get_opcodes()
        if tag != "equal"
    ]
