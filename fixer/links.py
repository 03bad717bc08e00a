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


def unwritable_changes(
    changed: Iterable[str], unwritable: Mapping[str, str], display: Callable[[str], str]
) -> list[str]:
    """ "path, why" for each changed file no fix may write, sorted by path (a rename that
    must change one is refused whole: `fixer mv`, the editor's rename)."""
    return [f"{display(rel)}, {unwritable[rel]}" for rel in sorted(changed) if rel in unwritable]


def twins(linked: Mapping[str, Link]) -> dict[str, str]:
    """Each file read through a link whose file was read under its own path too -> that path."""
    return {rel: link.twin for rel, link in linked.items() if link.twin is not None}


def unformatted(linked: Mapping[str, Link]) -> frozenset[str]:
    """The files read through a link that no path of the project formats (FX001 skips
    them: `Context.linked`)."""
    return frozenset(rel for rel, link in linked.items() if link.twin is None)


def as_reported(
    findings: Iterable[Finding], linked: Mapping[str, Link], unwritable: Mapping[str, str]
) -> list[Finding]:
    """The findings as a run reports them when some files were read through links.

    A file with a twin (the same file under its own path) belongs to several modules:
    a finding in it is reported once, under the twin's path, and only if every module
    that reads the file finds it (at the same place, with the same message): a variable
    one environment leaves unused while another uses it is not "unused". A fix that
    changes an unwritable file is never applied: the finding is reported without it.
    """
    findings = list(findings)
    if not linked:
        return findings
    doubles = twins(linked)
    readers: dict[str, int] = {}
    for twin in doubles.values():
        readers[twin] = readers.get(twin, 1) + 1
    found_by: dict[tuple[str, str, object, str], int] = {}
    for finding in findings:
        path = doubles.get(finding.path, finding.path)
        if path in readers:
            key = (finding.code, path, finding.span, finding.message)
            found_by[key] = found_by.get(key, 0) + 1
    reported = []
    for finding in findings:
        if finding.path in doubles:
            continue  # reported under the twin's path, if at all
        if finding.path in readers:
            key = (finding.code, finding.path, finding.span, finding.message)
            if found_by[key] < readers[finding.path]:
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
