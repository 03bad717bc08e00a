"""fixer.fixsets: a fix that requires another's result is applied only with it."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from fixer.discover import Target
from fixer.findings import Applicability, Finding, Fix, Span, TextEdit
from fixer.fixsets import requirements_met, with_requirements
from fixer.model.files import SourceFile
from fixer.origins import Origins, finding_on_original
from fixer.session import relocate


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


def _finding_with(fix_: Fix) -> Finding:
    return Finding("FX012", "readme", "m", "README.md", Span(0, 1, 1, 1, 1, 2), fix=fix_)


def test_findings_moved_to_the_users_paths_keep_what_their_fix_provides_and_requires(
    tmp_path: Path,
) -> None:
    """session.relocate (paths as the user gave them) used to rebuild the Fix from its
    title, changes and applicability, dropping `provides` and `requires`."""
    readme = fix("README.md", provides={"docs"}, requires={"partial"})
    target = Target(tmp_path, "project")
    moved = relocate(_finding_with(readme), target)
    assert moved.fix is not None
    assert moved.fix.changes[0].path == "project/README.md"
    assert (moved.fix.provides, moved.fix.requires) == (readme.provides, readme.requires)
    assert replace(moved.fix, changes=readme.changes) == readme  # no other field lost


def test_findings_located_in_the_original_texts_keep_them_too() -> None:
    """origins.finding_on_original (dry-run reports) rebuilt the Fix the same way."""
    readme = fix("README.md", provides={"docs"}, requires={"partial"})
    original = {"README.md": SourceFile("README.md", "README.md text\n")}
    origins = {"README.md": Origins()}
    origins["README.md"].record([(0, 0, 3)])  # three characters inserted by a fix
    texts = {"README.md": "abcREADME.md text\n"}
    located = finding_on_original(_finding_with(readme), original, texts, origins)
    assert located.fix is not None
    assert (located.fix.provides, located.fix.requires) == (readme.provides, readme.requires)


def test_with_requirements_brings_the_providers_along_or_nothing() -> None:
    backend = fix("backend", provides={"partial"})
    other_backend = fix("other backend", provides={"partial"})
    readme = fix("readme", requires={"partial", "example"})
    example = fix("example", provides={"example"}, requires={"partial"})
    assert with_requirements(backend, [readme]) == [backend]  # needs nothing
    assert with_requirements(readme, [backend, other_backend, example]) == [
        readme,
        example,
        backend,
    ]
    assert with_requirements(readme, [example]) is None  # "partial" has no provider
    assert with_requirements(readme, [backend], provided={"example"}) == [readme, backend]
