"""Replacing a file only if it is still the one read: the only place fixer writes files.

A write has two steps. `prepare` checks that the file is still the one read (same device,
inode, size, modification time and content hash, no symbolic link swapped in) and puts
the new text in a temporary file beside it, flushed to disk, with the file's mode, owner
and group. `commit` checks again and renames the temporary file over the file, then
flushes the directory: a reader sees the old or the new file, never half of it. A file
with several hard links, or one whose owner the rename could not keep, is rewritten in
place instead, its original text kept in a `.orig` temporary file until the write is
complete. Every error removes the temporary file.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from fixer.filestate import NOFOLLOW, FileState, digest, file_type, read_all
from fixer.tempfiles import temp_name

_DIR_FLAGS = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_CLOEXEC", 0)
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)


class WriteRefused(Exception):
    """The file is not written because it is no longer the file that was read."""


class BackupKept(OSError):
    """An in-place rewrite failed and the original could not be put back: the message
    names the temporary file that holds it."""


@dataclass
class PendingWrite:
    """A prepared write: the temporary file exists and is complete."""

    path: str  # the file's real path
    data: bytes
    expected: FileState | None  # None: the file is created
    temp: str  # the temporary file's name, in the same directory
    in_place: bool
    directory: tuple[int, int]  # the directory's (device, inode) when prepared

    @property
    def directory_path(self) -> str:
        return os.path.dirname(self.path)

    @property
    def name(self) -> str:
        return os.path.basename(self.path)


def prepare(path: str, data: bytes, expected: FileState | None) -> PendingWrite:
    """Check the file and write its new text to a temporary file; raises WriteRefused
    (the file changed) or OSError (it cannot be written)."""
    directory = os.path.dirname(path) or "."
    if expected is None:
        os.makedirs(directory, exist_ok=True)
    dir_fd = _open_directory(directory)
    try:
        dir_status = os.fstat(dir_fd)
        name = os.path.basename(path)
        if expected is None:
            original = None
            status = _absent(dir_fd, name)
        else:
            original, status = _verify(dir_fd, name, expected)
        in_place = status is not None and _needs_in_place(status)
        if in_place:
            assert original is not None
            temp = temp_name(name, "orig", digest(data))
            _write_temp(dir_fd, temp, original, status)
        else:
            temp = temp_name(name)
            _write_temp(dir_fd, temp, data, status)
        return PendingWrite(
            path, data, expected, temp, in_place, (dir_status.st_dev, dir_status.st_ino)
        )
    finally:
        os.close(dir_fd)


def commit(pending: PendingWrite) -> None:
    """Check the file once more and replace it; the temporary file is gone afterwards."""
    dir_fd = _open_directory(pending.directory_path)
    try:
        dir_status = os.fstat(dir_fd)
        if (dir_status.st_dev, dir_status.st_ino) != pending.directory:
            raise WriteRefused("its directory was replaced during the run")
        name = pending.name
        if pending.expected is None:
            _absent(dir_fd, name)
            _link_new(dir_fd, pending.temp, name)
        else:
            original, _ = _verify(dir_fd, name, pending.expected)
            if pending.in_place:
                _rewrite_in_place(dir_fd, name, pending, original)
            else:
                os.rename(pending.temp, name, src_dir_fd=dir_fd, dst_dir_fd=dir_fd)
        os.fsync(dir_fd)
    except BackupKept:
        raise
    except BaseException:
        _unlink(dir_fd, pending.temp)
        raise
    finally:
        os.close(dir_fd)


def discard(pending: PendingWrite) -> None:
    """Remove a prepared write's temporary file."""
    try:
        dir_fd = _open_directory(pending.directory_path)
    except OSError:
        return
    try:
        _unlink(dir_fd, pending.temp)
    finally:
        os.close(dir_fd)


def write_atomic(path: Path, data: bytes) -> None:
    """Replace (or create) the file at path with data, as `prepare` and `commit` do,
    checking only that nothing changes it between the two steps."""
    real = os.path.join(os.path.realpath(path.parent), path.name)
    try:
        with open(real, "rb", opener=_no_follow_opener) as handle:
            status = os.fstat(handle.fileno())
            if not stat.S_ISREG(status.st_mode):
                raise WriteRefused(f"it is a {file_type(status.st_mode)}")
            current = read_all(handle.fileno())
        expected: FileState | None = FileState(
            real, status.st_dev, status.st_ino, len(current), status.st_mtime_ns, digest(current)
        )
    except FileNotFoundError:
        expected = None
    pending = prepare(real, data, expected)
    try:
        commit(pending)
    except BaseException:
        discard(pending)
        raise


# ---------------------------------------------------------------- the steps


def _open_directory(directory: str) -> int:
    if os.path.realpath(directory) != os.path.abspath(directory):
        raise WriteRefused("a symbolic link was put in its path during the run")
    return os.open(directory, _DIR_FLAGS)


def _absent(dir_fd: int, name: str) -> None:
    try:
        os.stat(name, dir_fd=dir_fd, follow_symlinks=False)
    except FileNotFoundError:
        return None
    raise WriteRefused("it was created by someone else during the run")


def _verify(dir_fd: int, name: str, expected: FileState) -> tuple[bytes, os.stat_result]:
    """The file's current bytes and stat, if it is still the file read; else WriteRefused."""
    try:
        fd = os.open(name, os.O_RDONLY | os.O_NONBLOCK | NOFOLLOW | _CLOEXEC, dir_fd=dir_fd)
    except FileNotFoundError:
        raise WriteRefused("it was deleted or moved during the run") from None
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise WriteRefused("it was replaced by a symbolic link during the run") from None
        raise
    try:
        status = os.fstat(fd)
        changes = expected.differences(status)
        if changes:
            raise WriteRefused(f"changed since it was read: {', '.join(changes)}")
        data = read_all(fd)
    finally:
        os.close(fd)
    if digest(data) != expected.digest:
        raise WriteRefused("changed since it was read: its content differs")
    return data, status


def _needs_in_place(status: os.stat_result) -> bool:
    """Whether a rename would lose something: other hard links, or an owner or group
    that this process cannot give a new file."""
    if status.st_nlink > 1:
        return True
    if os.geteuid() == 0:
        return False
    return status.st_uid != os.geteuid() or status.st_gid not in (os.getegid(), *os.getgroups())


def _write_temp(dir_fd: int, temp: str, data: bytes, status: os.stat_result | None) -> None:
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | NOFOLLOW | _CLOEXEC
    fd = os.open(temp, flags, 0o600, dir_fd=dir_fd)
    try:
        _write_all(fd, data)
        if status is None:
            umask = os.umask(0)
            os.umask(umask)
            os.fchmod(fd, 0o666 & ~umask)
        else:
            if os.geteuid() == 0:
                os.fchown(fd, status.st_uid, status.st_gid)
            elif os.fstat(fd).st_gid != status.st_gid:
                with contextlib.suppress(OSError):
                    os.fchown(fd, -1, status.st_gid)
            os.fchmod(fd, stat.S_IMODE(status.st_mode))
        os.fsync(fd)
    except BaseException:
        os.close(fd)
        _unlink(dir_fd, temp)
        raise
    os.close(fd)


def _link_new(dir_fd: int, temp: str, name: str) -> None:
    """Give a new file its name without ever replacing a file created meanwhile."""
    try:
        os.link(temp, name, src_dir_fd=dir_fd, dst_dir_fd=dir_fd, follow_symlinks=False)
    except FileExistsError:
        raise WriteRefused("it was created by someone else during the run") from None
    except OSError as error:
        if error.errno not in (errno.EPERM, errno.EOPNOTSUPP, errno.ENOTSUP, errno.EXDEV):
            raise
        _absent(dir_fd, name)  # a file system without hard links
        os.rename(temp, name, src_dir_fd=dir_fd, dst_dir_fd=dir_fd)
        return
    _unlink(dir_fd, temp)


def _rewrite_in_place(dir_fd: int, name: str, pending: PendingWrite, original: bytes) -> None:
    """Overwrite the file itself (keeping its inode, links and owner), then drop the
    backup of its original text; on failure put the original back, or keep the backup."""
    fd = os.open(name, os.O_WRONLY | NOFOLLOW | _CLOEXEC, dir_fd=dir_fd)
    try:
        assert pending.expected is not None
        if not pending.expected.same_identity(os.fstat(fd)):
            raise WriteRefused("it was replaced by another file during the run")
        try:
            _replace_content(fd, pending.data)
        except BaseException as error:
            try:
                _replace_content(fd, original)
            except BaseException:
                reason = getattr(error, "strerror", None) or str(error) or type(error).__name__
                raise BackupKept(
                    0,
                    f"{reason}; the file may be incomplete, its original text is kept in "
                    f"{pending.temp}",
                ) from error
            raise
    finally:
        os.close(fd)
    _unlink(dir_fd, pending.temp)


def _replace_content(fd: int, data: bytes) -> None:
    _write_all(fd, data, offset=0)
    os.ftruncate(fd, len(data))
    os.fsync(fd)


def _write_all(fd: int, data: bytes, offset: int | None = None) -> None:
    view = memoryview(data)
    done = 0
    while done < len(view):
        if offset is None:
            done += os.write(fd, view[done:])
        else:
            done += os.pwrite(fd, view[done:], offset + done)


def _unlink(dir_fd: int, name: str) -> None:
    with contextlib.suppress(FileNotFoundError):
        os.unlink(name, dir_fd=dir_fd)


def _no_follow_opener(path: str, flags: int) -> int:
    return os.open(path, flags | NOFOLLOW | os.O_NONBLOCK)
