"""Which fixes a run may apply when files are named, and which files must be written together."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from fixer.findings import Applicability, Finding


class FixScope:
    """Decides, for the fixing loop (`fixer.runner.fix`'s `only`), which findings a run
    fixes, and remembers what that decision implies.

    With files named (`selected`), a finding counts only if it is in a named file, and
    its fix is applied only if every file it changes or creates was named; such a fix is
    held back and reported instead. Every multi-file fix seen joins its files into a
    group, which is written all or nothing.
    """

    def __init__(self, selected: set[str] | frozenset[str] | None) -> None:
        self.selected = selected
        self._parent: dict[str, str] = {}
        self._held: dict[tuple[str, str, frozenset[str]], Finding] = {}

    def accepts(self, finding: Finding) -> bool:
        fix = finding.fix
        paths = fix.paths if fix is not None else set()
        if len(paths) > 1:
            first, *rest = sorted(paths)
            for other in rest:
                self._union(first, other)
        if self.selected is None:
            return True
        if finding.path not in self.selected:
            return False
        outside = paths - self.selected
        if outside:
            self._held.setdefault((finding.code, finding.path, frozenset(outside)), finding)
            return False
        return True

    def groups(self) -> list[frozenset[str]]:
        """Sets of files (relative paths) changed together by some fix."""
        members: dict[str, set[str]] = {}
        for path in self._parent:
            members.setdefault(self._find(path), set()).add(path)
        return [frozenset(group) for group in members.values() if len(group) > 1]

    def held_back_notes(
        self,
        display: Callable[[str], str],
        allowed: Applicability,
        reason: str = "which {verb} not named on the command line",
    ) -> Iterator[str]:
        """One line per fix held back because it reaches a file that was not named
        (`reason` says why that holds it back; "{verb}" in it agrees with the files)."""
        for (code, path, outside), finding in sorted(self._held.items(), key=lambda i: i[0][:2]):
            fix = finding.fix
            if fix is None or fix.applicability < allowed:
                continue
            names = sorted(display(rel) for rel in outside)
            listed = ", ".join(names)
            verb = "was" if len(names) == 1 else "were"
            span = finding.span
            yield (
                f"{display(path)}:{span.start_line}:{span.start_column}: {code} fix not applied: "
                f"it also changes {listed}, {reason.format(verb=verb)}"
            )

    def _find(self, path: str) -> str:
        parent = self._parent.setdefault(path, path)
        while parent != self._parent[parent]:
            parent = self._parent[parent]
        self._parent[path] = parent
        return parent

    def _union(self, first: str, second: str) -> None:
        self._parent[self._find(second)] = self._find(first)
