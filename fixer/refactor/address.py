"""Terraform addresses as values: `aws_vpc.main`, `data.t.n`, `module.a["k"].aws_x.y`, `var.x`."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from fixer.syntax.cst import Expression, GetAttr, Index, LegacyIndex, Traversal, Variable
from fixer.syntax.errors import HCLSyntaxError
from fixer.syntax.parser import parse_expression
from fixer.syntax.values import try_literal

IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*\Z")

# What an address names. "resource" and "data" have a type; the others only a name.
RESOURCE, DATA, MODULE, VARIABLE, LOCAL, OUTPUT = (
    "resource",
    "data",
    "module",
    "variable",
    "local",
    "output",
)
_ROOTS = {"var": VARIABLE, "local": LOCAL, "output": OUTPUT}
_PREFIXES = {VARIABLE: "var", LOCAL: "local", OUTPUT: "output", DATA: "data", MODULE: "module"}

Key = str | int | None  # an instance key; None when the address names no instance


class AddressError(ValueError):
    """An address the user wrote that is not a valid Terraform address."""


@dataclass(frozen=True, slots=True)
class Call:
    """One `module.<name>[<key>]` step of an address."""

    name: str
    key: Key = None

    def __str__(self) -> str:
        return f"module.{self.name}{format_key(self.key)}"


@dataclass(frozen=True, slots=True)
class Address:
    """An object of the configuration (or of the state, with instance keys).

    `modules` are the module calls leading to the module that declares the object
    (empty for the root module). For kind MODULE the object is the last call itself:
    `modules` leads to the calling module and `name`/`key` are the call's.
    """

    kind: str
    name: str
    type: str = ""
    key: Key = None
    modules: tuple[Call, ...] = ()

    def __str__(self) -> str:
        prefix = "".join(f"{call}." for call in self.modules)
        if self.kind == RESOURCE:
            local = f"{self.type}.{self.name}"
        elif self.kind == DATA:
            local = f"data.{self.type}.{self.name}"
        else:
            local = f"{_PREFIXES[self.kind]}.{self.name}"
        return prefix + local + format_key(self.key)

    @property
    def local(self) -> str:
        """The address within its module, without instance key (`aws_vpc.main`, `module.a`)."""
        return str(Address(self.kind, self.name, self.type))

    @property
    def movable(self) -> bool:
        """Whether moved blocks can name it: managed resources and module calls."""
        return self.kind in (RESOURCE, MODULE)

    @property
    def has_keys(self) -> bool:
        return self.key is not None or any(call.key is not None for call in self.modules)

    def without_keys(self) -> Address:
        calls = tuple(Call(call.name) for call in self.modules)
        return Address(self.kind, self.name, self.type, None, calls)

    def in_module(self, calls: tuple[Call, ...]) -> Address:
        """The same object seen from a module further up (`calls` lead to its module)."""
        return Address(self.kind, self.name, self.type, self.key, calls + self.modules)

    def steps(self) -> tuple[tuple[str, Key], ...]:
        """The path as (segment, key) pairs, for comparing addresses of moved blocks."""
        out = tuple((f"module.{call.name}", call.key) for call in self.modules)
        return (*out, (self.local, self.key))

    def contains(self, other: Address) -> bool:
        """Whether `other` is this object, one of its instances, or (for a module call)
        inside it: `aws_x.y` contains `aws_x.y[0]`, `module.a` contains `module.a.aws_x.y`."""
        mine, theirs = self.steps(), other.steps()
        if len(theirs) < len(mine):
            return False
        for (segment, key), (their_segment, their_key) in zip(mine, theirs, strict=False):
            if segment != their_segment:
                return False
            if key is not None and key != their_key:
                return False
        return len(theirs) == len(mine) or self.kind == MODULE


def format_key(key: Key) -> str:
    if key is None:
        return ""
    if isinstance(key, int):
        return f"[{key}]"
    return f"[{json.dumps(key, ensure_ascii=False)}]"


def valid_name(name: str) -> bool:
    """Whether a name is a valid identifier for a block label Terraform addresses."""
    return IDENTIFIER.match(name) is not None


def parse_address(text: str) -> Address:
    """The address written in `text`; raises AddressError saying what is wrong."""
    stripped = text.strip()
    if not stripped:
        raise AddressError("an address is empty")
    try:
        expr = parse_expression(stripped)
    except HCLSyntaxError:
        raise AddressError(f"{text!r} is not a Terraform address") from None
    return address_of(expr, text)


def address_of(expr: Expression, shown: str | None = None) -> Address:
    """The address an expression (a traversal in a moved/import block) writes."""
    shown = shown if shown is not None else "the expression"
    steps = _steps(expr, shown)
    calls: list[Call] = []
    i = 0
    while i < len(steps) and steps[i] == ("module", None):
        if i + 1 >= len(steps) or not isinstance(steps[i + 1], tuple):
            raise AddressError(f"{shown!r}: `module` must be followed by a module name")
        name, key = steps[i + 1]
        if key is None and i + 2 < len(steps) and not isinstance(steps[i + 2], tuple):
            key = steps[i + 2]
            i += 1
        calls.append(Call(_identifier(name, shown), key))
        i += 2
    rest = steps[i:]
    if not rest:
        if not calls:
            raise AddressError(f"{shown!r} is not a Terraform address")
        last = calls.pop()
        return Address(MODULE, last.name, key=last.key, modules=tuple(calls))
    names: list[str] = []
    key: Key = None
    for position, step in enumerate(rest):
        if isinstance(step, tuple):
            names.append(step[0])
            if step[1] is not None:
                key = step[1]
        elif position == len(rest) - 1 and key is None:
            key = step
        else:
            raise AddressError(
                f"{shown!r}: nothing may follow an instance key (except in module.NAME[KEY])"
            )
    root = names[0]
    if root in _ROOTS:
        if len(names) != 2 or key is not None:
            raise AddressError(f"{shown!r}: write {root}.NAME")
        return Address(_ROOTS[root], _identifier(names[1], shown), modules=tuple(calls))
    if root == "data":
        if len(names) != 3:
            raise AddressError(f"{shown!r}: a data source is data.TYPE.NAME")
        return Address(
            DATA, _identifier(names[2], shown), _identifier(names[1], shown), key, tuple(calls)
        )
    if len(names) != 2:
        raise AddressError(f"{shown!r}: a resource is TYPE.NAME")
    if root in ("count", "each", "path", "self", "terraform", "module"):
        raise AddressError(f"{shown!r} is not a resource address")
    return Address(
        RESOURCE, _identifier(names[1], shown), _identifier(root, shown), key, tuple(calls)
    )


def _identifier(name: str, shown: str) -> str:
    if not valid_name(name):
        raise AddressError(f"{shown!r}: {name!r} is not a valid name")
    return name


def _steps(expr: Expression, shown: str) -> list[tuple[str, Key] | Key]:
    """Names as (name, None) and instance keys as bare values, in order."""
    if isinstance(expr, Variable):
        return [(expr.name.text, None)]
    if not isinstance(expr, Traversal) or not isinstance(expr.source, Variable):
        raise AddressError(f"{shown!r} is not a Terraform address")
    out: list[tuple[str, Key] | Key] = [(expr.source.name.text, None)]
    for step in expr.steps:
        if isinstance(step, GetAttr):
            out.append((step.name.text, None))
        elif isinstance(step, LegacyIndex):
            out.append(int(step.number.text))
        elif isinstance(step, Index):
            ok, value = try_literal(step.key)
            if not ok or isinstance(value, bool) or not isinstance(value, str | int):
                raise AddressError(f"{shown!r}: an instance key must be a number or a string")
            out.append(value)
        else:
            raise AddressError(f"{shown!r}: splats are not allowed in an address")
    return out
