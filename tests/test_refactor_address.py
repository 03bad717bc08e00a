"""Terraform addresses: what parses, what is refused and why, containment for moved chains."""

from __future__ import annotations

import pytest

from fixer.refactor.address import (
    DATA,
    LOCAL,
    MODULE,
    OUTPUT,
    RESOURCE,
    VARIABLE,
    AddressError,
    Call,
    parse_address,
)


@pytest.mark.parametrize(
    ("text", "kind", "shown"),
    [
        ("aws_vpc.main", RESOURCE, "aws_vpc.main"),
        ("data.aws_ami.ubuntu", DATA, "data.aws_ami.ubuntu"),
        ("module.net", MODULE, "module.net"),
        ("module.net[0]", MODULE, "module.net[0]"),
        ('module.a["k"].aws_x.y[2]', RESOURCE, 'module.a["k"].aws_x.y[2]'),
        ("aws_x.y.0", RESOURCE, "aws_x.y[0]"),
        ("module.a.module.b", MODULE, "module.a.module.b"),
        ("var.region", VARIABLE, "var.region"),
        ("local.tags", LOCAL, "local.tags"),
        ("module.net.output.vpc_id", OUTPUT, "module.net.output.vpc_id"),
        ("  aws_x.y-z  ", RESOURCE, "aws_x.y-z"),
    ],
)
def test_parse(text: str, kind: str, shown: str) -> None:
    address = parse_address(text)
    assert address.kind == kind
    assert str(address) == shown
    assert parse_address(shown) == address


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "empty"),
        ("aws_x", "TYPE.NAME"),
        ("aws_x.y.z", "TYPE.NAME"),
        ("data.aws_x", "data.TYPE.NAME"),
        ("var.x[0]", "var.NAME"),
        ("aws_x.y[*]", "splats"),
        ("aws_x.y[true]", "number or a string"),
        ("aws_x.y[var.k]", "number or a string"),
        ("count.index", "not a resource address"),
        ("aws_x.1y", "not a Terraform address"),
        ("module", "module name"),
        ("aws_x.y[0].id", "nothing may follow"),
        ('"aws_x.y"', "not a Terraform address"),
    ],
)
def test_refused_with_a_reason(text: str, message: str) -> None:
    with pytest.raises(AddressError, match=message):
        parse_address(text)


def test_module_steps_keep_their_keys() -> None:
    address = parse_address('module.a[1].module.b["x"].aws_x.y')
    assert address.modules == (Call("a", 1), Call("b", "x"))
    assert address.local == "aws_x.y"
    assert address.has_keys
    assert str(address.without_keys()) == "module.a.module.b.aws_x.y"


@pytest.mark.parametrize(
    ("outer", "inner", "expected"),
    [
        ("aws_x.y", "aws_x.y", True),
        ("aws_x.y", 'aws_x.y["a"]', True),
        ("aws_x.y[1]", "aws_x.y[0]", False),
        ("aws_x.y", "aws_x.z", False),
        ("module.a", "module.a[1].aws_x.y", True),
        ("module.a", "module.a.module.b", True),
        ("module.a[0]", "module.a[1].aws_x.y", False),
        ("module.a", "module.ab.aws_x.y", False),
        ("aws_x.y", "module.aws_x", False),
    ],
)
def test_contains(outer: str, inner: str, expected: bool) -> None:
    assert parse_address(outer).contains(parse_address(inner)) is expected
