"""The cache directory: authenticated entries written atomically, pruned to a size bound."""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import os
from pathlib import Path

MAGIC = b"fixer-cache-1\n"
MAX_BYTES = 256 * 1024 * 1024  # the whole directory; the least recently used go first
MAX_ENTRIES = 200
GITIGNORE = "# Automatically created by fixer.\n*\n"
CACHEDIR_TAG = (
    "Signature: 8a477f597d28d172789f06886806bc55\n"
    "# This file is a cache directory tag created by fixer.\n"
)
KEY_FILE = "cache-key"


def user_key_path() -> Path:
    """Where the user's secret for signing cache entries lives (outside any project)."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "fixer" / KEY_FILE


def user_key() -> bytes | None:
    """The user's signing secret, made on first use; None when it cannot be kept.

    Entries are pickles, and loading a pickle can run code: a `.fixer_cache` committed
    to a repository (or planted in a pull request the bot checks) must never be
    loaded. Only entries signed with this secret, which never leaves the user's own
    cache directory, are."""
    path = user_key_path()
    try:
        data = path.read_bytes()
        if len(data) >= 32:
            return data
    except OSError:
        pass
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        _write_atomic(path, os.urandom(32), mode=0o600)
        data = path.read_bytes()  # a concurrent run may have won: use what is there
    except OSError:
        return None
    return data if len(data) >= 32 else None


class Store:
    """Entries (named bytes) in one cache directory; any problem reads as a miss."""

    def __init__(self, directory: Path, key: bytes) -> None:
        self.directory = directory
        self._key = key

    @classmethod
    def open(cls, directory: Path) -> Store | None:
        """The store in `directory`, created with its `.gitignore` (like ruff's); None
        when it cannot be created or the signing secret cannot be kept."""
        key = user_key()
        if key is None:
            return None
        try:
            directory.mkdir(parents=True, exist_ok=True)
            for name, text in ((".gitignore", GITIGNORE), ("CACHEDIR.TAG", CACHEDIR_TAG)):
                if not (directory / name).exists():
                    _write_atomic(directory / name, text.encode())
        except OSError:
            return None
        return cls(directory, key)

    def read(self, name: str) -> bytes | None:
        """An entry's payload, or None when missing, truncated, corrupt or not ours."""
        path = self.directory / name
        try:
            data = path.read_bytes()
        except OSError:
            return None
        head = len(MAGIC) + 32
        if len(data) < head or not data.startswith(MAGIC):
            return None
        payload = data[head:]
        if not hmac.compare_digest(data[len(MAGIC) : head], self._sign(payload)):
            return None
        with contextlib.suppress(OSError):
            os.utime(path)  # recently used: pruned last
        return payload

    def write(self, name: str, payload: bytes) -> None:
        """Write an entry atomically (readers see the old or the new, never a part);
        failures are ignored: the cache is an optimisation."""
        with contextlib.suppress(OSError):
            _write_atomic(self.directory / name, MAGIC + self._sign(payload) + payload)

    def prune(self, max_bytes: int = MAX_BYTES, max_entries: int = MAX_ENTRIES) -> None:
        """Delete the least recently used entries beyond the bounds."""
        entries = []
        try:
            for entry in os.scandir(self.directory):
                if entry.name.endswith(".entry") and entry.is_file(follow_symlinks=False):
                    stat = entry.stat(follow_symlinks=False)
                    entries.append((stat.st_mtime_ns, stat.st_size, entry.path))
        except OSError:
            return
        entries.sort(reverse=True)
        total = 0
        for count, (_mtime, size, path) in enumerate(entries, 1):
            total += size
            if total > max_bytes or count > max_entries:
                with contextlib.suppress(OSError):
                    os.unlink(path)

    def _sign(self, payload: bytes) -> bytes:
        return hmac.new(self._key, payload, hashlib.sha256).digest()


def _write_atomic(path: Path, data: bytes, mode: int = 0o644) -> None:
    temporary = path.parent / f".{path.name}.{os.getpid()}.{os.urandom(6).hex()}.tmp"
    handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
