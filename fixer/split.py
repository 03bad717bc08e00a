"""Splitting a project into parts whose findings can be worked out from their own files.

Two files are in one part when a codemod's findings on one may read the other (their
`Codemod.reads` say which links count): the files of a directory (a module), a module
and the local modules it calls, a tfvars file, README or script and the module it
belongs to (`Project.home_module`), a test directory and the module it tests, a module
and the README that documents it (`Project.readme_for`), a shell script and the modules
whose variables it sets (FX022) or whose Lambda packages it may build (FX003). The
links are found in the texts, without parsing, and err towards joining: a string that
looks like a local module source joins its directory whether or not it is one.

What a part cannot see is checked when its files are parsed (`fixer.parts`): the
project-wide facts some codemods read (fragment modules, provider sources, the root
modules' AWS providers) and that each home directory holds a module."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from fixer.model.files import SourceFile

# A string that Terraform would read as a local module source (`"./x"`, `"../../y"`).
_LOCAL_SOURCE = re.compile(r'"(\.\.?(?:(?:/|\\\\|\\)[^"\n]*)?)"')
# The variables a script sets: what FX022 searches for (`TF_VAR_x`, `-var x=` ...).
_SCRIPT_VARIABLE = re.compile(r"TF_VAR_([\w-]+)|-var[= ]+['\"]?([\w-]+)=")
_LAMBDA_PACKAGES = ("aws_lambda_function", "aws_lambda_layer_version")  # FX003's NEEDS


# What a codemod's findings on a module may read besides that module's files
# (`Codemod.reads`): "calls" the local modules it calls and those calling it, "homes"
# the tfvars files and other files belonging to it, "tests" its test directory,
# "readmes" the README documenting it, "scripts" every shell script of the project,
# "facts" the project-wide facts of `fixer.parts.Facts`, "project" anything at all.
FILE: frozenset[str] = frozenset()  # the file itself (a file's directory is its unit)
MODEL = frozenset({"calls", "homes", "tests"})  # what `fixer.model.project` links
PROJECT = frozenset({"project"})


@dataclass(frozen=True)
class Part:
    """Files that are checked together (in the order of the project's files), and the
    directories whose module their tfvars files and other files belong to (each must
    hold a `.tf` file that parses, else the part is not what the project sees)."""

    files: tuple[str, ...]
    homes: frozenset[str]


class _Joined:
    """Union-find over file paths."""

    def __init__(self, items: Iterable[str]) -> None:
        self.parent = {item: item for item in items}

    def find(self, item: str) -> str:
        parent = self.parent
        root = item
        while parent[root] != root:
            root = parent[root]
        while parent[item] != root:
            parent[item], item = root, parent[item]
        return root

    def join(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def split(files: Mapping[str, SourceFile], links: frozenset[str]) -> list[Part] | None:
    """The project's parts for codemods reading along `links`, in the order of their
    first file; None when it cannot be split: a codemod reads the whole project, or a
    tfvars file or other file lies above every module, so which module it belongs to
    depends on the whole project (`home_module`'s only root module)."""
    if "project" in links:
        return None
    joined = _Joined(files)
    by_directory: dict[str, list[str]] = {}
    for rel in files:
        by_directory.setdefault(posixpath.dirname(rel), []).append(rel)
    for members in by_directory.values():
        for rel in members[1:]:
            joined.join(members[0], rel)
    tf_directories = {posixpath.dirname(rel) for rel, s in files.items() if s.kind == "tf"}
    homes: dict[str, str] = {}  # file -> the directory of its module
    for rel, source in files.items():
        directory = posixpath.dirname(rel)
        if source.kind == "tf" and "calls" in links:
            for literal in _LOCAL_SOURCE.findall(source.text):
                _join_directory(joined, by_directory, rel, _resolve(directory, literal))
        elif source.kind == "tftest" and "tests" in links:
            if posixpath.basename(directory) == "tests":
                _join_directory(joined, by_directory, rel, posixpath.dirname(directory))
        elif source.kind in ("tfvars", "other") and "homes" in links:
            home = _home(directory, tf_directories)
            if home is None:
                return None
            homes[rel] = home
            _join_directory(joined, by_directory, rel, home)
    if "readmes" in links:
        _join_readmes(joined, files, by_directory, tf_directories)
    if "scripts" in links:
        _join_scripts(joined, files)
    grouped: dict[str, list[str]] = {}
    for rel in files:
        grouped.setdefault(joined.find(rel), []).append(rel)
    return [
        Part(tuple(members), frozenset(homes[rel] for rel in members if rel in homes))
        for members in grouped.values()
    ]


def _resolve(directory: str, literal: str) -> str:
    """The directory a local source names, relative to the root ('..' above it)."""
    path = literal.replace("\\\\", "/").replace("\\", "/")
    return posixpath.normpath(posixpath.join(directory or ".", path))


def _join_directory(
    joined: _Joined, by_directory: Mapping[str, list[str]], rel: str, directory: str
) -> None:
    if directory == ".":
        directory = ""
    members = by_directory.get(directory)
    if members:
        joined.join(rel, members[0])


def _home(directory: str, tf_directories: set[str]) -> str | None:
    """The nearest directory at or above `directory` holding a `.tf` file."""
    while True:
        if directory in tf_directories:
            return directory
        if not directory:
            return None
        directory = posixpath.dirname(directory)


def _join_readmes(
    joined: _Joined,
    files: Mapping[str, SourceFile],
    by_directory: Mapping[str, list[str]],
    tf_directories: set[str],
) -> None:
    """Each module with the nearest `README.md` at or above it (`Project.readme_for`)."""
    readmes = {
        posixpath.dirname(rel): rel
        for rel, source in sorted(files.items(), reverse=True)
        if source.kind == "other" and posixpath.basename(rel).lower() == "readme.md"
    }
    if not readmes:
        return
    for module in tf_directories:
        directory = module
        while True:
            if directory in readmes:
                joined.join(by_directory[module][0], readmes[directory])
                break
            if not directory:
                break
            directory = posixpath.dirname(directory)


def _join_scripts(joined: _Joined, files: Mapping[str, SourceFile]) -> None:
    """Each shell script with the `.tf` files that may declare a variable it sets, and
    with those that may declare a Lambda package (the script may build it)."""
    scripts = [rel for rel, source in files.items() if source.is_shell_script]
    if not scripts:
        return
    tf_files = [(rel, source.text) for rel, source in files.items() if source.kind == "tf"]
    for script in scripts:
        text = files[script].text
        names = {a or b for a, b in _SCRIPT_VARIABLE.findall(text)}
        if names:
            pattern = re.compile(r"\b(?:" + "|".join(map(re.escape, sorted(names))) + r")\b")
            for rel, tf_text in tf_files:
                if pattern.search(tf_text):
                    joined.join(script, rel)
        for rel, tf_text in tf_files:  # FX003: the script that builds a package
            if any(need in tf_text.lower() for need in _LAMBDA_PACKAGES):
                joined.join(script, rel)
