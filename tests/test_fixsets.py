"""fixer.fixsets: a fix that requires another's result is applied only with it."""

from __future__ import annotations

from fixer.findings import Applicability, Fix, TextEdit
from fixer.fixsets import requirements_met


def fix(title: str, provides: set[str] = set(), requires: set[str] = set()) -> Fix:  # noqa: B006
    return Fix(
        title,
        (TextEdit(title, 0, 0, title),),
        Applicability.SAFE,
        frozenset(provides),
        frozenset(requires),
    )


def test_requirements_met_keeps_fixes_whose_provider_stays() -> None:
    backend = fix("backend", provides={"partial"})
    readme = fix("readme", requires={"partial"})
    other = fix("other")
    assert requirements_met([backend, readme, other]) == [backend, readme, other]
    assert requirements_met([readme, other]) == [other]
    assert requirements_met([readme], provided={"partial"}) == [readme]


def test_requirements_met_drops_chains_whose_first_link_is_missing() -> None:
    a = fix("a", provides={"x"}, requires={"missing"})
    b = fix("b", provides={"y"}, requires={"x"})
    c = fix("c", requires={"y"})
    assert requirements_met([a, b, c]) == []
    assert requirements_met([a, b, c], provided={"missing"}) == [a, b, c]
