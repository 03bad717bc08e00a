"""The expression and template part of the parser (see `fixer.syntax.parser`).

Each method that can nest is a generator: `node = yield self.expression()` asks the
driver to parse a nested expression and send its node back. `simple_expression` is
tried first where an expression starts: it builds the common leaves (a name, a
number, a plain string, `a.b.c`) without a generator.
"""

from __future__ import annotations

import re
from typing import NoReturn

from fixer.syntax import tokens as t
from fixer.syntax.cst import (
    BinaryOp,
    Conditional,
    Expression,
    ForExpr,
    FunctionCall,
    GetAttr,
    Index,
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
from fixer.syntax.parse_state import (
    MULTILINE_STRING,
    UNTERMINATED,
    ParserState,
    Parsing,
)
from fixer.syntax.tokens import Token

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
# Tokens after a term that make it part of a larger expression (a newline too, where
# newlines are not significant).
_CONTINUATIONS = frozenset(
    {*_BINARY_PRECEDENCE, t.QUESTION, t.DOT, t.OBRACK, t.OPAREN, t.DOUBLE_COLON}
)
_KEYWORD_LITERALS = frozenset({"true", "false", "null"})
_DIRECTIVE_OPENERS = {"if": "endif", "else": "endif", "for": "endfor"}
# Go's number syntax, which Terraform parses numbers with, allows "1.e5".
_NUMBER = re.compile(r"[0-9]+(?:\.[0-9]*)?(?:[eE][+-]?[0-9]+)?")


class ExpressionParser(ParserState):
    """Expressions, function calls, collections, for expressions and templates."""

    def ends_expression(self, kind: str) -> bool:
        """Whether a term followed by a token of this kind is a whole expression."""
        return kind not in _CONTINUATIONS and (kind != t.NEWLINE or self.newlines[-1])

    def simple_expression(self) -> Expression | None:
        """A lone number or plain string, or a name with attribute steps after it
        ("a.b.c"), followed by a token that does not continue an expression; else None
        (and nothing consumed). `expression` builds the same nodes for them."""
        # ends_expression and end are inlined: this runs for most values of a file.
        kinds = self.sig_kinds
        pos = self.pos
        kind = kinds[pos]
        if kind == t.IDENT:
            after = pos + 1
            while kinds[after] == t.DOT and kinds[after + 1] == t.IDENT:
                after += 2
            following = kinds[after]
            if following in _CONTINUATIONS or (following == t.NEWLINE and not self.newlines[-1]):
                return None
            self.pos = after
            texts = self.sig_texts
            starts = self.sig_starts
            token_starts = self.starts
            sig_index = self.sig_index
            name = texts[pos]
            start = starts[pos]
            end = token_starts[sig_index[pos] + 1]
            source: Expression
            if name in _KEYWORD_LITERALS:
                source = LiteralValue(start, end, name)
            else:
                source = Variable(start, end, name)
            if after == pos + 1:
                return source
            steps: list[Step] = []
            for i in range(pos + 2, after + 1, 2):
                end = token_starts[sig_index[i] + 1]
                steps.append(GetAttr(starts[i - 1], end, texts[i]))
            return Traversal(start, end, source, steps)
        if kind == t.NUMBER:
            following = kinds[pos + 1]
            if following in _CONTINUATIONS or (following == t.NEWLINE and not self.newlines[-1]):
                return None
            number = self.sig_texts[pos]
            if not _NUMBER.fullmatch(number):
                return None
            self.pos = pos + 1
            return LiteralValue(self.sig_starts[pos], self.starts[self.sig_index[pos] + 1], number)
        if kind == t.OQUOTE and self.depth < self.max_nesting:
            second = kinds[pos + 1]
            if second == t.CQUOTE:
                following = kinds[pos + 2]
            elif second == t.QUOTED_LIT and kinds[pos + 2] == t.CQUOTE:
                following = kinds[pos + 3]
            else:
                return None
            if following in _CONTINUATIONS or (following == t.NEWLINE and not self.newlines[-1]):
                return None
            starts = self.sig_starts
            start = starts[pos]
            if second == t.CQUOTE:
                self.pos = pos + 2
                return Template(start, starts[pos + 1] + 1, [], False)
            text = self.sig_texts[pos + 1]
            if "\\" in text:
                self.check_escapes(pos + 1)
            self.pos = pos + 3
            end = starts[pos + 2]
            return Template(start, end + 1, [TemplateLiteral(starts[pos + 1], end, text)])
        return None

    def expression(self) -> Parsing:
        """Any expression: operands with their prefix operators and traversal steps,
        binary operators by precedence (an explicit stack of the operands waiting for
        their right side), then a conditional."""
        waiting: list[tuple[Expression, int, int]] = []  # (left, operator, precedence)
        precedence_of = _BINARY_PRECEDENCE.get
        while True:
            operators: list[int] = []
            kind = self.peek()
            while kind == t.MINUS or kind == t.BANG:
                operators.append(self.pos)
                self.pos += 1
                self.enter()
                kind = self.peek()
            j = self.pos
            operand: Expression
            if kind == t.IDENT:
                self.pos = j + 1
                following = self.peek()
                if following == t.OPAREN or following == t.DOUBLE_COLON:
                    operand = yield self.call(j)
                else:
                    name = self.sig_texts[j]
                    start = self.sig_starts[j]
                    if name in _KEYWORD_LITERALS:
                        operand = LiteralValue(start, self.end(j), name)
                    else:
                        operand = Variable(start, self.end(j), name)
            elif kind == t.NUMBER:
                if not _NUMBER.fullmatch(self.sig_texts[j]):
                    self.fail(
                        f"Invalid number literal: {self.sig_texts[j]!r} is not a valid number",
                        self.sig_starts[j],
                    )
                self.pos = j + 1
                start = self.sig_starts[j]
                operand = LiteralValue(start, self.end(j), self.sig_texts[j])
            elif kind == t.OQUOTE or kind == t.OHEREDOC:
                operand = yield self.template(kind == t.OHEREDOC)
            elif kind == t.OPAREN:
                self.pos = j + 1
                self.enter()
                self.newlines.append(False)
                inner = self.simple_expression()
                if inner is None:
                    inner = yield self.expression()
                close = self.expect(
                    t.CPAREN,
                    "Unbalanced parentheses: expected a closing parenthesis to terminate the "
                    "expression",
                )
                self.newlines.pop()
                self.depth -= 1
                operand = Parens(self.sig_starts[j], self.sig_starts[close] + 1, inner)
            elif kind == t.OBRACK:
                operand = yield self.tuple()
            elif kind == t.OBRACE:
                operand = yield self.object()
            else:
                self.no_expression(kind)
            kind = self.peek()
            if kind == t.DOT or kind == t.OBRACK:
                operand = yield self.traversal(operand)
            for operator in reversed(operators):
                token = self.token(operator)
                operand = UnaryOp(token.start, operand.end, token, operand)
                self.depth -= 1

            precedence = precedence_of(self.peek())
            while waiting and (precedence is None or waiting[-1][2] >= precedence):
                left, operator, _ = waiting.pop()
                operand = BinaryOp(left.start, operand.end, left, self.token(operator), operand)
            if precedence is None:
                break
            waiting.append((operand, self.pos, precedence))
            self.pos += 1
        if self.peek() != t.QUESTION:
            return operand
        self.pos += 1
        self.enter()
        true_expr = self.simple_expression()
        if true_expr is None:
            true_expr = yield self.expression()
        self.expect(
            t.COLON,
            "Missing false expression in conditional: the conditional operator (...?...:...) "
            "requires a false expression, delimited by a colon",
        )
        false_expr = self.simple_expression()
        if false_expr is None:
            false_expr = yield self.expression()
        self.depth -= 1
        return Conditional(operand.start, false_expr.end, operand, true_expr, false_expr)

    def no_expression(self, kind: str) -> NoReturn:
        """Fail where an expression should start but a token of this kind is."""
        if kind == t.EOF:
            self.fail(
                "Invalid expression: expected the start of an expression, but found the end of the file"
            )
        self.fail(
            "Invalid expression: expected the start of an expression, but found "
            + describe(kind, self.sig_texts[self.pos]),
            self.sig_starts[self.pos],
        )

    def traversal(self, source: Expression) -> Parsing:
        steps: list[Step] = []
        in_attribute_splat = False
        while True:
            kind = self.peek()
            if kind == t.DOT:
                dot = self.sig_starts[self.pos]
                self.pos += 1
                name_kind = self.peek()
                j = self.pos
                self.pos += 1
                if name_kind == t.IDENT:
                    name = self.sig_texts[j]
                    steps.append(GetAttr(dot, self.end(j), name))
                elif name_kind == t.NUMBER:
                    if "." in self.sig_texts[j]:
                        self.fail(
                            "Invalid legacy index syntax: a legacy index must be a single "
                            'whole number; write "foo.0.1" as "foo[0][1]"',
                            self.sig_starts[j],
                        )
                    number = self.token(j)
                    steps.append(LegacyIndex(dot, number.start + len(number.text), number))
                elif name_kind == t.STAR:
                    if in_attribute_splat:
                        self.fail(
                            "Nested splat expression not allowed: a splat expression (*) "
                            "cannot be used inside another attribute-only splat",
                            self.sig_starts[j],
                        )
                    in_attribute_splat = True
                    steps.append(Splat(dot, self.sig_starts[j] + 1, False))
                else:
                    self.fail(
                        "Invalid attribute name: an attribute name is required after a dot",
                        self.sig_starts[j],
                    )
            elif kind == t.OBRACK:
                in_attribute_splat = False
                start = self.sig_starts[self.pos]
                self.pos += 1
                self.newlines.append(False)
                if self.peek() == t.STAR and self.sig_kinds[self.pos + 1] == t.CBRACK:
                    self.pos += 1
                    close = self.take()
                    steps.append(Splat(start, self.end(close), True))
                else:
                    self.enter()
                    key = self.simple_expression()
                    if key is None:
                        key = yield self.expression()
                    close = self.expect(
                        t.CBRACK,
                        "Missing close bracket on index: the index operator must end with "
                        'a closing bracket ("]")',
                    )
                    self.depth -= 1
                    steps.append(Index(start, self.sig_starts[close] + 1, key))
                self.newlines.pop()
            else:
                break
        return Traversal(source.start, steps[-1].end, source, steps)

    def call(self, first: int) -> Parsing:
        name_tokens: list[Token] | None = None
        while self.peek() == t.DOUBLE_COLON:
            if name_tokens is None:
                name_tokens = [self.token(first)]
            colons = self.take()
            if self.peek() != t.IDENT:
                self.fail(
                    'Invalid function name: a function name is required after "::"',
                    self.sig_starts[self.pos],
                )
            name_tokens += [self.token(colons), self.token(self.pos)]
            self.pos += 1
        if self.peek() != t.OPAREN:
            self.fail(
                'Missing open parenthesis: a function call needs "(" after its name',
                self.sig_starts[self.pos],
            )
        open_paren = self.pos
        self.pos += 1
        self.enter()
        self.newlines.append(False)
        args: list[Expression] = []
        expand = False
        while True:
            kind = self.peek()
            if kind == t.CPAREN:
                break
            if kind == t.EOF:
                self.fail(
                    "Unterminated function call: there is no closing parenthesis for this "
                    "function call before the end of the file",
                    self.sig_starts[open_paren],
                )
            arg = self.simple_expression()
            if arg is None:
                arg = yield self.expression()
            args.append(arg)
            kind = self.peek()
            if kind == t.ELLIPSIS:
                expand = True
                self.pos += 1
                if self.peek() != t.CPAREN:
                    self.fail(
                        "Missing closing parenthesis: an expanded function argument "
                        '(with "...") must be immediately followed by the closing '
                        "parenthesis",
                        self.sig_starts[self.pos],
                    )
                break
            if kind == t.COMMA:
                self.pos += 1
            elif kind != t.CPAREN:
                self.fail(
                    "Missing argument separator: a comma is required to separate "
                    "arguments in a function call",
                    self.sig_starts[self.pos],
                )
        close = self.take()
        self.newlines.pop()
        self.depth -= 1
        start = self.sig_starts[first]
        if name_tokens is None:
            name = self.sig_texts[first]
        else:
            name = "".join(token.text for token in name_tokens)
        return FunctionCall(start, self.end(close), name, args, expand, name_tokens)

    def tuple(self) -> Parsing:
        open_bracket = self.take()
        self.enter()
        self.newlines.append(False)
        result: Expression
        if self.peek() == t.IDENT and self.sig_texts[self.pos] == "for":
            result = yield self.for_expression(open_bracket, is_object=False)
        else:
            items: list[Expression] = []
            while True:
                kind = self.peek()
                if kind == t.CBRACK:
                    break
                if kind == t.EOF:
                    self.fail(
                        "Unterminated tuple constructor: there is no corresponding closing "
                        "bracket before the end of the file",
                        self.sig_starts[open_bracket],
                    )
                if kind == t.OQUOTE:
                    before = self.pos
                    self.plain_strings(items)
                    if self.pos != before:
                        continue
                item = self.simple_expression()
                if item is None:
                    item = yield self.expression()
                items.append(item)
                kind = self.peek()
                if kind == t.COMMA:
                    self.pos += 1
                elif kind != t.CBRACK:
                    self.fail(
                        "Missing item separator: expected a comma to mark the beginning of "
                        "the next item",
                        self.sig_starts[self.pos],
                    )
            close = self.take()
            result = Tuple(self.sig_starts[open_bracket], self.end(close), items)
        self.newlines.pop()
        self.depth -= 1
        return result

    def plain_strings(self, items: list[Expression]) -> None:
        """Tuple items that are plain strings, each followed by a comma or the closing
        bracket, as many as come in a row: the nodes `simple_expression` would make,
        without a call for each (lists of thousands of strings are common)."""
        if self.depth >= self.max_nesting:
            return
        kinds = self.sig_kinds
        texts = self.sig_texts
        starts = self.sig_starts
        pos = self.pos
        while kinds[pos] == t.OQUOTE:
            second = kinds[pos + 1]
            if second == t.QUOTED_LIT and kinds[pos + 2] == t.CQUOTE:
                after = pos + 3
                text = texts[pos + 1]
                if "\\" in text:
                    self.check_escapes(pos + 1)
                end = starts[pos + 2]
                literal = TemplateLiteral(starts[pos + 1], end, text)
                item = Template(starts[pos], end + 1, [literal])
            elif second == t.CQUOTE:
                after = pos + 2
                item = Template(starts[pos], starts[pos + 1] + 1, [], False)
            else:
                break
            following = kinds[after]
            if following == t.COMMA:
                items.append(item)
                pos = after + 1
            elif following == t.CBRACK:
                items.append(item)
                pos = after
                break
            else:
                break
        self.pos = pos

    def object(self) -> Parsing:
        open_brace = self.take()
        self.enter()
        self.newlines.append(True)
        kinds = self.sig_kinds
        while kinds[self.pos] == t.NEWLINE:
            self.pos += 1
        result: Expression
        if kinds[self.pos] == t.IDENT and self.sig_texts[self.pos] == "for":
            self.newlines.append(False)
            result = yield self.for_expression(open_brace, is_object=True)
            self.newlines.pop()
        else:
            items: list[ObjectItem] = []
            while True:
                kind = kinds[self.pos]
                if kind == t.NEWLINE:
                    self.pos += 1
                    continue
                if kind == t.CBRACE:
                    break
                if kind == t.EOF:
                    self.fail(
                        "Unterminated object constructor: there is no corresponding "
                        "closing brace before the end of the file",
                        self.sig_starts[open_brace],
                    )
                key = self.simple_expression()
                if key is None:
                    key = yield self.expression()
                separator = self.pos
                if kinds[separator] != t.EQUAL and kinds[separator] != t.COLON:
                    self.fail(
                        'Missing key/value separator: expected an equals sign ("=") to '
                        "mark the beginning of the attribute value",
                        self.sig_starts[separator],
                    )
                self.pos += 1
                value = self.simple_expression()
                if value is None:
                    value = yield self.expression()
                items.append(ObjectItem(key.start, value.end, key, value, self.token(separator)))
                kind = kinds[self.pos]
                if kind == t.COMMA or kind == t.NEWLINE:
                    self.pos += 1
                elif kind != t.CBRACE:
                    self.fail(
                        "Missing attribute separator: expected a newline or comma to mark "
                        "the beginning of the next attribute",
                        self.sig_starts[self.pos],
                    )
            result = Object(self.sig_starts[open_brace], self.end(self.pos), items)
            self.pos += 1
        self.newlines.pop()
        self.depth -= 1
        return result

    def for_expression(self, opener: int, is_object: bool) -> Parsing:
        self.pos += 1  # "for"
        closer = t.CBRACE if is_object else t.CBRACK
        first = self.expect(t.IDENT, "Invalid for expression: a variable name is required")
        key_var: int | None = None
        value_var = first
        if self.peek() == t.COMMA:
            self.pos += 1
            key_var = first
            value_var = self.expect(
                t.IDENT, "Invalid for expression: a value variable name is required"
            )
        if self.peek() != t.IDENT or self.sig_texts[self.pos] != "in":
            self.fail(
                'Invalid for expression: the "in" keyword is required', self.sig_starts[self.pos]
            )
        self.pos += 1
        collection = self.simple_expression()
        if collection is None:
            collection = yield self.expression()
        self.expect(t.COLON, "Invalid for expression: a colon is required after the collection")
        key_expr: Expression | None = None
        if is_object:
            key_expr = self.simple_expression()
            if key_expr is None:
                key_expr = yield self.expression()
            self.expect(
                t.FAT_ARROW,
                'Invalid for expression: an object "for" needs "=>" between key and value',
            )
        value_expr = self.simple_expression()
        if value_expr is None:
            value_expr = yield self.expression()
        grouping = False
        if is_object and self.peek() == t.ELLIPSIS:
            grouping = True
            self.pos += 1
        condition: Expression | None = None
        if self.peek() == t.IDENT and self.sig_texts[self.pos] == "if":
            self.pos += 1
            condition = self.simple_expression()
            if condition is None:
                condition = yield self.expression()
        if self.peek() != closer:
            self.fail(
                "Invalid for expression: extra characters after the end of the for expression",
                self.sig_starts[self.pos],
            )
        close = self.pos
        self.pos += 1
        return ForExpr(
            self.sig_starts[opener],
            self.end(close),
            None if key_var is None else self.token(key_var),
            self.token(value_var),
            collection,
            key_expr,
            value_expr,
            condition,
            grouping,
            is_object,
        )

    # ------------------------------------------------------------ templates

    def template(self, heredoc: bool) -> Parsing:
        """A quoted string or a heredoc, from its opening token to its closing one."""
        opener = self.pos
        closer = t.CHEREDOC if heredoc else t.CQUOTE
        self.pos += 1
        kinds = self.sig_kinds
        parts: list[TemplatePart] = []
        open_directives: list[tuple[str, int]] = []
        self.enter()
        self.newlines.append(False)
        while True:
            j = self.pos
            kind = kinds[j]
            if kind == closer:
                break
            if kind == t.QUOTED_LIT or kind == t.STRING_LIT:
                if kind == t.QUOTED_LIT:
                    self.check_escapes(j)
                literal = self.sig_texts[j]
                self.pos = j + 1
                if kinds[self.pos] == kind:  # a heredoc's lines
                    while kinds[self.pos] == kind:
                        self.pos += 1
                    literal = "".join(self.sig_texts[j : self.pos])
                end = self.end(self.pos - 1)
                parts.append(
                    TemplateLiteral(self.sig_starts[j], end, literal, kind == t.STRING_LIT)
                )
            elif kind == t.TEMPLATE_INTERP:
                self.pos = j + 1
                expr = self.simple_expression()
                if expr is None:
                    expr = yield self.expression()
                close = self.sequence_end()
                parts.append(TemplateInterpolation(self.sig_starts[j], self.end(close), expr))
            elif kind == t.TEMPLATE_CONTROL:
                self.pos = j + 1
                parts.append((yield self.directive(j, open_directives)))
            elif kind == t.QUOTED_NEWLINE:
                self.fail(MULTILINE_STRING, self.sig_starts[j])
            elif kind == t.EOF:
                self.fail(UNTERMINATED, self.sig_starts[opener])
            else:
                self.fail(
                    f"Invalid template: unexpected {describe(kind, self.sig_texts[j])}",
                    self.sig_starts[j],
                )
        if open_directives:
            keyword, where = open_directives[-1]
            self.fail(
                f"Unterminated template directive: no %{{ {_DIRECTIVE_OPENERS[keyword]} }} "
                f"for this %{{ {keyword} }}",
                self.sig_starts[where],
            )
        self.newlines.pop()
        self.depth -= 1
        close = self.pos
        self.pos += 1
        start = self.sig_starts[opener]
        if heredoc:
            strip = self.sig_texts[opener].startswith("<<-")
            return Template(start, self.end(close), parts, True, strip)
        return Template(start, self.end(close), parts, False)

    def sequence_end(self) -> int:
        if self.peek() != t.TEMPLATE_SEQ_END:
            self.fail(
                "Extra characters after interpolation expression: expected a closing brace "
                "to end the interpolation expression",
                self.sig_starts[self.pos],
            )
        j = self.pos
        self.pos = j + 1
        return j

    def directive(self, opener: int, open_directives: list[tuple[str, int]]) -> Parsing:
        keyword_index = self.pos
        keyword = self.sig_texts[keyword_index] if self.peek() == t.IDENT else ""
        keyword_index = self.pos
        self.pos += 1
        names = []
        expr: Expression | None = None
        if keyword == "if":
            expr = self.simple_expression()
            if expr is None:
                expr = yield self.expression()
            open_directives.append(("if", opener))
        elif keyword == "for":
            message = "Invalid template directive: a name is required"
            names.append(self.token(self.expect(t.IDENT, message)))
            if self.peek() == t.COMMA:
                self.pos += 1
                names.append(self.token(self.expect(t.IDENT, message)))
            if self.peek() != t.IDENT or self.sig_texts[self.pos] != "in":
                self.fail(
                    'Invalid template directive: the "in" keyword is required',
                    self.sig_starts[self.pos],
                )
            self.pos += 1
            expr = self.simple_expression()
            if expr is None:
                expr = yield self.expression()
            open_directives.append(("for", opener))
        elif keyword == "else":
            if not open_directives or open_directives[-1][0] != "if":
                self.fail(
                    "Unexpected else directive: no %{ if } is open here", self.sig_starts[opener]
                )
            open_directives[-1] = ("else", open_directives[-1][1])
        elif keyword in ("endif", "endfor"):
            wanted = ("if", "else") if keyword == "endif" else ("for",)
            if not open_directives or open_directives[-1][0] not in wanted:
                self.fail(
                    f"Unexpected {keyword} directive: no %{{ {wanted[0]} }} is open here",
                    self.sig_starts[opener],
                )
            open_directives.pop()
        else:
            self.fail(
                'Invalid template directive: a template directive keyword ("if", "for", '
                "etc.) is expected at the beginning of a %{ sequence",
                self.sig_starts[keyword_index],
            )
        close = self.sequence_end()
        return TemplateDirective(self.sig_starts[opener], self.end(close), keyword, names, expr)


def describe(kind: str, text: str) -> str:
    """How an error message names a token."""
    if kind == t.NEWLINE:
        return "a newline"
    if kind == t.EOF:
        return "the end of the file"
    text = text.strip()
    if len(text) > 20:
        text = text[:20] + "..."
    return repr(text)
