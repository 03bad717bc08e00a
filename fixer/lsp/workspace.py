"""The whole workspace: its project roots, checked one at a time while the editor is idle."""

from __future__ import annotations

import asyncio
import os
import time
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from fixer.discover import SKIPPED_DIRS, wanted
from fixer.lsp.roots import MAX_ROOT_FILES, more_files_than

if TYPE_CHECKING:
    from fixer.lsp.analysis import Analysis
    from fixer.lsp.server import FixerServer

# Directory entries looked at when searching the workspace folders for project roots.
MAX_SCAN_ENTRIES = 100_000
# A background check starts only after this long without a change or a pending check,
# so that typing in an open document never waits behind one.
IDLE_SECONDS = 0.3
_MARKERS = (".tf", ".tfvars")


def find_roots(
    folders: Sequence[Path], root_of: Callable[[Path], Path]
) -> tuple[list[Path], list[str]]:
    """The project roots of the directories holding Terraform files under the folders
    (each directory's root as `root_of` says), and log lines on what was left out."""
    roots: set[Path] = set()
    log: list[str] = []
    seen = 0
    for folder in folders:
        for directory, dirnames, filenames in os.walk(folder):
            seen += len(dirnames) + len(filenames)
            if seen > MAX_SCAN_ENTRIES:
                log.append(
                    f"workspace scan stopped after {MAX_SCAN_ENTRIES} entries: files in "
                    "folders not reached get diagnostics once a file of theirs is opened"
                )
                return sorted(roots), log
            dirnames[:] = sorted(d for d in dirnames if d not in SKIPPED_DIRS)
            if any(name.endswith(_MARKERS) and wanted(name) for name in filenames):
                roots.add(root_of(Path(directory)))
    return sorted(roots), log


class Background:
    """Roots waiting for a check without an open document, done one per turn of the
    event loop once the server is idle (IDLE_SECONDS without a change or pending check)."""

    def __init__(self, server: FixerServer) -> None:
        self.server = server
        self.queue: dict[Path, None] = {}
        self.known: set[Path] = set()  # every root found or checked
        self.idle = IDLE_SECONDS
        self._handle: asyncio.TimerHandle | None = None

    def add(self, roots: Iterable[Path]) -> None:
        for root in roots:
            self.known.add(root)
            self.queue[root] = None
        self._wake(self.idle)

    def _wake(self, delay: float) -> None:
        if self._handle is not None or not self.queue:
            return
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return
        self._handle = loop.call_later(delay, self._step)

    def _step(self) -> None:
        self._handle = None
        server = self.server
        quiet_for = time.monotonic() - server.last_change
        if server.busy or quiet_for < self.idle:
            self._wake(max(self.idle - quiet_for, 0.05))
            return
        root = next(iter(self.queue))
        del self.queue[root]
        try:
            if not root.is_dir():
                server.publish_files(root, _empty(root))
            elif more_files_than(root, MAX_ROOT_FILES):
                server.log_once(
                    f"{root} holds more than {MAX_ROOT_FILES} files: its unopened files are "
                    "not checked in the background"
                )
            else:
                server.check_in_background(root)
        except Exception as error:  # one root never stops the others
            from fixer.lsp.server import describe

            server.log_once(f"background check of {root} failed: {describe(error)}")
        self._wake(0.0)


def _empty(root: Path) -> Analysis:
    """An analysis of a root that is gone: publishing it clears what its files had."""
    from fixer.config import Settings
    from fixer.lsp.analysis import Analysis

    return Analysis(root, Settings(), ())
