"""Which fixes a run may apply when files are named, and which files must be written together."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping

from fixer.findings import Applicability, Finding


class FixScope:
    """Decides, for the fixing loop (`fixer.runner.fix`'s `only`), which findings a run
    fixes, and remembers what that decision implies.

    With files named (`selected`), a finding counts only if it is in a named file, and
    its fix is applied only if every file it changes or creates was named; such a fix is
    held back and reported instead. Every multi-file fix seen joins its files into a
    group, which is written all or nothing. A fix that changes an `unwritable` file
    (path -> why: `fixer.links.unwritable`) is held back too.
    """

    def __init__(
        self,
        selected: set[str] | frozenset[str] | None,
        unwritable: Mapping[str, str] | None = None,
    ) -> None:
        self.selected = selected
        self.unwritable = unwritable or {}
        self._parent: dict[str, str] = {}
        self._held: dict[tuple[str, str, frozenset[str]], Finding] = {}
        self._unwritable: dict[tuple[str, str, frozenset[str]], list[Finding]] = {}

    def accepts(self, finding: Finding) -> bool:
        fix = finding.fix
        paths = fix.paths if fix is not None else set()
        if len(paths) > 1:
            first, *rest = sorted(paths)
            for other in rest:
                self._union(first, other)
        if self.selected is not None and finding.path not in self.selected:
            return False
        unwritable = {path for path in paths if path in self.unwritable}
        if unwritable:
            key = (finding.code, finding.path, frozenset(unwritable))
            self._unwritable.setdefault(key, []).append(finding)
            return False
        if self.selected is None:
            return True
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

    def link_notes(
        self,
        display: Callable[[str], str],
        allowed: Applicability,
        reported: Callable[[Finding], bool],
    ) -> Iterator[str]:
        """One line per fix held back because it changes an unwritable file, for the
        findings `reported` keeps (`fixer.links.as_reported` drops some)."""
        for (code, path, paths), findings in sorted(
            self._unwritable.items(), key=lambda item: item[0][:2]
        ):
            finding = next(
                (
                    f
                    for f in findings
                    if f.fix is not None and f.fix.applicability >= allowed and reported(f)
                ),
                None,
            )
            if finding is None:
                continue
            listed = "; ".join(f"{display(rel)}, {self.unwritable[rel]}" for rel in sorted(paths))
            span = finding.span
            yield (
                f"{display(path)}:{span.start_line}:{span.start_column}: {code} fix not applied: "
                f"it changes {listed}"
            )

    def _find(self, path: str) -> str:
        parent = self._parent.setdefault(path, path)
        while parent != self._parent[parent]:
            parent = self._parent[parent]
        self._parent[path] = parent
        return parent

    def _union(self, first: str, second: str) -> None:
        self._parent[self._find(second)] = self._find(first)
