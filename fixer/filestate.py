"""What a file was when fixer read it, and reading regular files without blocking or following links."""

from __future__ import annotations

import hashlib
import os
import stat
from dataclasses import dataclass

# Opening never blocks (a FIFO swapped in after the walk opens at once, and is then refused).
_READ_FLAGS = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)
NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_CHUNK = 1 << 20


def digest(data: bytes) -> str:
    """The content hash fixer compares before it replaces a file."""
    return hashlib.blake2b(data, digest_size=16).hexdigest()


@dataclass(frozen=True, slots=True)
class FileState:
    """A file as it was read: its real path (no symbolic link in it), identity, size,
    modification time and content hash. A write goes ahead only if all still hold."""

    path: str
    device: int
    inode: int
    size: int
    mtime_ns: int
    digest: str

    def same_identity(self, status: os.stat_result) -> bool:
        return (status.st_dev, status.st_ino) == (self.device, self.inode)

    def differences(self, status: os.stat_result) -> list[str]:
        """What changed, judging by a fresh `stat` (identity, size, modification time)."""
        out = []
        if not stat.S_ISREG(status.st_mode):
            out.append(f"it is now a {file_type(status.st_mode)}")
        elif not self.same_identity(status):
            out.append("it was replaced by another file")
        if status.st_size != self.size:
            out.append(f"its size changed ({self.size} -> {status.st_size} bytes)")
        elif status.st_mtime_ns != self.mtime_ns:
            out.append("its modification time changed")
        return out


class NotRegularFile(OSError):
    """The path is not (or no longer) a regular file; `kind` says what it is."""

    def __init__(self, kind: str) -> None:
        super().__init__(f"not a regular file ({kind})")
        self.kind = kind


class FileTooLarge(OSError):
    """The file is larger than a run reads."""

    def __init__(self, size: int) -> None:
        super().__init__(f"File too large ({size} bytes); skipped")
        self.size = size


def file_type(mode: int) -> str:
    """`FIFO`, `socket`, `character device` ... for a stat mode."""
    for test, name in (
        (stat.S_ISREG, "regular file"),
        (stat.S_ISDIR, "directory"),
        (stat.S_ISLNK, "symbolic link"),
        (stat.S_ISFIFO, "FIFO"),
        (stat.S_ISSOCK, "socket"),
        (stat.S_ISCHR, "character device"),
        (stat.S_ISBLK, "block device"),
    ):
        if test(mode):
            return name
    return "special file"


def read_all(fd: int, limit: int | None = None) -> bytes:
    """Everything from fd to its end (at most limit + 1 bytes when a limit is given)."""
    chunks = []
    total = 0
    while True:
        chunk = os.read(fd, _CHUNK)
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)
        total += len(chunk)
        if limit is not None and total > limit:
            return b"".join(chunks)


def read_regular(
    path: str, expected: os.stat_result | None = None, limit: int | None = None
) -> tuple[bytes, FileState]:
    """The bytes of the regular file at `path` (a real path: its last component is not
    followed if it is a symbolic link) and its state.

    Raises NotRegularFile for anything else (a FIFO never blocks the open), FileTooLarge
    above `limit`, OSError for the rest; `expected` (a stat from the walk) must name the
    same file, else the file was swapped between the walk and the read.
    """
    fd = os.open(path, _READ_FLAGS | NOFOLLOW)
    try:
        status = os.fstat(fd)
        if not stat.S_ISREG(status.st_mode):
            raise NotRegularFile(file_type(status.st_mode))
        if expected is not None and (status.st_dev, status.st_ino) != (
            expected.st_dev,
            expected.st_ino,
        ):
            raise OSError(0, "the file was replaced while the run was reading the tree")
        if limit is not None and status.st_size > limit:
            raise FileTooLarge(status.st_size)
        data = read_all(fd, limit)
        if limit is not None and len(data) > limit:
            raise FileTooLarge(len(data))
    finally:
        os.close(fd)
    state = FileState(
        path, status.st_dev, status.st_ino, len(data), status.st_mtime_ns, digest(data)
    )
    if len(data) != status.st_size:
        # Written to while being read: the next write must not trust this read.
        state = FileState(path, status.st_dev, status.st_ino, -1, -1, state.digest)
    return data, state
