"""Parser from tokens to the concrete syntax tree, with Terraform's rules.

It descends the grammar as a recursive-descent parser would, but each construct that
can nest (a block, a bracketed or braced expression, a template ...) is a generator
that yields the parser of what nests inside it and receives the node back; `_run`
drives them on an explicit stack. So nesting is bounded by MAX_NESTING, not by
Python's stack or its recursion limit. Tokens are read from parallel lists of kinds,
texts and offsets; Token objects are made only for the tokens the tree keeps.
"""

from __future__ import annotations

from itertools import accumulate
from sys import intern
from typing import Any

from fixer.syntax import tokens as t
from fixer.syntax.cst import NO_COMMENTS, Attribute, Block, Body, Expression, File, Item, Label
from fixer.syntax.lexer import scan
from fixer.syntax.parse_expressions import ExpressionParser
from fixer.syntax.parse_state import MAX_NESTING, MULTILINE_STRING, UNTERMINATED, Parsing
from fixer.syntax.source import BOM, decode
from fixer.syntax.tokens import Token, TokenList
from fixer.syntax.values import unescape_quoted

__all__ = ["MAX_NESTING", "parse", "parse_chunk", "parse_expression"]


def parse(source: str | bytes, path: str = "<input>") -> File:
    """Parse a whole `.tf`, `.tfvars` or `.tftest.hcl` file.

    Bytes are decoded as UTF-8. A leading byte-order mark stays in `File.text`, where
    terraform reads it as whitespace (terraform fmt removes it). Raises HCLSyntaxError,
    and nothing else, for input Terraform rejects.
    """
    if isinstance(source, bytes):
        decoded = decode(source, path)
        text = BOM + decoded.text if decoded.bom else decoded.text
    else:
        text = source
    tokens, items = parse_chunk(text, 0, path)
    return File(0, len(text), text, tokens, Body(0, len(text), items), path)


def parse_chunk(text: str, offset: int, path: str = "<input>") -> tuple[TokenList, list[Item]]:
    """The tokens (EOF last) and top-level items of a text that starts at `offset` in a
    larger file: every span is shifted by `offset`. An error's line and column count
    from the start of `text`."""
    kinds, texts = scan(text)
    starts = list(accumulate(map(len, texts), initial=offset))  # the end of EOF last
    parser = _Parser(text, kinds, texts, starts, path, offset)
    if offset and text.startswith(BOM):  # a byte-order mark is whitespace only at the start
        parser.fail(_invalid_character_message(BOM), offset)
    if t.INVALID in kinds:
        invalid = kinds.index(t.INVALID)
        parser.fail(_invalid_character_message(texts[invalid]), starts[invalid])
    items = _run(parser.body_items(None))
    spans = [offset for item in items for offset in (item.start, item.end)]
    return TokenList(text, offset, kinds, starts, parser.held, spans), items


def parse_expression(text: str) -> Expression:
    """Parse one expression (as written in HCL source), e.g. for a codemod's new value."""
    file = parse(f"x = {text}\n", "<expression>")
    (item,) = file.body.items
    assert isinstance(item, Attribute)
    return item.expr


def _run(parsing: Parsing) -> Any:
    """Drive a parsing generator: run each generator it yields (and those yield) to its
    end, in turn, on an explicit stack, and send its node back to the one that yielded it."""
    stack: list[Parsing] = []
    push = stack.append
    pop = stack.pop
    value: Any = None
    while True:
        try:
            nested = parsing.send(value)
        except StopIteration as done:
            if not stack:
                return done.value
            parsing = pop()
            value = done.value
            continue
        push(parsing)
        parsing = nested
        value = None


class _Parser(ExpressionParser):
    """The whole parser: bodies, blocks and comments here, expressions in its bases."""

    # ------------------------------------------------------------ structure

    def body_items(self, open_brace: int | None) -> Parsing:
        items: list[Item] = []
        seen: dict[str, Attribute] = {}
        kinds = self.sig_kinds
        while True:
            pos = self.pos
            kind = kinds[pos]
            if kind == t.NEWLINE:
                self.pos = pos + 1
                continue
            if kind == t.CBRACE and open_brace is not None:
                return items
            if kind == t.EOF:
                if open_brace is not None:
                    self.fail(
                        "Unclosed configuration block: there is no closing brace for this "
                        "block before the end of the file",
                        self.sig_starts[open_brace],
                    )
                return items
            if kind != t.IDENT:
                self.fail(
                    "Argument or block definition required: an argument or block "
                    "definition is required here",
                    self.sig_starts[pos],
                )
            following = kinds[pos + 1]
            if following == t.EQUAL:
                self.pos = pos + 2
                expr = self.simple_expression()
                if expr is None:
                    expr = yield self.expression()
                attr = self.attribute(pos, expr)
                self.end_of_line(
                    "Missing newline after argument: an argument definition must end with a newline"
                )
                name = attr.identifier
                if name in seen:
                    self.fail(
                        f"Attribute redefined: the argument {name!r} was already set",
                        attr.start,
                    )
                seen[name] = attr
                items.append(attr)
            elif following == t.OQUOTE or following == t.IDENT or following == t.OBRACE:
                items.append((yield self.block()))
                self.end_of_line(
                    "Missing newline after block definition: a block definition must end "
                    "with a newline"
                )
            else:
                self.fail(
                    "Argument or block definition required: an argument or block "
                    "definition is required here; to set an argument, use the equals "
                    'sign "=" to introduce the argument value',
                    self.sig_starts[pos + 1],
                )

    def end_of_line(self, message: str) -> None:
        kind = self.sig_kinds[self.pos]
        if kind == t.NEWLINE:
            self.pos += 1
        elif kind != t.EOF:
            self.fail(message, self.sig_starts[self.pos])

    def attribute(self, name_index: int, expr: Expression) -> Attribute:
        """The attribute whose name is significant token name_index and value expr (just
        parsed)."""
        name = self.sig_texts[name_index]
        start = self.sig_starts[name_index]
        attr = Attribute(start, expr.end, NO_COMMENTS, None, start, expr.end, name, expr)
        return self.finish_item(attr, name_index)

    def block(self) -> Parsing:
        self.enter()
        kinds = self.sig_kinds
        type_index = self.pos
        self.pos += 1
        labels: list[Label] = []
        while True:
            j = self.pos
            kind = kinds[j]
            if kind == t.IDENT:
                start = self.sig_starts[j]
                text = self.sig_texts[j]
                labels.append(Label(start, self.end(j), text, False))
                self.pos = j + 1
            elif kind == t.OQUOTE:
                labels.append(self.label())
            elif kind == t.OBRACE:
                break
            else:
                self.fail(
                    "Invalid block definition: either a quoted string block label or an "
                    'opening brace ("{") is expected here',
                    self.sig_starts[j],
                )
        open_index = self.pos
        self.pos += 1
        after = kinds[self.pos]
        items: list[Item]
        if after == t.NEWLINE:
            items = yield self.body_items(open_index)
        elif after == t.CBRACE:
            items = []
        else:
            items = yield self.single_line_body()
        close_index = self.pos
        self.pos += 1
        start = self.sig_starts[type_index]
        end = self.end(close_index)
        body = Body(self.end(open_index), self.sig_starts[close_index], items)
        block = Block(
            start, end, NO_COMMENTS, None, start, end, self.sig_texts[type_index], labels, body
        )
        self.depth -= 1
        return self.finish_item(block, type_index)

    def single_line_body(self) -> Parsing:
        j = self.pos
        if self.sig_kinds[j] != t.IDENT or self.sig_kinds[j + 1] != t.EQUAL:
            self.fail(
                "Invalid single-argument block definition: a single-line block definition "
                "can contain only a single argument definition",
                self.sig_starts[j],
            )
        self.pos = j + 2
        expr = self.simple_expression()
        if expr is None:
            expr = yield self.expression()
        attr = self.attribute(j, expr)
        if self.sig_kinds[self.pos] != t.CBRACE:
            self.fail(
                "Invalid single-argument block definition: a single-line block definition "
                "must end with a closing brace immediately after its single argument",
                self.sig_starts[self.pos],
            )
        return [attr]

    def label(self) -> Label:
        kinds = self.sig_kinds
        open_quote = self.pos
        self.pos += 1
        value: list[str] = []
        while True:
            j = self.pos
            kind = kinds[j]
            if kind == t.QUOTED_LIT:
                self.check_escapes(j)
                value.append(self.sig_texts[j])
                self.pos = j + 1
            elif kind == t.CQUOTE:
                self.pos = j + 1
                start = self.sig_starts[open_quote]
                label = intern(unescape_quoted("".join(value)))  # resource types repeat
                return Label(start, self.end(j), label, True)
            elif kind == t.QUOTED_NEWLINE:
                self.fail(MULTILINE_STRING, self.sig_starts[j])
            elif kind == t.EOF:
                self.fail(UNTERMINATED, self.sig_starts[open_quote])
            else:
                self.fail(
                    "Invalid string literal: template sequences are not allowed in a block label",
                    self.sig_starts[j],
                )

    # ------------------------------------------------------------ comments

    def finish_item(self, item: Item, first_index: int) -> Item:
        """Attach lead and line comments and compute the item's full extent; the item
        starts at significant token first_index and ends just before self.pos."""
        kinds = self.kinds
        texts = self.texts
        starts = self.starts
        first = self.sig_index[first_index]
        i = self.sig_index[self.pos - 1] + 1  # the token just after the item

        # Line comment and end of line.
        if kinds[i] == t.SPACE:
            i += 1
        if kinds[i] == t.COMMENT and "\n" not in texts[i]:
            item.line_comment = self.any_token(i)
            item.full_end = starts[i + 1]
            i += 1
            if kinds[i] == t.SPACE:
                i += 1
        if kinds[i] == t.NEWLINE:
            item.full_end = starts[i + 1]  # the next item's full_start, the same int

        # Lead comments: comment lines right above, with nothing else on them.
        i = first - 1
        if i >= 0 and kinds[i] == t.SPACE:
            i -= 1
        if i >= 0 and kinds[i] != t.NEWLINE:
            return item  # not at the start of a line
        item.full_start = starts[i + 1] if i + 1 < first else item.start
        lead: list[Token] = []
        while i >= 1:
            j = i - 1
            if kinds[j] != t.COMMENT:
                break
            k = j - 1
            if k >= 0 and kinds[k] == t.SPACE:
                k -= 1
            if k >= 0 and kinds[k] != t.NEWLINE:
                break
            lead.append(self.any_token(j))
            item.full_start = starts[k + 1] if k + 1 < j else starts[j]
            i = k
        if lead:
            lead.reverse()
            item.lead_comments = lead
        if item.full_start == 0 and self.text.startswith(BOM):
            item.full_start = 1  # the first line's indentation, not the byte-order mark
        return item


def _invalid_character_message(char: str) -> str:
    if char in "'`":
        return (
            "Invalid character: single quotes and backticks are not valid; "
            'use double quotes (") to enclose strings'
        )
    if char in "&|":
        return 'Invalid character: use "&&" and "||" for logical operators'
    if char.isprintable():
        return f"Invalid character: {char!r} is not used within the language"
    return f"Invalid character: U+{ord(char):04X} is not used within the language"
