"""Large files and many files: `fixer` beside `terraform fmt`, in the same run, on the same bytes.

Cases: unformatted files of 0.5, 1, 5 and 20 MB (canonical corpus files with every line's
indentation stripped, concatenated, so that nearly every nested line changes), one
line of 5 MB holding a list, and directories of N such files (one corpus file each, for
linearity in the number of files: `--counts 250,1000`). For each case and repeat, in turn: `fixer fmt` and
`terraform fmt` on fresh copies (their outputs compared byte for byte), then
`fixer fmt --check`, `terraform fmt -check`, `fixer check` and `fixer fix`. Commands
alternate, so a burst of load from other processes hits both tools alike. Each cell is
`wall (cpu)`: the best wall-clock seconds of the repeats and the best CPU seconds (user +
system, of that process and the workers it waited for, from wait4), the steadier figure
on a shared machine (`--median`: the medians instead); then the peak memory of `fixer fmt`.

    python bench/large_files.py [--corpus DIR] [--sizes 0.5,1,5,20] [--line-mb 5]
                                [--counts 250,1000] [--repeat N] [--median] [--timeout S]
                                [--only fmt,check,fix] [--baseline DIR]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = REPO.parent / "shared" / "corpus"
MB = 1_000_000


@dataclass
class Timing:
    seconds: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)
    peak_mb: float = 0.0
    status: str = ""

    def best(self, pick=min) -> str:
        """`wall (cpu)`: the best (or, with `pick`, e.g. the median) wall-clock and CPU
        seconds of the repeats."""
        if self.status:
            return self.status
        if not self.seconds:
            return "-"
        return f"{pick(self.seconds):.2f} ({pick(self.cpu):.2f})"


def unformatted_pieces(corpus: Path):
    """Canonical corpus `.tf` files, every line's indentation stripped, one after another
    (round and round)."""
    rows = [line.split("\t") for line in (corpus / "fmt_status.tsv").read_text().splitlines()[1:]]
    paths = [corpus / "files" / r[0] for r in rows if r[1].strip() == "canonical"]
    paths = [p for p in paths if p.suffix == ".tf"]
    number = 0
    while True:
        text = paths[number % len(paths)].read_text(encoding="utf-8")
        text = "".join(line.lstrip(" \t") for line in text.splitlines(True))
        if not text.endswith("\n"):
            text += "\n"
        yield text
        number += 1


def unformatted(corpus: Path, size: int) -> str:
    pieces: list[str] = []
    total = 0
    for text in unformatted_pieces(corpus):
        if total >= size:
            break
        pieces.append(text)
        total += len(text.encode())
    return "".join(pieces)


def many_files(corpus: Path, count: int) -> dict[str, str]:
    """`count` unformatted files in one directory (one root module, as a worst case for the
    project-wide analysis)."""
    pieces = unformatted_pieces(corpus)
    return {f"file{number:05d}.tf": next(pieces) for number in range(count)}


def one_line_list(size: int) -> str:
    items = []
    total = 0
    number = 0
    while total < size:
        item = f'"item-{number:07d}"'
        items.append(item)
        total += len(item) + 1
        number += 1
    return "x = [" + ",".join(items) + "]\n"


def timed(
    command: list[str], cwd: Path, timeout: float, code: Path = REPO
) -> tuple[float, float, float, int, str]:
    """(seconds, CPU seconds, peak RSS in MB, exit status, stderr tail) of one process:
    its own CPU time and peak, from wait4."""
    env = {**os.environ, "PYTHONPATH": str(code), "NO_COLOR": "1"}
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=err)
        timer = threading.Timer(timeout, process.kill)
        timer.start()
        _, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - start
        expired = not timer.is_alive()
        timer.cancel()
        process.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        tail = err.read().decode("utf-8", "replace")[-300:]
    if expired:
        return timeout, 0.0, 0.0, -1, "timeout"
    cpu = usage.ru_utime + usage.ru_stime
    return elapsed, cpu, usage.ru_maxrss / 1024, process.returncode, tail


def fixer(*args: str) -> list[str]:
    return [sys.executable, "-m", "fixer", *args]


def run_case(
    name: str,
    files: dict[str, str],
    scratch: Path,
    repeat: int,
    timeout: float,
    only: set[str],
    baseline: Path | None = None,
) -> dict[str, Timing]:
    source = scratch / "source"
    source.mkdir(parents=True, exist_ok=True)
    for rel, text in files.items():
        (source / rel).write_text(text, encoding="utf-8")
    timings: dict[str, Timing] = {}
    outputs: dict[str, bytes] = {}

    def measure(
        label: str,
        command: list[str],
        fresh: bool,
        expect: tuple[int, ...],
        code: Path = REPO,
    ) -> None:
        work = scratch / label.replace(" ", "_")
        if work.exists():
            shutil.rmtree(work)
        shutil.copytree(source, work)
        entry = timings.setdefault(label, Timing())
        if entry.status:
            return
        seconds, cpu, peak, status, err = timed([*command, "."], work, timeout, code)
        if err == "timeout":
            entry.status = f">{timeout:.0f} (timeout)"
            return
        if status not in expect:
            entry.status = f"exit {status}: {err.strip().splitlines()[-1] if err.strip() else ''}"
            return
        entry.seconds.append(seconds)
        entry.cpu.append(cpu)
        entry.peak_mb = max(entry.peak_mb, peak)
        if fresh:
            outputs[label] = b"\0".join((work / rel).read_bytes() for rel in sorted(files))

    for _ in range(repeat):
        if "fmt" in only:
            measure("fixer fmt", fixer("fmt"), True, (0,))
            measure("terraform fmt", ["terraform", "fmt", "-no-color"], True, (0,))
            if baseline is not None:
                measure("baseline fmt", fixer("fmt"), True, (0,), baseline)
            measure("fixer fmt --check", fixer("fmt", "--check"), False, (1,))
            measure(
                "terraform fmt -check", ["terraform", "fmt", "-check", "-no-color"], False, (3,)
            )
        if "check" in only:
            measure("fixer check", fixer("check", "--select", "FX001"), False, (1,))
        if "fix" in only:
            measure("fixer fix", fixer("fix", "--select", "FX001"), True, (0, 1))
    if "fixer fmt" in outputs and "terraform fmt" in outputs:
        same = outputs["fixer fmt"] == outputs["terraform fmt"]
        timings["same bytes as terraform"] = Timing(status="yes" if same else "NO")
    return timings


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--sizes", default="0.5,1,5,20", help="MB of the unformatted files")
    parser.add_argument("--line-mb", type=float, default=5.0, help="MB of the one-line file")
    parser.add_argument("--counts", default="", help="numbers of files, e.g. 250,1000")
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument(
        "--median", action="store_true", help="medians of the repeats instead of the best"
    )
    parser.add_argument("--timeout", type=float, default=900.0)
    parser.add_argument("--only", default="fmt,check,fix")
    parser.add_argument(
        "--baseline",
        type=Path,
        help="another checkout of fixer (e.g. `git worktree add /tmp/base main`): its "
        "`fixer fmt` is timed too, in the same alternation",
    )
    arguments = parser.parse_args()
    if not (arguments.corpus / "fmt_status.tsv").exists():
        parser.error(f"no corpus at {arguments.corpus} (use --corpus DIR)")
    if shutil.which("terraform") is None:
        parser.error("terraform is not on PATH")
    only = set(arguments.only.split(","))
    pick = statistics.median if arguments.median else min
    cases = [
        (f"unformatted-{size}MB", {"big.tf": unformatted(arguments.corpus, int(float(size) * MB))})
        for size in arguments.sizes.split(",")
        if size
    ]
    if arguments.line_mb:
        line = one_line_list(int(arguments.line_mb * MB))
        cases.append((f"one-line-{arguments.line_mb:g}MB", {"big.tf": line}))
    for count in arguments.counts.split(","):
        if count:
            cases.append((f"{count}-files", many_files(arguments.corpus, int(count))))
    print(f"load average at start: {os.getloadavg()[0]:.2f} ({os.cpu_count()} CPUs)")
    rows = []
    with tempfile.TemporaryDirectory() as name:
        for case, files in cases:
            size = sum(len(text.encode()) for text in files.values()) / MB
            timings = run_case(
                case,
                files,
                Path(name) / case,
                arguments.repeat,
                arguments.timeout,
                only,
                arguments.baseline,
            )
            rows.append((case, size, timings))
            summary = ", ".join(f"{label} {t.best(pick)}" for label, t in timings.items())
            print(f"{case} ({size:.2f} MB): {summary}", flush=True)
    print(f"load average at end: {os.getloadavg()[0]:.2f}")
    labels = [label for label in rows[0][2]] if rows else []
    print()
    print("| case | MB | " + " | ".join(labels) + " |")
    print("|---|---:|" + "---:|" * len(labels))
    for case, size, timings in rows:
        cells = [timings[label].best(pick) if label in timings else "-" for label in labels]
        print(f"| {case} | {size:.2f} | " + " | ".join(cells) + " |")
    peaks = ", ".join(
        f"{case} {t['fixer fmt'].peak_mb:.0f}" for case, _, t in rows if "fixer fmt" in t
    )
    which = "median" if arguments.median else "best"
    print(f"\nwall (cpu) seconds, {which} of {arguments.repeat}; peak MB of fixer fmt: {peaks}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
