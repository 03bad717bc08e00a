"""fixer.model.instances: which instances of a counted resource a reference picks."""

from __future__ import annotations

import pytest

from fixer.model.instances import inside, instance_use
from fixer.syntax.parser import parse, parse_expression
from fixer.syntax.values import references


def use_of(text: str) -> tuple[str | None, bool, bool]:
    (ref,) = [r for r in references(parse_expression(text)) if r.root == "aws_nat_gateway"]
    use = instance_use(ref)
    index = None if use.index is None else type(use.index).__name__
    return index, use.by_count_index, use.first_instance


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("aws_nat_gateway.this[count.index].id", ("Traversal", True, False)),
        ("aws_nat_gateway.this.*.id[count.index]", ("Traversal", True, False)),
        ("aws_nat_gateway.this[0].id", ("LiteralValue", False, True)),
        ("aws_nat_gateway.this.0.id", ("LegacyIndex", False, True)),
        ("aws_nat_gateway.this[1].id", ("LiteralValue", False, False)),
        ("aws_nat_gateway.this[*].id", (None, False, False)),
        ("aws_nat_gateway.this", (None, False, False)),
        ("element(aws_nat_gateway.this.*.id, count.index)", (None, False, False)),
        ("aws_nat_gateway.this[count.index % 2].id", ("BinaryOp", False, False)),
        ("aws_nat_gateway.this[count.index.x].id", ("Traversal", False, False)),
    ],
)
def test_instance_use(text: str, expected: tuple[str | None, bool, bool]) -> None:
    assert use_of(text) == expected


def test_an_index_after_a_full_splat_is_marked() -> None:
    (ref,) = references(parse_expression("aws_nat_gateway.this[*].id[0]"))
    use = instance_use(ref)
    assert use.full_splat and use.first_instance
    (ref,) = references(parse_expression("aws_nat_gateway.this.*.id[0]"))
    assert not instance_use(ref).full_splat


def test_inside_a_block() -> None:
    tree = parse('resource "a" "b" {\n  x = a.b[0]\n}\n\noutput "o" {\n  value = a.b[1]\n}\n')
    resource, output = tree.body.blocks
    first, second = (ref.node for ref in references(tree) if ref.subject == "a.b")
    assert inside(resource, first)
    assert not inside(resource, second)
    assert inside(output, second)
