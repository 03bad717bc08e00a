"""Kill `fixer fix` at random points of its write phase and check that no byte is lost.

A tree of unformatted Terraform files (corpus files with their indentation stripped, or
generated ones with --generated) is fixed once without interruption: that gives every
file's fully fixed version. Then, again and again, a fresh copy of the tree is fixed and
the run is killed with SIGKILL at a random moment of its write phase (which starts when
the first temporary file appears in a directory of the tree). After each kill, every file
must be either its original or its fully fixed version; then a second, uninterrupted
`fixer fix` must leave every file fixed and no temporary file behind.

    python bench/kill_test.py [--files N] [--kills K] [--seed S] [--corpus DIR] [--generated]

Exit status 0 when every check held. The pytest suite runs a small version of this
(tests/test_kill.py); this script is for large trees and many kills.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = REPO.parent / "shared" / "corpus"


def is_temporary(name: str) -> bool:
    """The tree holds only `fileN.tf` files: anything else beside them is a temporary
    file (fixer's `.fileN.tf.fixer-...`, or an older `.fileN.tf.k3j5l2m1`)."""
    return name.startswith(".")


@dataclass
class Report:
    files: int = 0
    kills: int = 0
    killed_in_write_phase: int = 0
    files_fixed_at_kill: list[int] = field(default_factory=list)
    temporaries_at_kill: list[int] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def summary(self) -> str:
        fixed = self.files_fixed_at_kill
        temps = self.temporaries_at_kill
        return (
            f"{self.kills} kills of `fixer fix` over {self.files} files "
            f"({self.killed_in_write_phase} inside the write phase); at the kills, files "
            f"already fixed: min {min(fixed, default=0)}, max {max(fixed, default=0)}; "
            f"temporary files left: up to {max(temps, default=0)}, "
            f"{sum(1 for t in temps if t)} kills left some; "
            f"problems: {len(self.problems)}"
        )


def make_tree(destination: Path, files: int, corpus: Path | None, seed: int) -> None:
    """`files` unformatted .tf files in nested directories."""
    rng = random.Random(seed)
    sources: list[str] = []
    if corpus is not None:
        status = corpus / "fmt_status.tsv"
        rows = [line.split("\t") for line in status.read_text().splitlines()[1:]]
        paths = [corpus / "files" / r[0] for r in rows if r[1].strip() == "canonical"]
        paths = [p for p in paths if p.suffix == ".tf"]
        rng.shuffle(paths)
        for path in paths[:files]:
            text = path.read_text(encoding="utf-8")
            sources.append("".join(line.lstrip(" \t") for line in text.splitlines(True)))
    while len(sources) < files:
        number = len(sources)
        sources.append(
            "".join(
                f'resource "aws_s3_bucket" "b{number}_{i}" {{\nbucket="b-{i}"\n'
                f'force_destroy=true\ntags={{\nName="x"\n}}\n}}\n\n'
                for i in range(rng.randint(5, 60))
            )
        )
    for number, text in enumerate(sources):
        directory = destination / f"stack{number % 7}" / f"part{number % 5}"
        directory.mkdir(parents=True, exist_ok=True)
        (directory / f"file{number}.tf").write_text(text, encoding="utf-8")


def snapshot(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in root.rglob("*")
        if p.is_file() and not is_temporary(p.name)
    }


def temporaries(root: Path) -> list[str]:
    return [str(p.relative_to(root)) for p in root.rglob("*") if is_temporary(p.name)]


def fixer_command(root: Path) -> list[str]:
    return [sys.executable, "-m", "fixer", "fix", "-j", "1", str(root)]


def _directory_stamps(root: Path) -> dict[str, int]:
    stamps = {}
    for directory, _, _ in os.walk(root):
        try:
            stamps[directory] = os.stat(directory).st_mtime_ns
        except OSError:
            continue
    return stamps


def _wait_for_writes(
    process: subprocess.Popen[bytes], root: Path, before: dict[str, int]
) -> float | None:
    """The time the first directory of the tree changed (a temporary file was created),
    or None if the process ended first."""
    directories = list(before)
    while process.poll() is None:
        for directory in directories:
            try:
                if os.stat(directory).st_mtime_ns != before[directory]:
                    return time.perf_counter()
            except OSError:
                return time.perf_counter()
        time.sleep(0.0005)
    return None


def calibrate(original: Path, work: Path, env: dict[str, str]) -> tuple[dict[str, bytes], float]:
    """The fully fixed tree, and how long the write phase lasts."""
    _fresh_copy(original, work)
    before = _directory_stamps(work)
    process = subprocess.Popen(
        fixer_command(work), env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    started = _wait_for_writes(process, work, before)
    process.wait()
    ended = time.perf_counter()
    if process.returncode not in (0, 1):
        raise SystemExit(f"the uninterrupted run failed with exit status {process.returncode}")
    write_phase = ended - started if started is not None else 0.0
    return snapshot(work), max(write_phase, 0.001)


def _fresh_copy(original: Path, work: Path) -> None:
    if work.exists():
        shutil.rmtree(work)
    shutil.copytree(original, work)


def trial(
    original: Path,
    work: Path,
    before: dict[str, bytes],
    fixed: dict[str, bytes],
    write_phase: float,
    rng: random.Random,
    env: dict[str, str],
    report: Report,
) -> None:
    """One kill and the checks around it."""
    _fresh_copy(original, work)
    stamps = _directory_stamps(work)
    process = subprocess.Popen(
        fixer_command(work), env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    started = _wait_for_writes(process, work, stamps)
    delay = rng.uniform(0, write_phase * 1.1)
    if started is not None:
        time.sleep(max(0.0, started + delay - time.perf_counter()))
    killed_during = process.poll() is None
    process.send_signal(signal.SIGKILL)
    process.wait()
    report.kills += 1
    report.killed_in_write_phase += int(killed_during and started is not None)
    now = snapshot(work)
    fixed_count = 0
    for rel, data in now.items():
        if data == fixed.get(rel):
            fixed_count += int(data != before.get(rel))
        elif data != before.get(rel):
            report.problems.append(f"kill {report.kills}: {rel} is neither original nor fixed")
    for rel in before:
        if rel not in now:
            report.problems.append(f"kill {report.kills}: {rel} is missing")
    report.files_fixed_at_kill.append(fixed_count)
    report.temporaries_at_kill.append(len(temporaries(work)))
    done = subprocess.run(fixer_command(work), env=env, capture_output=True, text=True)
    if done.returncode not in (0, 1):
        report.problems.append(f"kill {report.kills}: the next run failed: {done.stdout[-500:]}")
    left = temporaries(work)
    if left:
        report.problems.append(
            f"kill {report.kills}: temporary files after the next run: {left[:5]}"
        )
    if snapshot(work) != fixed:
        report.problems.append(f"kill {report.kills}: the next run did not finish the fix")


def run(
    files: int, kills: int, seed: int, corpus: Path | None, scratch: Path | None = None
) -> Report:
    rng = random.Random(seed)
    env = {**os.environ, "PYTHONPATH": str(REPO), "NO_COLOR": "1"}
    with tempfile.TemporaryDirectory(dir=scratch) as name:
        base = Path(name)
        original = base / "original"
        work = base / "work"
        make_tree(original, files, corpus, seed)
        before = snapshot(original)
        fixed, write_phase = calibrate(original, work, env)
        report = Report(files=len(before))
        for _ in range(kills):
            trial(original, work, before, fixed, write_phase, rng, env, report)
        return report


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--kills", type=int, default=40)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--generated", action="store_true", help="generated files, no corpus")
    arguments = parser.parse_args()
    corpus = None if arguments.generated else arguments.corpus
    if corpus is not None and not (corpus / "fmt_status.tsv").exists():
        parser.error(f"no corpus at {corpus} (use --corpus DIR or --generated)")
    started = time.perf_counter()
    report = run(arguments.files, arguments.kills, arguments.seed, corpus)
    print(report.summary())
    for problem in report.problems[:20]:
        print(f"  {problem}")
    print(f"({time.perf_counter() - started:.0f} s, seed {arguments.seed})")
    return 1 if report.problems else 0


if __name__ == "__main__":
    sys.exit(main())
