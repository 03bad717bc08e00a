"""Recursive-descent parser from tokens to the concrete syntax tree, with Terraform's rules."""

from __future__ import annotations

import re
from bisect import bisect_left
from itertools import accumulate, compress, repeat
from typing import NoReturn

from fixer.syntax import tokens as t
from fixer.syntax.cst import (
    Attribute,
    BinaryOp,
    Block,
    Body,
    Conditional,
    Expression,
    File,
    ForExpr,
    FunctionCall,
    GetAttr,
    Index,
    Item,
    Label,
    LegacyIndex,
    LiteralValue,
    Object,
    ObjectItem,
    Parens,
    Splat,
    Step,
    Template,
    TemplateDirective,
    TemplateInterpolation,
    TemplateLiteral,
    TemplatePart,
    Traversal,
    Tuple,
    UnaryOp,
    Variable,
)
from fixer.syntax.errors import HCLSyntaxError
from fixer.syntax.lexer import scan
from fixer.syntax.source import BOM, decode
from fixer.syntax.tokens import LineIndex, Token

MAX_NESTING = 120

_BINARY_PRECEDENCE = {
    t.OR: 1,
    t.AND: 2,
    t.EQUAL_OP: 3,
    t.NOT_EQUAL: 3,
    t.GREATER: 4,
    t.GREATER_EQ: 4,
    t.LESS: 4,
    t.LESS_EQ: 4,
    t.PLUS: 5,
    t.MINUS: 5,
    t.STAR: 6,
    t.SLASH: 6,
    t.PERCENT: 6,
}
_SIGNIFICANT = {t.SPACE: False, t.COMMENT: False}  # .get(kind, True)
# Tokens after a term that make it part of a larger expression (a newline too, where
# newlines are not significant).
_CONTINUATIONS = frozenset(
    {*_BINARY_PRECEDENCE, t.QUESTION, t.DOT, t.OBRACK, t.OPAREN, t.DOUBLE_COLON}
)
_KEYWORD_LITERALS = frozenset({"true", "false", "null"})
_DIRECTIVE_OPENERS = {"if": "endif", "else": "endif", "for": "endfor"}
# Go's number syntax, which Terraform parses numbers with, allows "1.e5".
_NUMBER = re.compile(r"[0-9]+(?:\.[0-9]*)?(?:[eE][+-]?[0-9]+)?")
_ESCAPE = re.compile(r"\\(?:[nrt\"\\]|u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|(.|$))", re.DOTALL)


def parse(source: str | bytes, path: str = "<input>") -> File:
    """Parse a whole `.tf`, `.tfvars` or `.tftest.hcl` file.

    Bytes are decoded as UTF-8 and a leading byte-order mark is dropped (it is not part of
    `File.text`). Raises HCLSyntaxError, and nothing else, for input Terraform rejects.
    """
    text = decode(source, path).text if isinstance(source, bytes) else source.removeprefix(BOM)
    tokens, items = parse_chunk(text, 0, path)
    return File(0, len(text), text, tokens, Body(0, len(text), items), path)


def parse_chunk(text: str, offset: int, path: str = "<input>") -> tuple[list[Token], list[Item]]:
    """The tokens (EOF last) and top-level items of a text that starts at `offset` in a
    larger file: every span is shifted by `offset`. An error's line and column count
    from the start of `text`."""
    kinds, texts = scan(text)
    starts = list(accumulate(map(len, texts), initial=offset))
    starts.pop()  # the end of the EOF token
    tokens = list(map(Token, kinds, texts, starts))
    parser = _Parser(text, tokens, kinds, starts, path, offset)
    if t.INVALID in kinds:
        invalid = kinds.index(t.INVALID)
        parser.fail(_invalid_character_message(texts[invalid]), starts[invalid])
    try:
        return tokens, parser.parse_body_items(None)
    except RecursionError:
        parser.fail("Nesting too deep: the expression or block nesting is too deep to parse")


def parse_expression(text: str) -> Expression:
    """Parse one expression (as written in HCL source), e.g. for a codemod's new value."""
    file = parse(f"x = {text}\n", "<expression>")
    (item,) = file.body.items
    assert isinstance(item, Attribute)
    return item.expr


class _Parser:
    def __init__(
        self,
        text: str,
        tokens: list[Token],
        kinds: list[str],
        starts: list[int],
        path: str,
        offset: int = 0,
    ) -> None:
        self.text = text
        self.offset = offset  # of the text in the file
        self.tokens = tokens
        self.starts = starts  # of the tokens
        self.path = path
        # The tokens but spaces and comments.
        self.sig = list(compress(tokens, map(_SIGNIFICANT.get, kinds, repeat(True))))
        self.pos = 0
        self.newlines = [True]
        self.depth = 0
        self._lines: LineIndex | None = None

    # ------------------------------------------------------------ plumbing

    def fail(self, message: str, offset: int | None = None) -> NoReturn:
        if offset is None:
            offset = self.sig[min(self.pos, len(self.sig) - 1)].start
        if self._lines is None:
            self._lines = LineIndex(self.text)
        where = self._lines.position(offset - self.offset)
        raise HCLSyntaxError(message, where.line, where.column, self.path)

    def peek(self) -> Token:
        tok = self.sig[self.pos]
        if tok.kind == t.NEWLINE and not self.newlines[-1]:
            pos = self.pos
            sig = self.sig
            while sig[pos].kind == t.NEWLINE:
                pos += 1
            self.pos = pos
            return sig[pos]
        return tok

    def take(self) -> Token:
        tok = self.peek()
        if tok.kind != t.EOF:
            self.pos += 1
        return tok

    def expect(self, kind: str, message: str) -> Token:
        tok = self.peek()
        if tok.kind != kind:
            self.fail(message, tok.start)
        self.pos += 1
        return tok

    def enter(self) -> None:
        self.depth += 1
        if self.depth > MAX_NESTING:
            self.fail(f"Nesting too deep: more than {MAX_NESTING} levels of nesting")

    # ------------------------------------------------------------ structure

    def parse_body_items(self, open_brace: Token | None) -> list[Item]:
        items: list[Item] = []
        seen: dict[str, Attribute] = {}
        sig = self.sig
        while True:
            tok = sig[self.pos]
            kind = tok.kind
            if kind == t.NEWLINE:
                self.pos += 1
                continue
            if kind == t.CBRACE and open_brace is not None:
                return items
            if kind == t.EOF:
                if open_brace is not None:
                    self.fail(
                        "Unclosed configuration block: there is no closing brace for this "
                        "block before the end of the file",
                        open_brace.start,
                    )
                return items
            if kind != t.IDENT:
                self.fail(
                    "Argument or block definition required: an argument or block "
                    "definition is required here",
                    tok.start,
                )
            following = sig[self.pos + 1].kind
            if following == t.EQUAL:
                attr = self.parse_attribute()
                self.end_of_line(
                    "Missing newline after argument: an argument definition must end with a newline"
                )
                if attr.name in seen:
                    self.fail(
                        f"Attribute redefined: the argument {attr.name!r} was already set",
                        attr.start,
                    )
                seen[attr.name] = attr
                items.append(attr)
            elif following == t.OQUOTE or following == t.IDENT or following == t.OBRACE:
                items.append(self.parse_block())
                self.end_of_line(
                    "Missing newline after block definition: a block definition must end "
                    "with a newline"
                )
            else:
                self.fail(
                    "Argument or block definition required: an argument or block "
                    "definition is required here; to set an argument, use the equals "
                    'sign "=" to introduce the argument value',
                    sig[self.pos + 1].start,
                )

    def end_of_line(self, message: str) -> None:
        tok = self.sig[self.pos]
        if tok.kind == t.NEWLINE:
            self.pos += 1
        elif tok.kind != t.EOF:
            self.fail(message, tok.start)

    def parse_attribute(self) -> Attribute:
        name = self.sig[self.pos]
        self.pos += 2  # name and "="
        expr = self.parse_expression()
        return self.finish_item(
            Attribute(name.start, expr.end, [], None, name.start, expr.end, name, expr)
        )

    def parse_block(self) -> Block:
        self.enter()
        type_token = self.sig[self.pos]
        self.pos += 1
        labels: list[Label] = []
        while True:
            tok = self.sig[self.pos]
            if tok.kind == t.IDENT:
                labels.append(Label(tok.start, tok.end, tok.text, False))
                self.pos += 1
            elif tok.kind == t.OQUOTE:
                labels.append(self.parse_label())
            elif tok.kind == t.OBRACE:
                break
            else:
                self.fail(
                    "Invalid block definition: either a quoted string block label or an "
                    'opening brace ("{") is expected here',
                    tok.start,
                )
        open_brace = self.sig[self.pos]
        self.pos += 1
        after = self.sig[self.pos]
        items: list[Item]
        if after.kind == t.NEWLINE:
            items = self.parse_body_items(open_brace)
        elif after.kind == t.CBRACE:
            items = []
        else:
            items = self.parse_single_line_body()
        close_brace = self.sig[self.pos]
        self.pos += 1
        body = Body(open_brace.end, close_brace.start, items)
        block = Block(
            type_token.start,
            close_brace.end,
            [],
            None,
            type_token.start,
            close_brace.end,
            type_token,
            labels,
            body,
            open_brace,
            close_brace,
        )
        self.depth -= 1
        return self.finish_item(block)

    def parse_single_line_body(self) -> list[Item]:
        tok = self.sig[self.pos]
        if tok.kind != t.IDENT or self.sig[self.pos + 1].kind != t.EQUAL:
            self.fail(
                "Invalid single-argument block definition: a single-line block definition "
                "can contain only a single argument definition",
                tok.start,
            )
        attr = self.parse_attribute()
        if self.sig[self.pos].kind != t.CBRACE:
            self.fail(
                "Invalid single-argument block definition: a single-line block definition "
                "must end with a closing brace immediately after its single argument",
                self.sig[self.pos].start,
            )
        return [attr]

    def parse_label(self) -> Label:
        open_quote = self.sig[self.pos]
        self.pos += 1
        value: list[str] = []
        while True:
            tok = self.sig[self.pos]
            if tok.kind == t.QUOTED_LIT:
                self.check_escapes(tok)
                value.append(tok.text)
                self.pos += 1
            elif tok.kind == t.CQUOTE:
                self.pos += 1
                from fixer.syntax.values import unescape_quoted

                return Label(open_quote.start, tok.end, unescape_quoted("".join(value)), True)
            elif tok.kind == t.QUOTED_NEWLINE:
                self.fail(_MULTILINE_STRING, tok.start)
            elif tok.kind == t.EOF:
                self.fail(_UNTERMINATED, open_quote.start)
            else:
                self.fail(
                    "Invalid string literal: template sequences are not allowed in a block label",
                    tok.start,
                )

    # ------------------------------------------------------------ comments

    def finish_item(self, item: Item) -> Item:
        """Attach lead and line comments and compute the item's full extent."""
        tokens = self.tokens
        first = bisect_left(self.starts, item.start)
        last = bisect_left(self.starts, item.end)  # token just after the item

        # Line comment and end of line.
        i = last
        if tokens[i].kind == t.SPACE:
            i += 1
        if tokens[i].kind == t.COMMENT and "\n" not in tokens[i].text:
            item.line_comment = tokens[i]
            item.full_end = tokens[i].end
            i += 1
            if tokens[i].kind == t.SPACE:
                i += 1
        if tokens[i].kind == t.NEWLINE:
            item.full_end = tokens[i].end

        # Lead comments: comment lines right above, with nothing else on them.
        i = first - 1
        if i >= 0 and tokens[i].kind == t.SPACE:
            i -= 1
        if i >= 0 and tokens[i].kind != t.NEWLINE:
            return item  # not at the start of a line
        item.full_start = tokens[i + 1].start if i + 1 < first else item.start
        lead: list[Token] = []
        while i >= 1:
            j = i - 1
            if tokens[j].kind != t.COMMENT:
                break
            k = j - 1
            if k >= 0 and tokens[k].kind == t.SPACE:
                k -= 1
            if k >= 0 and tokens[k].kind != t.NEWLINE:
                break
            lead.append(tokens[j])
            item.full_start = tokens[k + 1].start if k + 1 < j else tokens[j].start
            i = k
        if lead:
            lead.reverse()
            item.lead_comments = lead
        return item

    # ------------------------------------------------------------ expressions

    def parse_expression(self) -> Expression:
        # Fast path: a lone number or plain string, or a name with attribute steps after
        # it ("a.b.c"), followed by a token that does not continue an expression. The
        # general path builds the same nodes for them.
        sig = self.sig
        pos = self.pos
        tok = sig[pos]
        kind = tok.kind
        if kind == t.IDENT:
            after = pos + 1
            while sig[after].kind == t.DOT and sig[after + 1].kind == t.IDENT:
                after += 2
            following = sig[after].kind
            if following not in _CONTINUATIONS and (following != t.NEWLINE or self.newlines[-1]):
                self.pos = after
                start = tok.start
                end = start + len(tok.text)
                source: Expression
                if tok.text in _KEYWORD_LITERALS:
                    source = LiteralValue(start, end, tok)
                else:
                    source = Variable(start, end, tok)
                if after == pos + 1:
                    return source
                steps: list[Step] = []
                for i in range(pos + 1, after, 2):
                    name = sig[i + 1]
                    end = name.start + len(name.text)
                    steps.append(GetAttr(sig[i].start, end, name))
                return Traversal(start, end, source, steps)
        elif kind == t.NUMBER:
            following = sig[pos + 1].kind
            if (
                following not in _CONTINUATIONS
                and (following != t.NEWLINE or self.newlines[-1])
                and _NUMBER.fullmatch(tok.text)
            ):
                self.pos = pos + 1
                return LiteralValue(tok.start, tok.start + len(tok.text), tok)
        elif kind == t.OQUOTE and self.depth < MAX_NESTING:
            literal = sig[pos + 1]
            if literal.kind == t.CQUOTE:
                following = sig[pos + 2].kind
                if following not in _CONTINUATIONS and (
                    following != t.NEWLINE or self.newlines[-1]
                ):
                    self.pos = pos + 2
                    return Template(tok.start, literal.start + 1, [], False)
            elif literal.kind == t.QUOTED_LIT and sig[pos + 2].kind == t.CQUOTE:
                following = sig[pos + 3].kind
                if following not in _CONTINUATIONS and (
                    following != t.NEWLINE or self.newlines[-1]
                ):
                    self.check_escapes(literal)
                    self.pos = pos + 3
                    end = sig[pos + 2].start
                    part = TemplateLiteral(literal.start, end, [literal])
                    return Template(tok.start, end + 1, [part], False)
        condition = self.parse_binary(1)
        if self.peek().kind != t.QUESTION:
            return condition
        self.pos += 1
        self.enter()
        true_expr = self.parse_expression()
        self.expect(
            t.COLON,
            "Missing false expression in conditional: the conditional operator (...?...:...) "
            "requires a false expression, delimited by a colon",
        )
        false_expr = self.parse_expression()
        self.depth -= 1
        return Conditional(condition.start, false_expr.end, condition, true_expr, false_expr)

    def parse_binary(self, min_precedence: int) -> Expression:
        left = self.parse_unary()
        precedence_of = _BINARY_PRECEDENCE.get
        while True:
            operator = self.peek()
            precedence = precedence_of(operator.kind)
            if precedence is None or precedence < min_precedence:
                return left
            self.pos += 1
            right = self.parse_binary(precedence + 1)
            left = BinaryOp(left.start, right.end, left, operator, right)

    def parse_unary(self) -> Expression:
        tok = self.peek()
        if tok.kind == t.MINUS or tok.kind == t.BANG:
            self.pos += 1
            self.enter()
            operand = self.parse_unary()
            self.depth -= 1
            return UnaryOp(tok.start, operand.end, tok, operand)
        return self.parse_traversals(self.parse_term())

    def parse_traversals(self, source: Expression) -> Expression:
        steps: list[Step] = []
        sig = self.sig
        in_attribute_splat = False
        while True:
            tok = self.peek()
            if tok.kind == t.DOT:
                self.pos += 1
                name = self.peek()
                self.pos += 1
                if name.kind == t.IDENT:
                    steps.append(GetAttr(tok.start, name.end, name))
                elif name.kind == t.NUMBER:
                    if "." in name.text:
                        self.fail(
                            "Invalid legacy index syntax: a legacy index must be a single "
                            'whole number; write "foo.0.1" as "foo[0][1]"',
                            name.start,
                        )
                    steps.append(LegacyIndex(tok.start, name.end, name))
                elif name.kind == t.STAR:
                    if in_attribute_splat:
                        self.fail(
                            "Nested splat expression not allowed: a splat expression (*) "
                            "cannot be used inside another attribute-only splat",
                            name.start,
                        )
                    in_attribute_splat = True
                    steps.append(Splat(tok.start, name.end, False))
                else:
                    self.fail(
                        "Invalid attribute name: an attribute name is required after a dot",
                        name.start,
                    )
            elif tok.kind == t.OBRACK:
                in_attribute_splat = False
                self.pos += 1
                self.newlines.append(False)
                inner = self.peek()
                if inner.kind == t.STAR and sig[self.pos + 1].kind == t.CBRACK:
                    self.pos += 1
                    close = self.take()
                    steps.append(Splat(tok.start, close.end, True))
                else:
                    self.enter()
                    key = self.parse_expression()
                    close = self.expect(
                        t.CBRACK,
                        "Missing close bracket on index: the index operator must end with "
                        'a closing bracket ("]")',
                    )
                    self.depth -= 1
                    steps.append(Index(tok.start, close.end, key))
                self.newlines.pop()
            else:
                break
        if not steps:
            return source
        return Traversal(source.start, steps[-1].end, source, steps)

    def parse_term(self) -> Expression:
        tok = self.peek()
        kind = tok.kind
        if kind == t.IDENT:
            self.pos += 1
            following = self.peek().kind
            if following == t.OPAREN or following == t.DOUBLE_COLON:
                return self.parse_call(tok)
            if tok.text in _KEYWORD_LITERALS:
                return LiteralValue(tok.start, tok.end, tok)
            return Variable(tok.start, tok.end, tok)
        if kind == t.OQUOTE:
            return self.parse_quoted_template()
        if kind == t.NUMBER:
            if not _NUMBER.fullmatch(tok.text):
                self.fail(f"Invalid number literal: {tok.text!r} is not a valid number", tok.start)
            self.pos += 1
            return LiteralValue(tok.start, tok.end, tok)
        if kind == t.OPAREN:
            self.pos += 1
            self.enter()
            self.newlines.append(False)
            inner = self.parse_expression()
            close = self.expect(
                t.CPAREN,
                "Unbalanced parentheses: expected a closing parenthesis to terminate the "
                "expression",
            )
            self.newlines.pop()
            self.depth -= 1
            return Parens(tok.start, close.end, inner)
        if kind == t.OBRACK:
            return self.parse_tuple()
        if kind == t.OBRACE:
            return self.parse_object()
        if kind == t.OHEREDOC:
            return self.parse_heredoc()
        if kind == t.EOF:
            self.fail(
                "Invalid expression: expected the start of an expression, but found the end of the file"
            )
        self.fail(
            "Invalid expression: expected the start of an expression, but found " + _describe(tok),
            tok.start,
        )

    def parse_call(self, first: Token) -> FunctionCall:
        name_tokens = [first]
        while self.peek().kind == t.DOUBLE_COLON:
            colons = self.take()
            part = self.peek()
            if part.kind != t.IDENT:
                self.fail(
                    'Invalid function name: a function name is required after "::"',
                    part.start,
                )
            name_tokens += [colons, part]
            self.pos += 1
        open_paren = self.peek()
        if open_paren.kind != t.OPAREN:
            self.fail(
                'Missing open parenthesis: a function call needs "(" after its name',
                open_paren.start,
            )
        self.pos += 1
        self.enter()
        self.newlines.append(False)
        args: list[Expression] = []
        expand = False
        while True:
            tok = self.peek()
            if tok.kind == t.CPAREN:
                break
            if tok.kind == t.EOF:
                self.fail(
                    "Unterminated function call: there is no closing parenthesis for this "
                    "function call before the end of the file",
                    open_paren.start,
                )
            args.append(self.parse_expression())
            tok = self.peek()
            if tok.kind == t.ELLIPSIS:
                expand = True
                self.pos += 1
                tok = self.peek()
                if tok.kind != t.CPAREN:
                    self.fail(
                        "Missing closing parenthesis: an expanded function argument "
                        '(with "...") must be immediately followed by the closing '
                        "parenthesis",
                        tok.start,
                    )
                break
            if tok.kind == t.COMMA:
                self.pos += 1
            elif tok.kind != t.CPAREN:
                self.fail(
                    "Missing argument separator: a comma is required to separate "
                    "arguments in a function call",
                    tok.start,
                )
        close = self.take()
        self.newlines.pop()
        self.depth -= 1
        name = "".join(part.text for part in name_tokens)
        return FunctionCall(first.start, close.end, name, name_tokens, args, expand)

    def parse_tuple(self) -> Expression:
        open_bracket = self.take()
        self.enter()
        self.newlines.append(False)
        first = self.peek()
        if first.kind == t.IDENT and first.text == "for":
            result: Expression = self.parse_for(open_bracket, is_object=False)
        else:
            items: list[Expression] = []
            while True:
                tok = self.peek()
                if tok.kind == t.CBRACK:
                    break
                if tok.kind == t.EOF:
                    self.fail(
                        "Unterminated tuple constructor: there is no corresponding closing "
                        "bracket before the end of the file",
                        open_bracket.start,
                    )
                items.append(self.parse_expression())
                tok = self.peek()
                if tok.kind == t.COMMA:
                    self.pos += 1
                elif tok.kind != t.CBRACK:
                    self.fail(
                        "Missing item separator: expected a comma to mark the beginning of "
                        "the next item",
                        tok.start,
                    )
            close = self.take()
            result = Tuple(open_bracket.start, close.end, items)
        self.newlines.pop()
        self.depth -= 1
        return result

    def parse_object(self) -> Expression:
        open_brace = self.take()
        self.enter()
        self.newlines.append(True)
        sig = self.sig
        while sig[self.pos].kind == t.NEWLINE:
            self.pos += 1
        first = sig[self.pos]
        if first.kind == t.IDENT and first.text == "for":
            self.newlines.append(False)
            result: Expression = self.parse_for(open_brace, is_object=True)
            self.newlines.pop()
        else:
            items: list[ObjectItem] = []
            while True:
                tok = sig[self.pos]
                if tok.kind == t.NEWLINE:
                    self.pos += 1
                    continue
                if tok.kind == t.CBRACE:
                    break
                if tok.kind == t.EOF:
                    self.fail(
                        "Unterminated object constructor: there is no corresponding "
                        "closing brace before the end of the file",
                        open_brace.start,
                    )
                key = self.parse_expression()
                separator = sig[self.pos]
                if separator.kind != t.EQUAL and separator.kind != t.COLON:
                    self.fail(
                        'Missing key/value separator: expected an equals sign ("=") to '
                        "mark the beginning of the attribute value",
                        separator.start,
                    )
                self.pos += 1
                value = self.parse_expression()
                items.append(ObjectItem(key.start, value.end, key, value, separator))
                tok = sig[self.pos]
                if tok.kind == t.COMMA or tok.kind == t.NEWLINE:
                    self.pos += 1
                elif tok.kind != t.CBRACE:
                    self.fail(
                        "Missing attribute separator: expected a newline or comma to mark "
                        "the beginning of the next attribute",
                        tok.start,
                    )
            result = Object(open_brace.start, sig[self.pos].end, items)
            self.pos += 1
        self.newlines.pop()
        self.depth -= 1
        return result

    def parse_for(self, opener: Token, is_object: bool) -> ForExpr:
        self.pos += 1  # "for"
        closer = t.CBRACE if is_object else t.CBRACK
        first = self.expect(t.IDENT, "Invalid for expression: a variable name is required")
        key_var: Token | None = None
        value_var = first
        if self.peek().kind == t.COMMA:
            self.pos += 1
            key_var = first
            value_var = self.expect(
                t.IDENT, "Invalid for expression: a value variable name is required"
            )
        keyword = self.peek()
        if keyword.kind != t.IDENT or keyword.text != "in":
            self.fail('Invalid for expression: the "in" keyword is required', keyword.start)
        self.pos += 1
        collection = self.parse_expression()
        self.expect(t.COLON, "Invalid for expression: a colon is required after the collection")
        key_expr: Expression | None = None
        if is_object:
            key_expr = self.parse_expression()
            self.expect(
                t.FAT_ARROW,
                'Invalid for expression: an object "for" needs "=>" between key and value',
            )
        value_expr = self.parse_expression()
        grouping = False
        if is_object and self.peek().kind == t.ELLIPSIS:
            grouping = True
            self.pos += 1
        condition: Expression | None = None
        tok = self.peek()
        if tok.kind == t.IDENT and tok.text == "if":
            self.pos += 1
            condition = self.parse_expression()
        close = self.peek()
        if close.kind != closer:
            self.fail(
                "Invalid for expression: extra characters after the end of the for expression",
                close.start,
            )
        self.pos += 1
        return ForExpr(
            opener.start,
            close.end,
            key_var,
            value_var,
            collection,
            key_expr,
            value_expr,
            condition,
            grouping,
            is_object,
        )

    # ------------------------------------------------------------ templates

    def parse_quoted_template(self) -> Template:
        open_quote = self.sig[self.pos]
        self.pos += 1
        parts = self.parse_template_parts(t.CQUOTE, open_quote)
        close = self.sig[self.pos]
        self.pos += 1
        return Template(open_quote.start, close.end, parts, False)

    def parse_heredoc(self) -> Template:
        opener = self.sig[self.pos]
        self.pos += 1
        parts = self.parse_template_parts(t.CHEREDOC, opener)
        close = self.sig[self.pos]
        self.pos += 1
        return Template(opener.start, close.end, parts, True, opener.text.startswith("<<-"))

    def parse_template_parts(self, closer: str, opener: Token) -> list[TemplatePart]:
        parts: list[TemplatePart] = []
        open_directives: list[tuple[str, Token]] = []
        sig = self.sig
        self.enter()
        self.newlines.append(False)
        while True:
            tok = sig[self.pos]
            kind = tok.kind
            if kind == closer:
                break
            if kind == t.QUOTED_LIT or kind == t.STRING_LIT:
                if kind == t.QUOTED_LIT:
                    self.check_escapes(tok)
                literal_tokens = [tok]
                self.pos += 1
                while sig[self.pos].kind == kind:
                    literal_tokens.append(sig[self.pos])
                    self.pos += 1
                parts.append(TemplateLiteral(tok.start, literal_tokens[-1].end, literal_tokens))
            elif kind == t.TEMPLATE_INTERP:
                self.pos += 1
                expr = self.parse_expression()
                close = self.expect_sequence_end()
                parts.append(TemplateInterpolation(tok.start, close.end, expr))
            elif kind == t.TEMPLATE_CONTROL:
                self.pos += 1
                parts.append(self.parse_directive(tok, open_directives))
            elif kind == t.QUOTED_NEWLINE:
                self.fail(_MULTILINE_STRING, tok.start)
            elif kind == t.EOF:
                self.fail(_UNTERMINATED, opener.start)
            else:
                self.fail(f"Invalid template: unexpected {_describe(tok)}", tok.start)
        if open_directives:
            keyword, where = open_directives[-1]
            self.fail(
                f"Unterminated template directive: no %{{ {_DIRECTIVE_OPENERS[keyword]} }} "
                f"for this %{{ {keyword} }}",
                where.start,
            )
        self.newlines.pop()
        self.depth -= 1
        return parts

    def expect_sequence_end(self) -> Token:
        tok = self.peek()
        if tok.kind != t.TEMPLATE_SEQ_END:
            self.fail(
                "Extra characters after interpolation expression: expected a closing brace "
                "to end the interpolation expression",
                tok.start,
            )
        self.pos += 1
        return tok

    def check_escapes(self, tok: Token) -> None:
        if "\\" in tok.text:
            for escape in _ESCAPE.finditer(tok.text):
                if escape.group(1) is not None or not _valid_code_point(escape.group()):
                    self.fail(
                        "Invalid escape sequence: the symbol after the backslash is not a "
                        "valid escape sequence",
                        tok.start + escape.start(),
                    )

    def parse_directive(
        self, opener: Token, open_directives: list[tuple[str, Token]]
    ) -> TemplateDirective:
        keyword_token = self.peek()
        keyword = keyword_token.text if keyword_token.kind == t.IDENT else ""
        self.pos += 1
        names: list[Token] = []
        expr: Expression | None = None
        if keyword == "if":
            expr = self.parse_expression()
            open_directives.append(("if", opener))
        elif keyword == "for":
            names.append(self.expect(t.IDENT, "Invalid template directive: a name is required"))
            if self.peek().kind == t.COMMA:
                self.pos += 1
                names.append(self.expect(t.IDENT, "Invalid template directive: a name is required"))
            in_keyword = self.peek()
            if in_keyword.kind != t.IDENT or in_keyword.text != "in":
                self.fail(
                    'Invalid template directive: the "in" keyword is required', in_keyword.start
                )
            self.pos += 1
            expr = self.parse_expression()
            open_directives.append(("for", opener))
        elif keyword == "else":
            if not open_directives or open_directives[-1][0] != "if":
                self.fail("Unexpected else directive: no %{ if } is open here", opener.start)
            open_directives[-1] = ("else", open_directives[-1][1])
        elif keyword in ("endif", "endfor"):
            wanted = ("if", "else") if keyword == "endif" else ("for",)
            if not open_directives or open_directives[-1][0] not in wanted:
                self.fail(
                    f"Unexpected {keyword} directive: no %{{ {wanted[0]} }} is open here",
                    opener.start,
                )
            open_directives.pop()
        else:
            self.fail(
                'Invalid template directive: a template directive keyword ("if", "for", '
                "etc.) is expected at the beginning of a %{ sequence",
                keyword_token.start,
            )
        close = self.expect_sequence_end()
        return TemplateDirective(opener.start, close.end, keyword, names, expr)


_MULTILINE_STRING = (
    "Invalid multi-line string: quoted strings may not be split over multiple lines; "
    "to produce a multi-line string, either use the \\n escape to represent a newline "
    'character or use the "heredoc" multi-line template syntax'
)
_UNTERMINATED = "Unterminated template string: no closing marker was found for the string"


def _valid_code_point(escape: str) -> bool:
    """A \\u or \\U escape must name a Unicode scalar value (no surrogate, <= U+10FFFF)."""
    if escape[1] not in "uU":
        return True
    value = int(escape[2:], 16)
    return value <= 0x10FFFF and not 0xD800 <= value <= 0xDFFF


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


def _describe(tok: Token) -> str:
    if tok.kind == t.NEWLINE:
        return "a newline"
    if tok.kind == t.EOF:
        return "the end of the file"
    text = tok.text.strip()
    if len(text) > 20:
        text = text[:20] + "..."
    return repr(text)
