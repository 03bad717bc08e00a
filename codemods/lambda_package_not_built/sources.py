"""What a Lambda package is made from: the handler's file or directory (without what the
function does not run), a layer's directory, and the script that builds it by hand."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Sequence
from dataclasses import dataclass

from codemods.lambda_package_not_built.paths import ZipPath
from fixer.codemod import Context
from fixer.model.module import Resource
from fixer.model.project import Project
from fixer.syntax.values import try_literal

_EXTENSIONS = {
    "python": (".py",),
    "nodejs": (".js", ".mjs", ".cjs"),
    "ruby": (".rb",),
}
_ALL_EXTENSIONS = (".py", ".js", ".mjs", ".cjs", ".rb")
_SOURCE_DIR_NAMES = ("src", "lambda", "function", "functions", "code", "app")
_LAYER_ROOTS = ("python/", "nodejs/", "ruby/", "java/lib/", "bin/", "lib/")
# Files beside the sources that say the package needs a build step archive_file cannot do.
_DEPENDENCY_FILES = (
    "requirements.txt",
    "Pipfile",
    "pyproject.toml",
    "poetry.lock",
    "package.json",
    "Gemfile",
    "go.mod",
)
_BUILD_COMMANDS = re.compile(
    r"\b(pip3?\s+install|poetry\s+(install|export)|npm\s+(install|ci|run)|yarn|pnpm|"
    r"bundle\s+install|go\s+build|cargo|mvn|gradle|esbuild|webpack|tsc|docker\s+build)\b"
)
_IGNORED_IN_SOURCE_DIR = ("README", "readme", ".gitignore", ".DS_Store")
# Files beside a function's sources that it does not run (kept out of its zip).
_NON_RUNTIME_NAMES = frozenset(
    {
        "Makefile",
        "makefile",
        "GNUmakefile",
        "Taskfile.yml",
        "Taskfile.yaml",
        "taskfile.yml",
        "taskfile.yaml",
        "justfile",
        "Justfile",
        ".justfile",
        "Dockerfile",
        ".dockerignore",
        "conftest.py",
        "pytest.ini",
        "tox.ini",
        ".editorconfig",
        "requirements-dev.txt",
    }
)
_NON_RUNTIME_SUFFIXES = (".sh", ".bash", ".md", ".markdown", ".rst", ".zip", ".pyc", ".tf")
_NON_RUNTIME_DIRS = frozenset(
    {"tests", "test", "__tests__", "__pycache__", ".pytest_cache", ".mypy_cache", ".git"}
)
_TEST_FILE = re.compile(r"^(test_.*\.py|.*_test\.py|.*\.(test|spec)\.[cm]?[jt]s)$")


@dataclass(frozen=True)
class Sources:
    """What to zip: one file (`source_file`) or a directory (`source_dir`), with the
    files under the directory that are not code the function runs (`excludes`, relative
    to it: the build script, READMEs, tests ...)."""

    attribute: str
    rel: str
    dependency_file: str | None = None
    excludes: tuple[str, ...] = ()


# ---------------------------------------------------------------- sources


def find_sources(context: Context, resource: Resource, zip_path: ZipPath) -> Sources | None:
    """The file or directory the package is evidently made from, or None."""
    if resource.type == "aws_lambda_layer_version":
        return _layer_sources(context, zip_path)
    handler_files = _handler_files(resource)
    if not handler_files:
        return None
    zip_dir = posixpath.dirname(zip_path.rel)
    module_dir = zip_path.module_dir
    stem = posixpath.splitext(posixpath.basename(zip_path.rel))[0]
    for directory in _candidate_dirs(zip_dir, module_dir, stem):
        for handler in handler_files:
            path = _join(directory, handler)
            if not context.exists(path):
                continue
            if directory == module_dir:
                # Never zip the module's own directory: it holds the .tf files.
                return Sources("source_file", path)
            return _file_or_dir(context, directory, path, zip_path.rel)
    return None


def _handler_files(resource: Resource) -> list[str]:
    """`index.handler` on python -> ["index.py"]; [] when the handler is not literal."""
    body = resource.block.body
    ok, handler = try_literal(body.attribute("handler").expr if body.attribute("handler") else None)
    if not ok or not isinstance(handler, str) or "." not in handler:
        return []
    ok, runtime = try_literal(body.attribute("runtime").expr if body.attribute("runtime") else None)
    if ok and isinstance(runtime, str):
        family = re.match(r"[a-z]+", runtime)
        extensions = _EXTENSIONS.get(family.group() if family else "", ())
    elif body.attribute("runtime") is None:
        extensions = _ALL_EXTENSIONS
    else:
        return []
    module_part = handler.rsplit(".", 1)[0]
    if not module_part or module_part.startswith(("/", ".")):
        return []
    stem = module_part.replace(".", "/") if ".py" in extensions else module_part
    return [stem + ext for ext in extensions]


def _candidate_dirs(zip_dir: str, module_dir: str, stem: str) -> list[str]:
    candidates = [zip_dir, _join(zip_dir, stem), _join(module_dir, stem)]
    candidates += [_join(module_dir, name) for name in _SOURCE_DIR_NAMES]
    candidates += [_join(zip_dir, name) for name in _SOURCE_DIR_NAMES]
    candidates += [
        _join(module_dir, f"{name}/{stem}") for name in ("lambda", "lambdas", "functions")
    ]
    seen: list[str] = []
    for candidate in candidates:
        if candidate not in seen:
            seen.append(candidate)
    # The module directory itself comes last: a dedicated directory is a better guess.
    if module_dir in seen:
        seen.remove(module_dir)
        seen.append(module_dir)
    return seen


def _file_or_dir(context: Context, directory: str, handler: str, zip_rel: str) -> Sources:
    """One file when the directory holds only the handler (and the zip, and files the
    function does not run), else the directory without those files."""
    present = [path for path in _files_under(context, directory) if path != handler]
    left_out = [path for path in present if path == zip_rel or not_runtime(directory, path)]
    others = [path for path in present if path not in left_out]
    dependency = _dependency_file(others, directory)
    if not others:
        return Sources("source_file", handler)
    excludes = tuple(posixpath.relpath(path, directory or ".") for path in left_out)
    return Sources("source_dir", directory, dependency, excludes)


def not_runtime(directory: str, path: str) -> bool:
    """Whether a file under a function's source directory is not code it runs: a build
    script, a Makefile or task file, docs, tests, caches, other archives."""
    inner = posixpath.relpath(path, directory or ".")
    parts = inner.split("/")
    name = parts[-1]
    if any(part in _NON_RUNTIME_DIRS for part in parts[:-1]):
        return True
    if name in _NON_RUNTIME_NAMES or name.startswith(_IGNORED_IN_SOURCE_DIR):
        return True
    return name.endswith(_NON_RUNTIME_SUFFIXES) or _TEST_FILE.match(name) is not None


def _layer_sources(context: Context, zip_path: ZipPath) -> Sources | None:
    zip_dir = posixpath.dirname(zip_path.rel)
    stem = posixpath.splitext(posixpath.basename(zip_path.rel))[0]
    candidates = [_join(zip_dir, stem), _join(zip_path.module_dir, stem)]
    if zip_dir != zip_path.module_dir:
        candidates.append(zip_dir)
    for directory in candidates:
        files = [path for path in _files_under(context, directory) if path != zip_path.rel]
        prefix = f"{directory}/" if directory else ""
        if any(path[len(prefix) :].startswith(_LAYER_ROOTS) for path in files):
            return Sources("source_dir", directory, _dependency_file(files, directory))
    return None


def _files_under(context: Context, directory: str) -> list[str]:
    prefix = f"{directory}/" if directory else ""
    return sorted(path for path in context.paths if path.startswith(prefix))


def _dependency_file(files: Sequence[str], directory: str) -> str | None:
    for path in files:
        if posixpath.dirname(path) == directory and posixpath.basename(path) in _DEPENDENCY_FILES:
            return path
    return None


def _join(directory: str, name: str) -> str:
    return posixpath.normpath(posixpath.join(directory, name)) if directory else name


def building_script(project: Project, zip_path: ZipPath) -> tuple[str, bool] | None:
    """The script that builds the zip (by its file name), and whether it does more than zip."""
    name = posixpath.basename(zip_path.rel)
    for source in project.other_files:
        if not source.is_shell_script or name not in source.text:
            continue
        return source.rel, _BUILD_COMMANDS.search(source.text) is not None
    return None
