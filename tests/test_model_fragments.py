"""fixer.model.fragments: fragment modules and the modules codemods judge whole."""

from __future__ import annotations

from collections.abc import Iterator

from fixer.model.files import SourceFile
from fixer.model.fragments import find_fragments, whole_modules
from fixer.model.project import build_project


class CountedPaths(frozenset[str]):
    """A set of paths that counts how often it is gone through."""

    walks = 0

    def __iter__(self) -> Iterator[str]:
        CountedPaths.walks += 1
        return super().__iter__()


def project_of(texts: dict[str, str]):  # type: ignore[no-untyped-def]
    return build_project({rel: SourceFile(rel, text) for rel, text in texts.items()})


def test_whole_modules_skip_fragments_errors_and_json_directories() -> None:
    project = project_of(
        {
            "a/main.tf": "locals {\n  x = 1\n}\n",
            "b/main.tf": "locals {\n  x = var.elsewhere\n}\n",
            "c/main.tf": "locals {\n  x = 1\n}\n",
            "d/main.tf": "locals {\n",
        }
    )
    paths = frozenset({"a/main.tf", "b/main.tf", "c/main.tf", "c/extra.tf.json", "d/main.tf"})
    whole = whole_modules(project, paths, find_fragments(project))
    assert [module.path for module in whole] == ["a"]


def test_the_paths_are_gone_through_once_not_once_per_module() -> None:
    texts = {f"m{i}/main.tf": "locals {\n  x = 1\n}\n" for i in range(20)}
    project = project_of(texts)
    paths = CountedPaths({*texts, "m3/x.tf.json"})
    CountedPaths.walks = 0
    whole = [m.path for m in whole_modules(project, paths, find_fragments(project))]
    assert len(whole) == 19 and "m3" not in whole
    assert CountedPaths.walks == 1


def test_fragments_are_found_once_per_project() -> None:
    project = project_of({"main.tf": "locals {\n  x = var.elsewhere\n}\n"})
    fragments = find_fragments(project)
    assert fragments.modules == {""} and fragments.reads == {"var.elsewhere"}
    assert find_fragments(project) is fragments
    assert find_fragments(project_of({"main.tf": ""})) is not fragments
