"""fixer's temporary files: recognisable names, and what to do with those an interrupted run left."""

from __future__ import annotations

import os
import re
import time
from dataclasses import dataclass

# `.main.tf.fixer-4242-1a2b3c4d.tmp`: the new text, renamed over main.tf when complete.
# `.main.tf.fixer-4242-<hash of the new text>.orig`: main.tf's original text, kept while
# main.tf is rewritten in place (a file with several hard links, or owned by another user).
_TEMP = re.compile(
    r"^\.(?P<name>.+)\.fixer-(?P<pid>\d+)-(?P<token>[0-9a-f]{8,64})\.(?P<kind>tmp|orig)$"
)
STALE_AFTER_SECONDS = 3600.0


@dataclass(frozen=True, slots=True)
class TempName:
    """A parsed temporary file name: the file it belongs to, the writer's pid, its kind."""

    target: str
    pid: int
    token: str
    kind: str  # "tmp" or "orig"


def temp_name(target: str, kind: str = "tmp", token: str | None = None) -> str:
    """A fresh temporary name beside `target` (a file name, not a path)."""
    return f".{target}.fixer-{os.getpid()}-{token or os.urandom(4).hex()}.{kind}"


def is_temp_name(name: str) -> bool:
    return _TEMP.match(name) is not None


def parse_temp_name(name: str) -> TempName | None:
    match = _TEMP.match(name)
    if match is None:
        return None
    return TempName(match["name"], int(match["pid"]), match["token"], match["kind"])


def abandoned(path: str, parsed: TempName, now: float | None = None) -> bool:
    """Whether a temporary file was left by a run that is over: its process is gone, or
    it is older than STALE_AFTER_SECONDS (the pid may have been reused)."""
    if parsed.pid == os.getpid():
        return False
    try:
        age = (now or time.time()) - os.lstat(path).st_mtime
    except OSError:
        return False
    if age > STALE_AFTER_SECONDS:
        return True
    try:
        os.kill(parsed.pid, 0)
    except ProcessLookupError:
        return True
    except OSError:
        return False  # alive, owned by someone else
    return False
