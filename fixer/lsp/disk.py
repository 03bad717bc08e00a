"""The files under a project root as the CLI reads them, re-read only when they change on disk."""

from __future__ import annotations

from pathlib import Path

from fixer.discover import Target, _read, _walk, git_ignored, settle_links
from fixer.model.files import SourceFile
from fixer.reports.model import FileError

# What reading one file gave: the source, or an error, or a reason it was skipped.
_Read = SourceFile | FileError | tuple[str, str] | None


class DiskFiles:
    """Reads project roots like `fixer.discover`, keeping each file's `SourceFile` (and so
    its parse tree) while its modification time and size stay the same, and what git
    ignores while the files and `.gitignore`s stay the same."""

    def __init__(self) -> None:
        self._cache: dict[tuple[Path, str], tuple[tuple[int, int], _Read]] = {}
        self._ignored: dict[Path, tuple[object, set[str]]] = {}

    def read(self, root: Path, exclude: tuple[str, ...] = ()) -> Target:
        """The root's files, paths, read errors and skipped files, as `discover` gives them."""
        target = Target(root, "")
        if not root.is_dir():
            return target
        rels = _walk(root, target, exclude)
        seen = set()
        for rel in rels:
            key = (root, rel)
            seen.add(key)
            try:
                stat = (root / rel).stat()
            except OSError:
                continue
            stamp = (stat.st_mtime_ns, stat.st_size)
            cached = self._cache.get(key)
            if cached is None or cached[0] != stamp:
                cached = (stamp, _read_one(root, rel))
                self._cache[key] = cached
            result = cached[1]
            if isinstance(result, SourceFile):
                target.files[rel] = result
            elif isinstance(result, FileError):
                target.errors.append(result)
            elif result is not None:
                target.skipped.append(result)
        settle_links(target)
        for key in [k for k in self._cache if k[0] == root and k not in seen]:
            del self._cache[key]
        target.ignored = self._git_ignored(root, target.paths)
        return target

    def _git_ignored(self, root: Path, paths: set[str]) -> set[str]:
        """`git_ignored(root) & paths`, asked of git again only when the files or a
        `.gitignore` changed."""
        rules = []
        for rel in sorted(paths):
            if rel.rpartition("/")[2] == ".gitignore":
                try:
                    rules.append((rel, (root / rel).stat().st_mtime_ns))
                except OSError:
                    continue
        stamp = (frozenset(paths), tuple(rules))
        cached = self._ignored.get(root)
        if cached is None or cached[0] != stamp:
            cached = (stamp, git_ignored(root) & paths)
            self._ignored[root] = cached
        return set(cached[1])


def _read_one(root: Path, rel: str) -> _Read:
    scratch = Target(root, "")
    _read(scratch, rel)
    if rel in scratch.files:
        return scratch.files[rel]
    if scratch.errors:
        return scratch.errors[0]
    if scratch.skipped:
        return scratch.skipped[0]
    return None
