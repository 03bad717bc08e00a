"""What parsed trees keep: names shared between files instead of one copy per use."""

from __future__ import annotations

import gc
import tracemalloc

from fixer.syntax import tokens as t
from fixer.syntax.cst import (
    Attribute,
    Block,
    Body,
    FunctionCall,
    Item,
    Object,
    Template,
    TemplateLiteral,
    Traversal,
    Tuple,
    Variable,
)
from fixer.syntax.memo import facts, memoized
from fixer.syntax.parser import parse


def _names(text: str) -> list[str]:
    # Built at run time, so that no two texts share the names' str objects.
    (block,) = parse(text).body.items
    assert isinstance(block, Block)
    (attr,) = block.body.items
    assert isinstance(attr, Attribute) and isinstance(attr.expr, Traversal)
    source = attr.expr.source
    assert isinstance(source, Variable)
    return [
        block.type_name,
        block.labels[0].value,
        attr.identifier,
        source.identifier,
        attr.expr.steps[0].identifier,  # type: ignore[union-attr]
    ]


def test_names_and_labels_of_different_files_are_one_object_each() -> None:
    words = ["".join(reversed(word)) for word in ("ecruoser", "tekcub_3s_swa", "gnitset")]
    text = '{0} "{1}" {2} {{\n  {2}_name = {1}.{2}_other\n}}\n'.format(*words)
    first, second = _names(text), _names(text[:-1] + "\n")
    assert first == second
    assert all(a is b for a, b in zip(first, second, strict=True))


def test_template_literals_give_the_file_tokens_they_cover() -> None:
    # A literal keeps its text only: its tokens, made on each read, are still the
    # file's own (one per heredoc line, CRLF kept, escapes unresolved).
    text = (
        'a = "x$${y}\\n"\r\nb = <<-E\r\n  p $${q}\r\n  r ${s} t\r\n\r\n  E\r\n'
        'c = <<E\n%{ if x }u\nv%{ endif }\nE\nd = "\\u00e9${"w"}"\n'
    )
    file = parse(text)
    kinds = {t.QUOTED_LIT, t.STRING_LIT}
    expected = [tok for tok in file.tokens if tok.kind in kinds]
    given = [
        tok for node in file.walk() if isinstance(node, TemplateLiteral) for tok in node.tokens
    ]
    assert given == expected
    assert len(expected) == 10
    for node in file.walk():
        if isinstance(node, TemplateLiteral):
            assert node.text == text[node.start : node.end]


def test_nodes_that_meet_share_the_int_of_their_offset() -> None:
    # Past offset 256, where Python makes a new int object for each number computed.
    text = "# " + "x" * 300 + "\n" + "a = var.name.id\nb = 1\n"
    first, second = parse(text).body.items
    assert isinstance(first, Attribute) and isinstance(first.expr, Traversal)
    variable, (name, _) = first.expr.source, first.expr.steps
    assert variable.end == name.start > 256
    assert variable.end is name.start
    assert first.full_end is second.full_start


def test_an_items_first_fact_costs_a_pair_and_later_ones_are_kept_too() -> None:
    # Most items get one fact (their references, FX021 and FX022 read them): a dict per
    # item took 224 bytes where a (function, fact) pair takes 64 (3.7 MB on the corpus).
    file = parse("".join(f"a{i} = {i}\n" for i in range(2_000)))
    items = file.body.items
    calls: list[str] = []

    def first(item: Item) -> str:
        calls.append("first")
        return "fact"  # one shared object: what is measured is the memo's own cost

    def second(item: Item) -> str:
        calls.append("second")
        return memoized(item, first) + "!"  # a fact computed from another

    gc.collect()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        assert all(memoized(item, first) == "fact" for item in items)
        kept = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    assert kept < 100 * len(items)
    item = items[0]
    assert memoized(item, second) == "fact!" and memoized(item, first) == "fact"
    assert memoized(item, second) == "fact!"
    assert facts(item) == {first: "fact", second: "fact!"}
    fresh = items[1]
    fresh.memo = None
    assert memoized(fresh, second) == "fact!"  # `first` memoized while computing it
    assert facts(fresh) == {first: "fact", second: "fact!"}
    assert calls.count("first") == len(items) + 1 and calls.count("second") == 2


def test_nodes_keep_their_sequences_as_tuples_and_share_the_empty_one() -> None:
    # A list costs a header and a separate array, grown with room to spare; a tuple is
    # one block, and every empty tuple is the same object: 21.3 MB of lists on the
    # corpus became 12.0 MB of tuples.
    text = (
        'resource "a" "b" {\n  x = f(var.y.z, "s${v}t", [], {})\n  c {}\n'
        "  l = [for k, v in m : k]\n  o = { k = [1, 2] }\n}\nlocals {}\n"
    )
    fields = {
        Traversal: "steps",
        Template: "parts",
        FunctionCall: "args",
        Tuple: "items",
        Object: "items",
        Body: "items",
        Block: "labels",
    }
    seen: dict[str, list[object]] = {}
    for node in parse(text).walk():
        name = fields.get(type(node))  # type: ignore[call-overload]
        if name is not None:
            seen.setdefault(f"{type(node).__name__}.{name}", []).append(getattr(node, name))
    assert len(seen) == len(fields)
    assert all(type(value) is tuple for values in seen.values() for value in values), seen
    empty = [value for values in seen.values() for value in values if not value]
    made = [Tuple(0, 2, []).items, Body(0, 0, [Body(0, 0, [])]).items[0].items]  # given lists
    assert len(empty) >= 5 and len({id(value) for value in empty + made}) == 1
    assert type(made[0]) is tuple
