"""The other writers go through the verified write too (issue 13, point 2): `fixer mv`
(a link swapped in, hard links, owner, a full disk) and the editor's created files."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from fs_helpers import fill, small_tmpfs, temp_files
from typer.testing import CliRunner, Result

import fixer.refactor.cli as mv_cli
from fixer.cli import app
from fixer.lsp import commands as lsp_commands

DEMO = Path(__file__).resolve().parents[1] / "examples" / "multi-env"
RENAME = ["mv", "aws_eip.nat", "aws_eip.main"]


def invoke(args: list[str], cwd: Path, monkeypatch: pytest.MonkeyPatch) -> Result:
    monkeypatch.chdir(cwd)
    return CliRunner().invoke(app, args, catch_exceptions=False)


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    tree = tmp_path / "multi-env"
    shutil.copytree(DEMO, tree)
    return tree


def leftovers(root: Path) -> list[str]:
    return sorted(p.name for p in root.rglob("*") if ".fixer-" in p.name)


def during_move(monkeypatch: pytest.MonkeyPatch, action) -> None:
    """Run `action` after `fixer mv` has read and planned, before it writes."""
    real_move = mv_cli._move

    def move(*args, **kwargs):
        result = real_move(*args, **kwargs)
        action()
        return result

    monkeypatch.setattr(mv_cli, "_move", move)


def test_mv_never_writes_through_a_link_swapped_in(
    demo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    victim = tmp_path / "outside" / "victim.tf"
    victim.parent.mkdir()
    network = demo / "network.tf"
    victim.write_bytes(network.read_bytes())  # the same bytes: a content check alone passes

    def swap() -> None:
        network.unlink()
        network.symlink_to(victim)

    during_move(monkeypatch, swap)
    before = victim.read_bytes()
    result = invoke(RENAME, demo, monkeypatch)
    assert result.exit_code == 2, result.stderr
    assert victim.read_bytes() == before
    assert network.is_symlink()
    assert "network.tf not written: it was replaced by a symbolic link" in result.stderr
    assert "nothing written" in result.stderr
    assert temp_files(demo) == [] and temp_files(victim.parent) == []


def test_mv_keeps_hard_links_mode_and_owner(demo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    network = demo / "network.tf"
    other_name = demo.parent / "network-link.tf"
    os.link(network, other_name)
    network.chmod(0o640)
    if os.geteuid() == 0:
        os.chown(network, 1000, 1000)
    inode = network.stat().st_ino
    result = invoke(RENAME, demo, monkeypatch)
    assert result.exit_code == 0, result.stderr
    status = network.stat()
    assert 'resource "aws_eip" "main"' in network.read_text()
    assert other_name.read_bytes() == network.read_bytes()
    assert (status.st_ino, status.st_nlink) == (inode, 2)
    assert status.st_mode & 0o777 == 0o640
    if os.geteuid() == 0:
        assert (status.st_uid, status.st_gid) == (1000, 1000)
    assert temp_files(demo) == []


def test_mv_on_a_full_disk_is_one_line_and_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with small_tmpfs(tmp_path / "disk", "64k") as disk:
        tree = disk / "multi-env"
        shutil.copytree(DEMO, tree, ignore=shutil.ignore_patterns("*.md", "*.sh", "*.py"))
        before = {p: p.read_bytes() for p in tree.rglob("*") if p.is_file()}
        fill(disk)
        result = invoke(RENAME, tree, monkeypatch)
        assert result.exit_code == 2
        lines = result.stderr.splitlines()
        assert len(lines) == 1, result.stderr
        assert "network.tf" in lines[0] and "No space left on device" in lines[0]
        assert {p: p.read_bytes() for p in tree.rglob("*") if p.is_file()} == before
        (disk / "filler.bin").unlink()
        assert temp_files(tree) == []


def test_the_editor_creates_files_complete_and_flushed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    synced: list[int] = []
    real_fsync = os.fsync

    def fsync(fd: int) -> None:
        synced.append(fd)
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    created = tmp_path / "envs" / "backend.hcl.example"
    lsp_commands._create(created, 'bucket = "b"\n')
    assert created.read_text() == 'bucket = "b"\n'
    assert len(synced) >= 2  # the file, then its directory
    assert leftovers(tmp_path) == []


def test_the_editor_never_creates_over_a_file_or_through_a_link(tmp_path: Path) -> None:
    existing = tmp_path / "existing.hcl"
    existing.write_text("mine\n")
    with pytest.raises(FileExistsError):
        lsp_commands._create(existing, "theirs\n")
    assert existing.read_text() == "mine\n"
    victim = tmp_path / "victim"
    dangling = tmp_path / "dangling.hcl"
    dangling.symlink_to(victim)
    with pytest.raises(FileExistsError):
        lsp_commands._create(dangling, "theirs\n")
    assert not victim.exists()
    assert leftovers(tmp_path) == []
