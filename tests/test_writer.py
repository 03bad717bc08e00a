"""fixer.writer: the two steps of a write, each check, and no temporary file left on any path."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from fs_helpers import fill, small_tmpfs

from fixer.filestate import FileState, read_regular
from fixer.tempfiles import is_temp_name, parse_temp_name
from fixer.writer import WriteRefused, commit, discard, prepare, write_atomic


def read(path: Path) -> FileState:
    return read_regular(str(path))[1]


def leftovers(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir() if is_temp_name(p.name))


def test_prepare_then_commit_replaces_the_file(tmp_path: Path) -> None:
    path = tmp_path / "a.tf"
    path.write_text("a=1\n")
    path.chmod(0o604)
    pending = prepare(str(path), b"a = 1\n", read(path))
    (temp,) = leftovers(tmp_path)
    parsed = parse_temp_name(temp)
    assert parsed is not None and (parsed.target, parsed.pid, parsed.kind) == (
        "a.tf",
        os.getpid(),
        "tmp",
    )
    assert path.read_text() == "a=1\n", "nothing changes before the commit"
    commit(pending)
    assert path.read_text() == "a = 1\n"
    assert stat.S_IMODE(path.stat().st_mode) == 0o604
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize(
    "change",
    ["content", "replaced", "symlink", "deleted", "fifo"],
)
def test_a_change_between_prepare_and_commit_refuses_the_write(tmp_path: Path, change: str) -> None:
    path = tmp_path / "a.tf"
    path.write_text("a=1\n")
    victim = tmp_path / "victim.tf"
    victim.write_text("v\n")
    pending = prepare(str(path), b"a = 1\n", read(path))
    if change == "content":
        path.write_text("a=2\n")
    elif change == "replaced":
        (tmp_path / "new").write_text("a=1\n")
        os.replace(tmp_path / "new", path)
    elif change == "symlink":
        path.unlink()
        path.symlink_to(victim)
    elif change == "deleted":
        path.unlink()
    else:
        path.unlink()
        os.mkfifo(path)
    with pytest.raises(WriteRefused):
        commit(pending)
    assert leftovers(tmp_path) == []
    assert victim.read_text() == "v\n"
    if change == "content":
        assert path.read_text() == "a=2\n"


def test_a_changed_file_is_refused_at_prepare(tmp_path: Path) -> None:
    path = tmp_path / "a.tf"
    path.write_text("a=1\n")
    state = read(path)
    path.write_text("a=3\n")
    with pytest.raises(WriteRefused, match="changed since it was read"):
        prepare(str(path), b"a = 1\n", state)
    assert leftovers(tmp_path) == []


def test_a_new_file_never_replaces_one_created_meanwhile(tmp_path: Path) -> None:
    path = tmp_path / "new.hcl"
    pending = prepare(str(path), b"x\n", None)
    path.write_text("someone else's\n")
    with pytest.raises(WriteRefused, match="created by someone else"):
        commit(pending)
    assert path.read_text() == "someone else's\n"
    assert leftovers(tmp_path) == []
    created = prepare(str(tmp_path / "sub" / "other.hcl"), b"y\n", None)
    commit(created)
    assert (tmp_path / "sub" / "other.hcl").read_text() == "y\n"


def test_discard_removes_the_temporary_file(tmp_path: Path) -> None:
    path = tmp_path / "a.tf"
    path.write_text("a=1\n")
    pending = prepare(str(path), b"a = 1\n", read(path))
    discard(pending)
    assert leftovers(tmp_path) == [] and path.read_text() == "a=1\n"


def test_an_interrupt_during_the_temporary_write_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "a.tf"
    path.write_text("a=1\n")

    def interrupted(fd: int) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        prepare(str(path), b"a = 1\n", read(path))
    assert leftovers(tmp_path) == []


def test_a_hard_linked_file_is_rewritten_in_place_with_a_backup(tmp_path: Path) -> None:
    path = tmp_path / "a.tf"
    path.write_text("a=1\n")
    os.link(path, tmp_path / "b.tf")
    pending = prepare(str(path), b"a = 1\n", read(path))
    (backup,) = leftovers(tmp_path)
    assert backup.endswith(".orig") and (tmp_path / backup).read_text() == "a=1\n"
    commit(pending)
    assert (tmp_path / "b.tf").read_text() == "a = 1\n"
    assert leftovers(tmp_path) == []


def test_a_full_disk_during_an_in_place_rewrite_puts_the_original_back(tmp_path: Path) -> None:
    with small_tmpfs(tmp_path / "mnt", "64k") as mount:
        path = mount / "a.tf"
        original = "".join(f"a{i}=1\n" for i in range(500))  # ~4 KB, grows to ~6 KB
        path.write_text(original)
        os.link(path, mount / "b.tf")
        state = read(path)
        fill(mount, leave=4096 + 1024)  # room for the backup, not for the growth
        pending = prepare(str(path), original.replace("=", " = ").encode(), state)
        with pytest.raises(OSError, match="No space left"):
            commit(pending)
        assert path.read_text() == original == (mount / "b.tf").read_text()
        assert leftovers(mount) == []


def test_write_atomic_creates_and_replaces(tmp_path: Path) -> None:
    path = tmp_path / "dir" / "x.tf"
    write_atomic(path, b"1\n")
    write_atomic(path, b"2\n")
    assert path.read_text() == "2\n"
    assert leftovers(path.parent) == []
