"""Terminal output: whether to colour (`--color`, NO_COLOR, FORCE_COLOR, a TTY), colour
through rich, and a progress bar on stderr for runs longer than a second."""

from __future__ import annotations

import os
import sys
import threading
import time
from collections.abc import Callable
from typing import IO, Any

COLOR_CHOICES = ("auto", "always", "never")
PROGRESS_DELAY = 1.0  # seconds before a run shows a progress bar


def wants_color(choice: str, stream: IO[str]) -> bool:
    """`always` and `never` decide; `auto` colours a terminal unless NO_COLOR is set (to
    anything but ""), or TERM is "dumb"; FORCE_COLOR colours any stream."""
    if choice == "always":
        return True
    if choice == "never" or os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return is_terminal(stream)


def is_terminal(stream: IO[str]) -> bool:
    if os.environ.get("TERM") == "dumb":
        return False
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # a closed or replaced stream
        return False


def painter(enabled: bool, stream: IO[str]) -> Callable[[str, str], str] | None:
    """A function styling text for `stream` through rich (None when colour is off: then rich
    is not even imported, which keeps pre-commit and CI runs fast)."""
    if not enabled:
        return None
    from rich.console import Console
    from rich.style import Style

    console = Console(file=stream, force_terminal=True, highlight=False)
    system = _system(console.color_system or "standard")
    styles: dict[str, Style] = {}

    def paint(text: str, style: str) -> str:
        if not text:
            return text
        if style not in styles:
            styles[style] = Style.parse(style)
        return styles[style].render(text, color_system=system)

    return paint


def _system(name: str) -> Any:
    from rich.color import ColorSystem

    return {
        "standard": ColorSystem.STANDARD,
        "256": ColorSystem.EIGHT_BIT,
        "truecolor": ColorSystem.TRUECOLOR,
        "windows": ColorSystem.WINDOWS,
    }.get(name, ColorSystem.STANDARD)


class Progress:
    """A progress bar on stderr that appears only once a run has taken `delay` seconds,
    and only on a terminal: `update(done, total)` as paths finish; a context manager."""

    def __init__(
        self,
        label: str,
        total: int,
        stream: IO[str] | None = None,
        delay: float = PROGRESS_DELAY,
        enabled: bool | None = None,
    ) -> None:
        self.label = label
        self.total = total
        self.stream = stream or sys.stderr
        self.delay = delay
        self.enabled = is_terminal(self.stream) if enabled is None else enabled
        self.done = 0
        self._lock = threading.Lock()
        self._timer: threading.Timer | None = None
        self._bar: Any = None
        self._task: Any = None
        self._finished = False
        self._started = 0.0

    def __enter__(self) -> Progress:
        self._started = time.monotonic()
        if self.enabled:
            self._timer = threading.Timer(self.delay, self._show)
            self._timer.daemon = True
            self._timer.start()
        return self

    def _show(self) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeElapsedColumn
        from rich.progress import Progress as Bar

        with self._lock:
            if self._finished:
                return
            console = Console(file=self.stream, force_terminal=True, highlight=False)
            columns: list[Any] = [TextColumn(self.label), BarColumn()]
            if self.total > 1:
                columns.append(MofNCompleteColumn())
            columns.append(TimeElapsedColumn())
            self._bar = Bar(*columns, console=console, transient=True)
            total = self.total if self.total > 1 else None  # one path: a pulsing bar
            self._task = self._bar.add_task(self.label, total=total, completed=self.done)
            for task in self._bar.tasks:  # the time shown counts from the start of the run
                task.start_time = self._started
            self._bar.start()

    def update(self, done: int, total: int) -> None:
        with self._lock:
            self.done = done
            if self._bar is not None and self.total > 1:
                self._bar.update(self._task, completed=done)

    def __exit__(self, *exc: object) -> None:
        with self._lock:
            self._finished = True
            if self._timer is not None:
                self._timer.cancel()
            if self._bar is not None:
                self._bar.stop()

    @property
    def shown(self) -> bool:
        return self._bar is not None
