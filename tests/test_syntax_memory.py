"""What parsed trees keep: names shared between files instead of one copy per use."""

from __future__ import annotations

from fixer.syntax.cst import Attribute, Block, Traversal, Variable
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
