"""Never lose a byte (issue 13): discovery of hostile trees, writes that cannot hurt, and
honest results when a write fails. Faults are real: FIFOs, sockets, devices, symbolic
link loops, read-only and full mounts, directories unreadable to the process."""

from __future__ import annotations

import os
import socket
import stat
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from fs_helpers import fill, read_only_view, run_fixer, small_tmpfs, temp_files
from typer.testing import CliRunner, Result

import fixer.session
from fixer.cli import app

# terraform_data: Terraform's built-in provider, which needs no required_providers entry.
UNFORMATTED = 'resource "terraform_data" "b" {\ninput=1\n}\n'
FORMATTED = 'resource "terraform_data" "b" {\n  input = 1\n}\n'


def invoke(args: list[str], cwd: Path, monkeypatch: pytest.MonkeyPatch) -> Result:
    monkeypatch.chdir(cwd)
    return CliRunner().invoke(app, args, catch_exceptions=False)


def project(root: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return root


def after_discovery(monkeypatch: pytest.MonkeyPatch, action: Callable[[], None]) -> None:
    """Run `action` once the run has read and analysed the files, before it writes."""
    real_run = fixer.session.run

    def run(*args: object, **kwargs: object) -> object:
        results = real_run(*args, **kwargs)  # type: ignore[arg-type]
        action()
        return results

    monkeypatch.setattr(fixer.session, "run", run)


def dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


# ---------------------------------------------------------------- discovery


@pytest.mark.parametrize("command", [["check"], ["fix"], ["fmt"], ["fix", "--dry-run"]])
def test_a_fifo_anywhere_in_the_tree_does_not_hang(tmp_path: Path, command: list[str]) -> None:
    root = project(tmp_path / "d", {"a.tf": UNFORMATTED, "sub/b.tf": FORMATTED})
    for name in ("mypipe", "pipe.tf", "sub/README.md"):
        os.mkfifo(root / name)
    done = run_fixer([*command, "d"], tmp_path, timeout=60)
    assert "Traceback" not in done.stderr + done.stdout
    assert "d/pipe.tf: skipped: not a regular file (FIFO)" in done.stderr
    assert "d/sub/README.md: skipped: not a regular file (FIFO)" in done.stderr
    if command in (["fix"], ["fmt"]):
        assert (root / "a.tf").read_text() == FORMATTED
    assert stat.S_ISFIFO(os.lstat(root / "pipe.tf").st_mode)


def test_sockets_and_devices_are_skipped_with_a_note(tmp_path: Path) -> None:
    root = project(tmp_path / "d", {"a.tf": UNFORMATTED})
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(root / "sock.tf"))
    try:
        devices = []
        if os.geteuid() == 0:
            os.mknod(root / "null.tf", 0o600 | stat.S_IFCHR, os.makedev(1, 3))
            devices.append("d/null.tf: skipped: not a regular file (character device)")
        done = run_fixer(["check", "d"], tmp_path, timeout=60)
    finally:
        server.close()
    assert done.returncode == 1, done.stdout + done.stderr
    assert "d/sock.tf: skipped: not a regular file (socket)" in done.stderr
    for line in devices:
        assert line in done.stderr
    assert "d/a.tf:2:1: FX001" in done.stdout


def test_an_unreadable_directory_is_an_error(tmp_path: Path) -> None:
    root = project(tmp_path / "d", {"a.tf": FORMATTED, "secret/b.tf": UNFORMATTED})
    (root / "secret").chmod(0)
    try:
        checked = run_fixer(["check", "d"], tmp_path, unprivileged=True)
        formatted = run_fixer(["fmt", "--check", "d"], tmp_path, unprivileged=True)
    finally:
        (root / "secret").chmod(0o755)
    assert checked.returncode == 2, checked.stdout + checked.stderr
    assert "d/secret: error: Cannot read directory: Permission denied" in checked.stdout
    assert formatted.returncode == 2
    assert "d/secret: error: Cannot read directory: Permission denied" in formatted.stderr


def test_an_unreadable_file_is_an_error(tmp_path: Path) -> None:
    root = project(tmp_path / "d", {"a.tf": UNFORMATTED, "secret.tf": FORMATTED})
    (root / "secret.tf").chmod(0)
    try:
        checked = run_fixer(["check", "d"], tmp_path, unprivileged=True)
    finally:
        (root / "secret.tf").chmod(0o644)
    assert checked.returncode == 2, checked.stdout + checked.stderr
    assert "d/secret.tf:1:1: error: Cannot read file: Permission denied" in checked.stdout
    assert "d/a.tf:2:1: FX001" in checked.stdout


def test_symbolic_link_loops_are_named_as_loops(tmp_path: Path) -> None:
    root = project(tmp_path / "d", {"a.tf": FORMATTED})
    os.symlink("loop2.tf", root / "loop1.tf")
    os.symlink("loop1.tf", root / "loop2.tf")
    os.symlink("self.tf", root / "self.tf")
    done = run_fixer(["check", "d"], tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    for name in ("loop1.tf", "loop2.tf", "self.tf"):
        assert f"d/{name}: skipped: symbolic link loop" in done.stderr
    assert "outside the root" not in done.stderr


def test_a_directory_cycle_is_named_and_each_file_processed_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = project(tmp_path / "d", {"a.tf": UNFORMATTED, "sub/b.tf": UNFORMATTED})
    os.symlink("..", root / "sub" / "up")
    os.symlink("../sub", root / "sub" / "again")
    checked = invoke(["check", "d"], tmp_path, monkeypatch)
    assert checked.stdout.count("FX001") == 2, checked.stdout
    assert "d/sub/up: skipped: symbolic link cycle: it leads back to d" in checked.stderr
    assert "d/sub/again: skipped: symbolic link cycle: it leads back to d/sub" in checked.stderr
    dry = invoke(["fix", "--dry-run", "d"], tmp_path, monkeypatch)
    assert [line for line in dry.stdout.splitlines() if line.startswith("+++")] == [
        "+++ b/d/a.tf",
        "+++ b/d/sub/b.tf",
    ]
    fixed = invoke(["fix", "d"], tmp_path, monkeypatch)
    assert "Found 2 findings (2 fixed, 0 remaining)." in fixed.stdout
    assert (root / "a.tf").read_text() == (root / "sub/b.tf").read_text() == FORMATTED


def test_each_real_file_is_formatted_once_whatever_its_names(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Other names of a Terraform file are read for their module's sake (fixer.links),
    never formatted or written under those names."""
    root = project(tmp_path / "d", {"a.tf": UNFORMATTED, "real/c.tf": UNFORMATTED})
    os.symlink("a.tf", root / "alias.tf")
    os.link(root / "a.tf", root / "hard.tf")
    os.symlink("real", root / "linked")
    checked = invoke(["check", "d"], tmp_path, monkeypatch)
    assert checked.stdout.count("FX001") == 2, checked.stdout
    assert "d/linked: skipped: same directory as d/real (symbolic link)" in checked.stderr
    formatted = invoke(["fmt", "--check", "d"], tmp_path, monkeypatch)
    assert formatted.stdout.splitlines() == ["d/a.tf", "d/real/c.tf"]
    assert "d/alias.tf: skipped: a symbolic link to d/a.tf" in formatted.stderr
    assert "d/hard.tf: skipped: a hard link to d/a.tf" in formatted.stderr
    fixed = invoke(["fix", "d"], tmp_path, monkeypatch)
    assert "Found 2 findings (2 fixed, 0 remaining)." in fixed.stdout, fixed.output
    assert (root / "alias.tf").is_symlink() and os.path.samefile(root / "hard.tf", root / "a.tf")
    assert (root / "a.tf").read_text() == FORMATTED


# ---------------------------------------------------------------- what is written


def test_naming_one_file_writes_only_that_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = project(tmp_path / "d", {"a.tf": "a=1\n", "b.tf": "b=2\n"})
    formatted = invoke(["fmt", "d/a.tf"], tmp_path, monkeypatch)
    assert (formatted.exit_code, formatted.stdout) == (0, "d/a.tf\n")
    assert (root / "a.tf").read_text() == "a = 1\n"
    assert (root / "b.tf").read_text() == "b=2\n"
    (root / "a.tf").write_text("a=1\n")
    fixed = invoke(["fix", "d/a.tf"], tmp_path, monkeypatch)
    assert fixed.exit_code in (0, 1), fixed.stdout
    assert (root / "a.tf").read_text() == "a = 1\n"
    assert (root / "b.tf").read_text() == "b=2\n"


def test_a_sibling_link_leading_outside_is_never_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = project(tmp_path / "d", {"a.tf": "a=1\n"})
    victim = tmp_path / "outside" / "victim.tf"
    project(tmp_path / "outside", {"victim.tf": "v=1\n"})
    os.symlink("../outside/victim.tf", root / "evil.tf")
    for args in (["fix", "d/a.tf"], ["fmt", "d/a.tf"], ["fix", "d"], ["fmt", "d"]):
        (root / "a.tf").write_text("a=1\n")
        invoke(args, tmp_path, monkeypatch)
        assert victim.read_text() == "v=1\n", args
        assert (root / "a.tf").read_text() == "a = 1\n", args


def test_a_link_swapped_in_after_discovery_is_not_written_through(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = project(tmp_path / "d", {"a.tf": "a=1\n", "b.tf": "b=2\n"})
    victim = project(tmp_path / "outside", {"victim.tf": "a=1\n"}) / "victim.tf"

    def swap() -> None:
        (root / "a.tf").unlink()
        os.symlink(victim, root / "a.tf")

    after_discovery(monkeypatch, swap)
    result = invoke(["fix", "d"], tmp_path, monkeypatch)
    assert result.exit_code == 2
    assert victim.read_text() == "a=1\n"
    assert (root / "a.tf").is_symlink()
    assert "d/a.tf: error: Not written:" in result.stdout
    assert (root / "b.tf").read_text() == "b = 2\n"
    assert not temp_files(root)


@pytest.mark.parametrize("how", ["same size and time", "saved by rename", "appended"])
def test_a_file_edited_during_the_run_is_not_overwritten(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, how: str
) -> None:
    root = project(tmp_path / "d", {"a.tf": "a=1\n", "b.tf": "b=2\n"})
    path = root / "a.tf"
    edited = {"same size and time": "a=9\n", "saved by rename": "a=9\n", "appended": "a=1\nc=3\n"}[
        how
    ]

    def edit() -> None:
        before = path.stat()
        if how == "saved by rename":
            (root / ".a.tf.swp").write_text(edited)
            os.replace(root / ".a.tf.swp", path)
        else:
            path.write_text(edited)
        if how == "same size and time":
            os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))

    after_discovery(monkeypatch, edit)
    result = invoke(["fix", "d"], tmp_path, monkeypatch)
    assert path.read_text() == edited, "the other writer's edit is kept"
    assert result.exit_code == 2
    assert "d/a.tf: error: Not written: changed since it was read" in result.stdout
    assert (root / "b.tf").read_text() == "b = 2\n"
    assert "Found 2 findings (1 fixed, 1 remaining)." in result.stdout
    assert "Changed 1 file:" in result.stderr


@pytest.mark.skipif(os.geteuid() != 0, reason="only root can give files to another owner")
def test_owner_group_and_mode_are_kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = project(tmp_path / "d", {"a.tf": "a=1\n"})
    path = root / "a.tf"
    os.chown(path, 1000, 1000)
    path.chmod(0o640)
    result = invoke(["fix", "d"], tmp_path, monkeypatch)
    assert result.exit_code in (0, 1), result.stdout
    after = path.stat()
    assert (after.st_uid, after.st_gid, stat.S_IMODE(after.st_mode)) == (1000, 1000, 0o640)
    assert path.read_text() == "a = 1\n"


def test_hard_links_are_kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = project(tmp_path / "d", {"a.tf": "a=1\n"})
    other = tmp_path / "elsewhere.tf"
    os.link(root / "a.tf", other)
    inode = other.stat().st_ino
    result = invoke(["fix", "d"], tmp_path, monkeypatch)
    assert result.exit_code in (0, 1), result.stdout
    assert other.read_text() == (root / "a.tf").read_text() == "a = 1\n"
    assert (root / "a.tf").stat().st_ino == inode and other.stat().st_nlink == 2
    assert not temp_files(root)


def test_writes_flush_the_file_and_its_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project(tmp_path / "d", {"a.tf": "a=1\n"})
    flushed: list[str] = []
    real_fsync = os.fsync

    def fsync(fd: int) -> None:
        mode = os.fstat(fd).st_mode
        flushed.append("dir" if stat.S_ISDIR(mode) else "file")
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    invoke(["fix", "d"], tmp_path, monkeypatch)
    assert "file" in flushed and "dir" in flushed
    assert flushed.index("file") < len(flushed) - 1 - flushed[::-1].index("dir")


def test_temporary_files_of_a_killed_run_are_removed_by_the_next_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = project(tmp_path / "d", {"a.tf": "a = 1\n"})
    stale = root / f".a.tf.fixer-{dead_pid()}-0123abcd.tmp"
    stale.write_text("a = 1\n")
    checked = invoke(["check", "d"], tmp_path, monkeypatch)
    assert checked.exit_code == 0
    assert f"{stale.name}: temporary file of an interrupted fixer run" in checked.stderr
    assert stale.exists(), "check changes nothing"
    fixed = invoke(["fix", "d"], tmp_path, monkeypatch)
    assert fixed.exit_code == 0
    assert "removed a temporary file left by an interrupted run" in fixed.stderr
    assert not stale.exists()
    assert sorted(p.name for p in root.iterdir()) == ["a.tf"]


def test_a_live_runs_temporary_file_is_left_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = project(tmp_path / "d", {"a.tf": "a = 1\n"})
    parent = os.getppid()  # alive while this test runs
    busy = root / f".a.tf.fixer-{parent}-0123abcd.tmp"
    busy.write_text("a = 1\n")
    invoke(["fmt", "d"], tmp_path, monkeypatch)
    assert busy.exists()


@pytest.mark.parametrize(
    ("target_text", "kept"),
    [("a=1\n", False), ("a = 1\n", False), ("a = 1=1\n", True)],
    ids=["not started", "finished", "half written"],
)
def test_an_interrupted_in_place_rewrite_is_recovered_or_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, target_text: str, kept: bool
) -> None:
    from fixer.filestate import digest

    root = project(tmp_path / "d", {"a.tf": target_text})
    backup = root / f".a.tf.fixer-{dead_pid()}-{digest(b'a = 1' + bytes([10]))}.orig"
    backup.write_text("a=1\n")
    result = invoke(["fmt", "d"], tmp_path, monkeypatch)
    assert backup.exists() is kept
    if kept:
        assert result.exit_code == 2
        assert "may be incomplete; its original text is kept in" in result.stderr
    else:
        assert "Traceback" not in result.stderr


# ---------------------------------------------------------------- honest failures


@pytest.mark.parametrize("command", ["fmt", "fix"])
def test_a_read_only_file_system(tmp_path: Path, command: str) -> None:
    source = project(tmp_path / "src", {"a.tf": "a=1\n", "b.tf": "bb=2\n"})
    with read_only_view(source, tmp_path / "ro") as view:
        done = run_fixer([command, "."], view)
    output = done.stdout + done.stderr
    assert done.returncode == 2, output
    assert "Traceback" not in output
    for name in ("a.tf", "b.tf"):
        assert f"{name}: error: Cannot write file: Read-only file system" in output
    assert output.count("Read-only file system") == 2, "one line per file"
    if command == "fix":
        assert "Found 2 findings (0 fixed, 2 remaining)." in done.stdout
        assert "Changed" not in done.stderr
    else:
        assert done.stdout == ""
    assert (source / "a.tf").read_text() == "a=1\n"


def test_a_full_file_system(tmp_path: Path) -> None:
    with small_tmpfs(tmp_path / "full", "128k") as mount:
        project(mount, {"big.tf": "".join(f"a{i}=1\n" for i in range(3000)), "b.tf": "b=1\n"})
        original = (mount / "big.tf").read_text()
        fill(mount, leave=16 * 1024)
        done = run_fixer(["fix", "."], mount)
        output = done.stdout + done.stderr
        assert done.returncode == 2, output
        assert "Traceback" not in output
        assert "big.tf: error: Cannot write file: No space left on device" in done.stdout
        assert "Found 2 findings (1 fixed, 1 remaining)." in done.stdout
        assert "Changed 1 file:" in done.stderr
        assert (mount / "big.tf").read_text() == original
        assert (mount / "b.tf").read_text() == "b = 1\n"
        assert not temp_files(mount)
        formatted = run_fixer(["fmt", "."], mount)
        assert formatted.returncode == 2
        assert "Traceback" not in formatted.stderr
        assert "big.tf: error: Cannot write file: No space left on device" in formatted.stderr
        assert not temp_files(mount)


_BECOMES_UNREADABLE = """
import os, sys
import fixer.cli, fixer.session
real_run = fixer.session.run
directory = sys.argv[1]
def run(*args, **kwargs):
    results = real_run(*args, **kwargs)
    os.chmod(directory, 0)
    return results
fixer.session.run = run
sys.argv = ["fixer", *sys.argv[2:]]
fixer.cli.main()
"""


@pytest.mark.parametrize("command", ["fmt", "fix"])
def test_a_directory_that_becomes_unreadable_during_the_run(tmp_path: Path, command: str) -> None:
    root = project(tmp_path / "d", {"a.tf": "a=1\n", "sub/b.tf": "b=1\n"})
    script = tmp_path / "hook.py"
    script.write_text(_BECOMES_UNREADABLE)
    try:
        done = run_fixer_script(script, [str(root / "sub"), command, "d"], tmp_path)
    finally:
        (root / "sub").chmod(0o755)
    output = done.stdout + done.stderr
    assert done.returncode == 2, output
    assert "Traceback" not in output
    assert "d/sub/b.tf: error:" in output and "Permission denied" in output
    assert (root / "a.tf").read_text() == "a = 1\n"
    assert (root / "sub/b.tf").read_text() == "b=1\n"


def run_fixer_script(script: Path, args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    import shutil

    from fs_helpers import REPO

    command = [sys.executable, str(script), *args]
    if os.geteuid() == 0:
        setpriv = shutil.which("setpriv")
        if setpriv is None:
            pytest.skip("setpriv is needed to drop root's permission override")
        command = [setpriv, "--bounding-set=-dac_override,-dac_read_search", *command]
    env = {**os.environ, "NO_COLOR": "1", "PYTHONPATH": str(REPO)}
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=60, env=env)


@pytest.mark.parametrize(
    "args", [["check", "d"], ["fix", "--dry-run", "d"], ["fmt", "--diff", "d"]]
)
def test_output_that_cannot_be_written_is_one_line_not_a_traceback(
    tmp_path: Path, args: list[str]
) -> None:
    from fs_helpers import REPO

    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full")
    project(tmp_path / "d", {"a.tf": "a=1\n"})
    with open("/dev/full", "w") as full:
        done = subprocess.run(
            [sys.executable, "-m", "fixer", *args],
            cwd=tmp_path,
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, "PYTHONPATH": str(REPO)},
            timeout=60,
        )
    assert done.returncode == 2
    assert done.stderr == "fixer: error: cannot write the output: No space left on device\n"
