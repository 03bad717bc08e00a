"""Same significant tokens, same parse outcome: why a worker need not parse a canonical
text whose significant tokens are its input's (`parse_state.significant_tokens`)."""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable, Sequence

from hcl_strategies import hcl_files
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fixer.syntax import tokens as t
from fixer.syntax.errors import HCLSyntaxError
from fixer.syntax.lexer import scan
from fixer.syntax.parse_state import significant_tokens
from fixer.syntax.parser import parse
from fixer.syntax.source import BOM

Significant = Callable[[Sequence[str], Sequence[str]], object]

# Pieces of token soup: every kind of significant token, some of them several at once.
SOUP = [
    *("a", "b", "x-y", "resource", "for", "in", "if", "else", "endif", "endfor", "true"),
    *("null", "var", "each", "é", "1", "2.5", "1e3", "0x1"),
    *("{", "}", "[", "]", "(", ")", "=", "==", "!=", "<", "<=", ">", ">=", "&&", "||", "!"),
    *(".", ",", "...", "=>", "?", ":", "::", "*", "/", "%", "+", "-", "~}"),
    *('"', '"a"', '"a b"', '"\\q"', '"\\n"', '"\\uD800"', '"${', '"%{', "${", "%{", "$${"),
    *("<<EOT\n", "<<-EOT\n", "EOT", "  EOT", "text\n", "\n", "\n", "\n", "\r\n"),
    *("'", "`", "&", "@", "\r", "\x00"),
]
# What may stand between two tokens without being one: spaces, comments (a block
# comment across lines included), nothing; a line comment only before a newline.
TRIVIA = [" ", "  ", "\t", " \t ", "/* c */", "/*\n\n*/", "/**/", ""]
LINE_COMMENTS = ["# c", "// c", " #", "//"]
# After these, a string's or a heredoc's text goes on: trivia put there is text.
_IN_TEXT = frozenset({t.OQUOTE, t.QUOTED_LIT, t.OHEREDOC, t.STRING_LIT, t.TEMPLATE_SEQ_END})


def outcome(text: str) -> tuple[bool, str]:
    """Whether the text parses, and the error's message if not."""
    try:
        parse(text, "t.tf")
    except HCLSyntaxError as error:
        return False, error.message
    return True, ""


def respaced(text: str, rng: random.Random) -> str:
    """The text with its spaces and comments replaced at random, and trivia put between
    other tokens now and then: what a formatter may do (and, now and then, inside a
    string or merging two tokens, what it must not). A byte-order mark may come first
    (whitespace there, as terraform reads it) or go."""
    kinds, texts = scan(text)
    out = [BOM] if rng.random() < 0.1 else []
    if texts[0].startswith(BOM) and rng.random() < 0.5:
        texts[0] = texts[0][1:]
    for i, (kind, piece) in enumerate(zip(kinds, texts, strict=True)):
        ends_line = kinds[i + 1] in (t.NEWLINE, t.EOF) if i + 1 < len(kinds) else True
        if kind in (t.SPACE, t.COMMENT):
            out.append(rng.choice(TRIVIA + LINE_COMMENTS if ends_line else TRIVIA))
            continue
        out.append(piece)
        if rng.random() < (0.02 if kind in _IN_TEXT else 0.25):
            out.append(rng.choice(TRIVIA + LINE_COMMENTS if ends_line else TRIVIA))
    return "".join(out)


def mutated(text: str, rng: random.Random) -> str:
    """The text with a significant token dropped, doubled or replaced by soup: mostly
    not valid any more, in many different ways."""
    kinds, texts = scan(text)
    places = [i for i, kind in enumerate(kinds) if kind not in t.TRIVIA and kind != t.EOF]
    if not places:
        return text
    i = rng.choice(places)
    change = rng.randrange(3)
    texts[i] = ("", texts[i] * 2, rng.choice(SOUP))[change]
    return "".join(texts)


def soup(rng: random.Random) -> str:
    return "".join(rng.choice(TRIVIA[:4]) + rng.choice(SOUP) for _ in range(rng.randrange(1, 25)))


def compare(a: str, b: str, significant: Significant = significant_tokens) -> str | None:
    """When a and b have the same significant tokens: "parses" or "fails" (failing the
    test if their outcomes or messages differ); else None."""
    if significant(*scan(a)) != significant(*scan(b)):
        return None
    first, second = outcome(a), outcome(b)
    assert first == second, (a, b, first, second)
    return "parses" if first[0] else first[1]


def pairs(rng: random.Random, valid: list[str]) -> tuple[str, str]:
    """A text (token soup, a valid file, or one with a token changed) and a respaced copy."""
    kind = rng.randrange(3)
    if kind == 0:
        text = soup(rng)
    else:
        text = rng.choice(valid)
        if kind == 2:
            text = mutated(text, rng)
    return text, respaced(text, rng)


VALID = [
    'resource "aws_s3_bucket" "b" {\n  bucket = "x-${var.env}"\n  tags = { a = 1 }\n}\n',
    "locals {\n  xs = [for x in var.y : x if x != null]\n  m = { for k, v in a : k => v... }\n}\n",
    "x = <<-EOT\n  a ${b} %{ if c }d%{ endif }\n  EOT\ny = a ? b.c[0].*.d : -1 * (2 + 3)\n",
    'module "m" {\n  source = "./m"\n  # comment\n  count = 2 /* c */\n}\n\nz = f(1, 2...)\n',
    'block a "b" { x = 1 }\nw = "a\\n\\u00e9 $${x} %%{y}"\nv = "${~ a ~}"\n',
]


def run_pairs(count: int, seed: int, significant: Significant = significant_tokens) -> Counter[str]:
    rng = random.Random(seed)
    seen: Counter[str] = Counter()
    for _ in range(count):
        found = compare(*pairs(rng, VALID), significant)
        seen[found or "differ"] += 1
    return seen


def test_same_significant_tokens_same_outcome_on_many_pairs() -> None:
    seen = run_pairs(4000, 13)
    # Not vacuous: most pairs are compared, valid and broken texts alike, and the broken
    # ones fail in many different ways.
    assert seen["differ"] < 1700, seen
    assert seen["parses"] > 700, seen
    assert len(seen) > 40, seen


def test_the_check_finds_a_notion_of_significance_too_weak() -> None:
    """The comparison above catches a wrong claim: newlines are significant, and so are
    the texts of tokens (an escape, a name), not only their kinds."""

    def without_newlines(kinds: Sequence[str], texts: Sequence[str]) -> object:
        k, x = significant_tokens(kinds, texts)
        return [(kind, text) for kind, text in zip(k, x, strict=True) if kind != t.NEWLINE]

    def kinds_only(kinds: Sequence[str], texts: Sequence[str]) -> object:
        return significant_tokens(kinds, texts)[0]

    for weak in (without_newlines, kinds_only):
        rng = random.Random(5)
        failed = 0
        for _ in range(3000):
            a = rng.choice([*VALID, soup(rng)])
            b = mutated(a, rng) if weak is kinds_only else a.replace("\n", rng.choice(TRIVIA))
            try:
                compare(a, b, weak)
            except AssertionError:
                failed += 1
        assert failed, weak.__name__


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(hcl_files(depth=2), st.randoms(use_true_random=False))
def test_respaced_valid_files_parse_alike(text: str, rng: random.Random) -> None:
    for candidate in (text, mutated(text, rng)):
        compare(candidate, respaced(candidate, rng))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(TRIVIA), st.sampled_from(SOUP)), max_size=30))
def test_token_soup_parses_alike_however_spaced(pieces: list[tuple[str, str]]) -> None:
    text = "".join(space + piece for space, piece in pieces)
    compare(text, respaced(text, random.Random(len(text))))
    compare(text, "".join(piece + " " for _, piece in pieces))
