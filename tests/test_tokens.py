"""The token list of a parsed file: what it reads back, and what it costs to keep."""

from __future__ import annotations

import gc
import tracemalloc

from fixer.syntax import tokens as t
from fixer.syntax.lexer import tokenize
from fixer.syntax.parser import parse, parse_chunk

TEXT = 'a = "x${b.c}y" # d\nblock "l" {\n  e = [1, -2] /* f */\n}\n'


def test_reads_back_as_the_scanner_tokens() -> None:
    tokens = parse(TEXT).tokens
    expected = tokenize(TEXT)
    assert list(tokens) == expected
    assert [tokens[i] for i in range(-len(tokens), len(tokens))] == expected + expected
    assert tokens[3:9] == expected[3:9] and tokens[::2] == expected[::2]
    kinds, texts, starts = tokens.arrays()
    assert (list(kinds), list(texts), list(starts)) == (
        [tok.kind for tok in expected],
        [tok.text for tok in expected],
        [tok.start for tok in expected],
    )


def test_tokens_the_tree_holds_come_back_as_the_same_objects() -> None:
    file = parse(TEXT)
    attr = file.body.items[0]
    comment = attr.line_comment
    assert comment is not None
    assert any(tok is comment for tok in file.tokens)
    assert file.tokens[file.tokens.index(comment)] is comment
    # Moved, the tree's token is what the list reads, and the spans are no longer known.
    assert file.tokens.top_level_spans() is not None
    comment.start += 1
    assert file.tokens.top_level_spans() is None
    assert comment.start in file.tokens.arrays()[2]


def test_chunk_tokens_start_at_the_chunk_offset() -> None:
    tokens, _ = parse_chunk("b = 1 # c\n", 100)
    assert [(tok.kind, tok.text, tok.start) for tok in tokens][-3:] == [
        (t.COMMENT, "# c", 106),
        (t.NEWLINE, "\n", 109),
        (t.EOF, "", 110),
    ]
    assert list(tokens.arrays()[1]) == ["b", " ", "=", " ", "1", " ", "# c", "\n", ""]


def test_kept_tokens_cost_a_few_bytes_each() -> None:
    # No token here is held by the tree (numbers and commas): what the list keeps is
    # its own. It used to keep a str and an int object per token (about 100 bytes).
    text = "a = [" + ", ".join(str(1000 + i) for i in range(20_000)) + "]\n"
    gc.collect()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        tokens, items = parse_chunk(text, 0)
        del items
        gc.collect()
        kept = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    assert len(tokens) > 60_000
    assert kept < 8 * len(tokens)
