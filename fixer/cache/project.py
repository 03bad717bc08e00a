"""One project's entries: its whole result, and the canonical text of each file read."""

from __future__ import annotations

import pickle
from pathlib import Path
from typing import TYPE_CHECKING

from fixer.cache.keys import file_digest, head_key, project_key, root_key
from fixer.cache.store import Store

if TYPE_CHECKING:
    from fixer.discover import Target
    from fixer.parts import Piece
    from fixer.session import Request, TargetResult

# Results of "fix" runs are kept only when they write nothing: the write phase checks
# each file against what was read in this run, which a stored result did not see.
CACHED_MODES = ("check", "dry-run", "fix")


class ProjectCache:
    """The cache as one project's run sees it; every failure reads as a miss."""

    def __init__(self, store: Store, target: Target, request: Request) -> None:
        self.store = store
        self.target = target
        self.request = request
        self.head = head_key(target, request)
        self.key = project_key(target, request)
        self._facts_name = f"facts-{root_key(target)}.entry"
        self._pieces_name = f"pieces-{self.head}.entry"
        self._facts: dict[bytes, str | None] = {}  # as read: kept for files still present
        self._pieces: dict[str, bytes] = {}  # as read, by part key

    @classmethod
    def open(cls, directory: str, target: Target, request: Request) -> ProjectCache | None:
        store = Store.open(Path(directory))
        return None if store is None else cls(store, target, request)

    def result(self) -> TargetResult | None:
        """The stored result of the same request on the same files, if any."""
        if self.request.mode not in CACHED_MODES:
            return None
        payload = self.store.read(f"result-{self.key}.entry")
        if payload is None:
            return None
        try:
            result = pickle.loads(payload)
        except Exception:  # an entry of another fixer (a format change): a miss
            return None
        from fixer.session import TargetResult

        return result if isinstance(result, TargetResult) else None

    def canonical_texts(self) -> dict[str, str]:
        """The canonical text (FX001's) of each file read whose content was seen before
        (only files that parse are kept)."""
        payload = self.store.read(self._facts_name)
        if payload is None:
            return {}
        try:
            facts = pickle.loads(payload)
        except Exception:
            return {}
        if not isinstance(facts, dict):
            return {}
        self._facts = facts
        known: dict[str, str] = {}
        for rel, source in self.target.files.items():
            if not source.is_hcl:
                continue
            fact = facts.get(file_digest(source), False)
            if fact is None:
                known[rel] = source.text
            elif isinstance(fact, str):
                known[rel] = fact
        return known

    def pieces(self) -> dict[str, Piece]:
        """The pieces stored by the last check of this project with the same request and
        the same files present, by part key (`fixer.parts`)."""
        payload = self.store.read(self._pieces_name)
        if payload is None:
            return {}
        try:
            stored = pickle.loads(payload)
            self._pieces = {key: data for key, data in stored.items() if isinstance(data, bytes)}
            return {key: pickle.loads(data) for key, data in self._pieces.items()}
        except Exception:
            self._pieces = {}
            return {}

    def save_pieces(self, pieces: dict[str, Piece], reused: set[str]) -> None:
        """Store the pieces of this run's parts, in place of the last run's: one entry
        per project and request, holding the parts it has now (each pickled on its own:
        those `reused` from the cache are written back as they were read)."""
        try:
            stored = {key: self._pieces.get(key) if key in reused else None for key in pieces}
            for key, piece in pieces.items():
                if stored[key] is None:
                    stored[key] = pickle.dumps(piece, pickle.HIGHEST_PROTOCOL)
        except Exception:  # something in a finding that does not pickle: not kept
            return
        self.store.write(self._pieces_name, pickle.dumps(stored, pickle.HIGHEST_PROTOCOL))

    def save(self, result: TargetResult) -> None:
        """Store the result and the canonical texts known: worked out in this run, or
        read from the cache for files still present (a run part by part reads only some
        files)."""
        facts: dict[bytes, str | None] = {}
        for source in self.target.files.values():
            digest = file_digest(source)
            canonical = source.known_canonical
            if canonical is not None and source.error is None:  # known: no parse
                facts[digest] = None if canonical == source.text else canonical
            elif digest in self._facts:
                facts[digest] = self._facts[digest]
        if facts:
            self.store.write(self._facts_name, pickle.dumps(facts, pickle.HIGHEST_PROTOCOL))
        if self.request.mode in CACHED_MODES and not (
            self.request.mode == "fix" and result.changes
        ):
            try:
                payload = pickle.dumps(result, pickle.HIGHEST_PROTOCOL)
            except Exception:  # something in a finding that does not pickle: not kept
                payload = b""
            if payload:
                self.store.write(f"result-{self.key}.entry", payload)
        self.store.prune()
