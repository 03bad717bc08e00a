"""Files read through links: which paths no fix may write, and findings reported once."""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Iterable, Mapping
from dataclasses import replace
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from fixer.discover import Link
    from fixer.findings import Finding


def unwritable(linked: Mapping[str, Link], display: Callable[[str], str]) -> dict[str, str]:
    """Path -> why no fix writes it: every file read through a link, and a file that
    another directory's module reads through a link (a fix made for one module could
    break the other)."""
    reasons = {
        rel: f"{link.what} (fixer never writes through links)" for rel, link in linked.items()
    }
    readers: dict[str, list[str]] = {}
    for rel, link in linked.items():
        if link.twin is not None and posixpath.dirname(rel) != posixpath.dirname(link.twin):
            readers.setdefault(link.twin, []).append(display(rel))
    for twin, names in readers.items():
        reasons[twin] = f"which other modules read through links ({', '.join(sorted(names))})"
    return reasons


def twins(linked: Mapping[str, Link]) -> dict[str, str]:
    """Each file read through a link whose file was read under its own path too -> that path."""
    return {rel: link.twin for rel, link in linked.items() if link.twin is not None}


def repeated(finding: Finding, twins: Mapping[str, str], seen: set[tuple]) -> bool:
    """Whether a finding in a file read through a link is its twin's (in `seen`: code,
    path, span and message of the findings not in such files)."""
    twin = twins.get(finding.path)
    return twin is not None and (finding.code, twin, finding.span, finding.message) in seen


def as_reported(
    findings: Iterable[Finding], linked: Mapping[str, Link], unwritable: Mapping[str, str]
) -> list[Finding]:
    """The findings as a run reports them when some files were read through links.

    A finding in such a file that its twin (the same file under its own path) has too,
    at the same place with the same message, is the twin's: reported once. A fix that
    changes an unwritable file is never applied: the finding is reported without it.
    """
    findings = list(findings)
    if not linked:
        return findings
    seen = {(f.code, f.path, f.span, f.message) for f in findings if f.path not in linked}
    doubles = twins(linked)
    reported = []
    for finding in findings:
        if repeated(finding, doubles, seen):
            continue
        fix = finding.fix
        if fix is not None and any(path in unwritable for path in fix.paths):
            finding = replace(finding, fix=None)
        reported.append(finding)
    return reported


def notes(
    linked: Mapping[str, Link], display: Callable[[str], str], shown: Callable[[str], bool]
) -> list[str]:
    """A line for each file read through a link that no path of the project formats
    (and that `shown` accepts): its module reads it, fixer neither formats nor writes it."""
    return [
        f"{display(rel)}: read for its module, never formatted or written: {link.what}"
        for rel, link in sorted(linked.items())
        if link.twin is None and shown(rel)
    ]
