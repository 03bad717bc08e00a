"""What a cached result depends on: fixer's own code, the request, and every file read."""

from __future__ import annotations

import functools
import hashlib
import os
from typing import TYPE_CHECKING
from weakref import WeakKeyDictionary

from fixer import __version__

if TYPE_CHECKING:
    from fixer.discover import Target
    from fixer.model.files import SourceFile
    from fixer.session import Request

FORMAT = 3  # bumped when what an entry holds changes shape


@functools.cache
def code_fingerprint() -> str:
    """fixer's version and the size and modification time of each of its modules (and
    the codemods'), so that an edited checkout or a reinstall never reads old entries."""
    import codemods
    import fixer

    digest = hashlib.blake2b(f"{FORMAT}:{__version__}\n".encode(), digest_size=16)
    for package in (fixer, codemods):
        for rel, size, mtime in _modules(os.path.dirname(package.__file__ or "")):
            digest.update(f"{package.__name__}/{rel}:{size}:{mtime}\n".encode())
    return digest.hexdigest()


def _modules(root: str) -> list[tuple[str, int, int]]:
    """(POSIX path under root, size, mtime) of every `.py` file below root, sorted. With
    os.scandir: Path.rglob took 6 ms of every cached run's start-up, this takes 1."""
    found = []
    pending = [("", root)]
    while pending:
        prefix, directory = pending.pop()
        try:
            entries = list(os.scandir(directory))
        except OSError:
            continue
        for entry in entries:
            rel = prefix + entry.name
            try:
                if entry.is_dir(follow_symlinks=False):
                    pending.append((rel + "/", entry.path))
                elif entry.name.endswith(".py"):
                    stat = entry.stat()
                    found.append((rel, stat.st_size, stat.st_mtime_ns))
            except OSError:
                continue
    found.sort(key=lambda item: item[0].split("/"))
    return found


def text_digest(text: str) -> bytes:
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()


def file_digest(source: SourceFile) -> bytes:
    """The content of one file as the run reads it (its text and byte-order mark);
    worked out once per file (the project's key, its parts' keys and the formatting
    facts all ask)."""
    known = _DIGESTS.get(source)
    if known is None or known[0] is not source.text:
        known = (source.text, text_digest(("\ufeff" if source.bom else "") + source.text))
        _DIGESTS[source] = known
    return known[1]


_DIGESTS: WeakKeyDictionary[SourceFile, tuple[str, bytes]] = WeakKeyDictionary()


def project_key(target: Target, request: Request) -> str:
    """A digest of everything a project's result depends on: `head_key`'s, and the
    content of every file read."""
    digest = hashlib.blake2b(head_key(target, request).encode(), digest_size=20)
    for rel in sorted(target.files):
        source = target.files[rel]
        digest.update(f"\0{rel}\0{source.kind}\0".encode("utf-8", "surrogatepass"))
        digest.update(file_digest(source))
    return digest.hexdigest()


def head_key(target: Target, request: Request) -> str:
    """A digest of what a project's result depends on besides the files' content:
    fixer's code, the mode, settings and codemods, the test hook naming extra codemods,
    where the project is and how its paths are shown, and what discovery found (files
    present, git-ignored, skipped, unreadable, read through links)."""
    from fixer.registry import EXTRA_CODEMODS_VARIABLE

    head = (
        code_fingerprint(),
        request.mode,
        repr(request.settings),
        request.codemod_codes,
        request.respect_gitignore,
        _extra_codemods_state(os.environ.get(EXTRA_CODEMODS_VARIABLE, "")),
        str(target.root.resolve()),
        target.display,
        None if target.selected is None else sorted(target.selected),
        sorted(target.paths),
        sorted(target.ignored),
        [repr(error) for error in target.errors],
        target.skipped,
        sorted(target.stale),
        sorted((rel, repr(link)) for rel, link in target.linked.items()),
    )
    return hashlib.blake2b(repr(head).encode("utf-8", "surrogatepass"), digest_size=20).hexdigest()


def _extra_codemods_state(spec: str) -> list[tuple[str, int, int]]:
    """The test hook's codemods by name, and the size and modification time of each file."""
    state = []
    for entry in filter(None, (part.strip() for part in spec.split(","))):
        where = entry.rpartition(":")[0]
        try:
            stat = os.stat(where) if where.endswith(".py") else None
        except OSError:
            stat = None
        state.append((entry, stat.st_size if stat else -1, stat.st_mtime_ns if stat else -1))
    return state


def root_key(target: Target) -> str:
    """Names the per-file facts of one project root."""
    digest = hashlib.blake2b(digest_size=16)
    digest.update(f"{code_fingerprint()}\0{target.root.resolve()}".encode("utf-8", "surrogatepass"))
    return digest.hexdigest()
