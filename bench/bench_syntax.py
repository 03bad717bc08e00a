"""Throughput of our tokenizer, parser and formatter against python-hcl2 on the real corpus."""

from __future__ import annotations

import argparse
import gc
import importlib
import json
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

from conformance import DEFAULT_CORPUS, load_corpus, load_formatter, to_text

from fixer.syntax.lexer import tokenize
from fixer.syntax.parser import parse

PARSE_RATIO_GOAL = 10.0
REAL_RUN_GOAL = 15.0  # issue 15, goal 3: parse + format >= 15x python-hcl2 `parses`
FORMAT_GOAL_S = 5.0
HCL2_COLLECT_EVERY = 100
FORMAT_NAMES = (
    "format_source (ours)",
    "parse+format (ours)",
    "parse+format, reusing tokens",
    "parse+format by chunks (FX001)",
)

Operation = Callable[["Source"], object]


@dataclass(frozen=True)
class Source:
    """One corpus file held in memory: its path, its text and its size in bytes."""

    path: str
    text: str
    size: int


@dataclass
class Measure:
    """Wall-clock and CPU timings of one operation over the whole file set."""

    name: str
    runs: list[float] = field(default_factory=list)
    cpu_runs: list[float] = field(default_factory=list)
    size: int = 0
    files: int = 0
    unavailable: str | None = None

    def add(self, wall: float, cpu: float) -> None:
        self.runs.append(wall)
        self.cpu_runs.append(cpu)

    @property
    def best(self) -> float:
        return min(self.runs)

    @property
    def median(self) -> float:
        return statistics.median(self.runs)

    @property
    def best_cpu(self) -> float:
        return min(self.cpu_runs)

    @property
    def mb_per_s(self) -> float:
        return self.size / 1e6 / self.best

    def summary(self) -> dict[str, Any]:
        if self.unavailable is not None:
            return {"name": self.name, "unavailable": self.unavailable}
        return {
            "name": self.name,
            "files": self.files,
            "bytes": self.size,
            "runs_s": [round(run, 4) for run in self.runs],
            "cpu_runs_s": [round(run, 4) for run in self.cpu_runs],
            "best_s": round(self.best, 4),
            "median_s": round(self.median, 4),
            "best_cpu_s": round(self.best_cpu, 4),
            "mb_per_s": round(self.mb_per_s, 3),
        }


# ------------------------------------------------------------------ environment


def read_sources(corpus_dir: Path) -> list[Source]:
    """Every file terraform accepts, read and decoded before any timing starts."""
    corpus = load_corpus(corpus_dir)
    sources = []
    for path in corpus.valid_paths():
        data = corpus.read(path)
        sources.append(Source(path, to_text(data), len(data)))
    return sources


def pin_to_one_core(wanted: bool) -> str:
    """Pin this process to one CPU, if wanted, so the scheduler cannot migrate it."""
    if not wanted:
        return "not pinned (one thread)"
    if not hasattr(os, "sched_setaffinity"):
        return "not pinned (no sched_setaffinity)"
    cpu = max(os.sched_getaffinity(0))
    os.sched_setaffinity(0, {cpu})
    return f"pinned to CPU {cpu}"


@contextmanager
def gc_paused(keep_gc: bool) -> Iterator[None]:
    """Collect first, then keep the collector off for the block unless `keep_gc`."""
    gc.collect()
    was_enabled = gc.isenabled()
    if not keep_gc:
        gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


# ------------------------------------------------------------------ measuring


def time_pass(func: Operation, sources: list[Source], keep_gc: bool) -> tuple[float, float]:
    """Wall-clock and CPU seconds for one pass of func over every source."""
    with gc_paused(keep_gc):
        wall, cpu = time.perf_counter(), time.process_time()
        for source in sources:
            func(source)
        return time.perf_counter() - wall, time.process_time() - cpu


def measure(
    operations: dict[str, Operation], sources: list[Source], repeat: int, keep_gc: bool
) -> list[Measure]:
    """One untimed warm-up pass of each operation, then `repeat` rounds of one timed pass each.

    Rounds interleave the operations, so that a burst of load from other processes on the
    machine hits all of them alike rather than every run of one operation.
    """
    size = sum(s.size for s in sources)
    results = {name: Measure(name, size=size, files=len(sources)) for name in operations}
    for func in operations.values():
        time_pass(func, sources, keep_gc)
    for _ in range(repeat):
        for name, func in operations.items():
            results[name].add(*time_pass(func, sources, keep_gc))
    return list(results.values())


def measure_hcl2(sources: list[Source], keep_gc: bool) -> tuple[Measure, list[str]]:
    """hcl2.loads once over every source, timed per file; also returns the files it failed on."""
    import hcl2

    hcl2.loads('warm_up = "builds the Lark parser before timing"\n')
    result = Measure(f"hcl2.loads (python-hcl2 {metadata.version('python-hcl2')})")
    wall, cpu, failed = 0.0, 0.0, []
    for chunk_start in range(0, len(sources), HCL2_COLLECT_EVERY):
        with gc_paused(keep_gc):
            for source in sources[chunk_start : chunk_start + HCL2_COLLECT_EVERY]:
                timing = _time_hcl2(hcl2.loads, source.text)
                if timing is None:
                    failed.append(source.path)
                    continue
                wall, cpu = wall + timing[0], cpu + timing[1]
                result.size, result.files = result.size + source.size, result.files + 1
    result.add(wall, cpu)
    return result, failed


def _time_hcl2(loads: Callable[[str], object], text: str) -> tuple[float, float] | None:
    """Wall-clock and CPU seconds of loads(text), or None if it raised."""
    wall, cpu = time.perf_counter(), time.process_time()
    try:
        loads(text)
    except Exception:
        return None
    return time.perf_counter() - wall, time.process_time() - cpu


def our_measures(sources: list[Source], repeat: int, keep_gc: bool) -> list[Measure]:
    """Our tokenize, parse, format and parse+format throughput over the sources."""
    operations: dict[str, Operation] = {
        "tokenize (ours)": lambda s: tokenize(s.text),
        "parse (ours)": lambda s: parse(s.text, s.path),
    }
    fmt, why = load_formatter()
    if fmt is not None:
        operations[FORMAT_NAMES[0]] = lambda s: fmt(s.text)
        operations[FORMAT_NAMES[1]] = lambda s: (parse(s.text, s.path), fmt(s.text))
        operations[FORMAT_NAMES[2]] = lambda s: fmt(s.text, parse(s.text, s.path).tokens)
        from fixer.syntax.chunks import format_by_chunks

        operations[FORMAT_NAMES[3]] = lambda s: format_by_chunks(
            s.text, parse(s.text, s.path).tokens
        )
    results = measure(operations, sources, repeat, keep_gc)
    if fmt is None:
        why = f"formatter not available ({why})"
        results += [Measure(name, unavailable=why) for name in FORMAT_NAMES]
    return results


# ------------------------------------------------------------------ as in a real run


def load_version(root: Path) -> Callable[[Source], object]:
    """Parse + format as the fixer checkout at root does it, loaded beside this one:
    its `fixer` modules are imported under their own names with sys.modules swapped,
    then put aside (their functions keep their own module globals)."""
    saved = {k: v for k, v in sys.modules.items() if k == "fixer" or k.startswith("fixer.")}
    for name in saved:
        del sys.modules[name]
    sys.path.insert(0, str(root))
    try:
        parser = importlib.import_module("fixer.syntax.parser")
        canonical = importlib.import_module("fixer.syntax.canonical")
        chunks = importlib.import_module("fixer.syntax.chunks")
    finally:
        sys.path.remove(str(root))
        for name in [k for k in sys.modules if k == "fixer" or k.startswith("fixer.")]:
            del sys.modules[name]
        sys.modules.update(saved)
    return _parse_and_format(parser.parse, canonical.format_preserving_newlines, chunks)


def _parse_and_format(
    parse_file: Callable[..., Any], canonical: Callable[..., str], chunks: Any
) -> Callable[[Source], object]:
    """What a fixer run does with each file: parse it, then compute FX001's canonical
    text from the parsed tokens (formatting by chunks: their memory is emptied before
    each pass, see real_run_pass, so a pass pays for every chunk, as a first run does)."""

    def run(source: Source) -> object:
        tree = parse_file(source.text, source.path)
        canonical(source.text, tree.tokens)
        return tree

    run.chunks = chunks  # type: ignore[attr-defined]
    return run


def real_run_pass(func: Callable[[Source], object], sources: list[Source]) -> tuple[float, float]:
    """Wall-clock and CPU seconds of one pass with the collector on, as in a real run,
    every result kept alive until the pass ends (a fixer run keeps every tree)."""
    chunks = getattr(func, "chunks", None)
    if chunks is not None:
        chunks._formatted.clear()
        chunks.is_closed.cache_clear()
    gc.collect()
    gc.enable()
    kept = []
    wall, cpu = time.perf_counter(), time.process_time()
    for source in sources:
        kept.append(func(source))
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    del kept
    gc.collect()
    return wall, cpu


def real_run_measures(sources: list[Source], rounds: int, baseline: Path | None) -> list[Measure]:
    """Parse + format (ours, and the baseline's if given) against python-hcl2's `parses`
    (its parse tree, without the conversion to a dict), alternating in every round."""
    import hcl2

    hcl2.parses('warm_up = "builds the Lark parser before timing"\n')
    operations: dict[str, Callable[[Source], object]] = {
        "hcl2.parses, trees kept": lambda s: hcl2.parses(s.text),
    }
    from fixer.syntax import chunks
    from fixer.syntax.canonical import format_preserving_newlines

    operations["parse+format (FX001), trees kept"] = _parse_and_format(
        parse, format_preserving_newlines, chunks
    )
    if baseline is not None:
        operations[f"parse+format (FX001) at {baseline.name}"] = load_version(baseline)
    size = sum(s.size for s in sources)
    results = {name: Measure(name, size=size, files=len(sources)) for name in operations}
    for name, func in operations.items():
        if not name.startswith("hcl2"):
            real_run_pass(func, sources)  # warm-up
    for number in range(rounds):
        names = list(operations)
        if number % 2:
            names.reverse()  # alternate the order, so that no one always runs first
        for name in names:
            results[name].add(*real_run_pass(operations[name], sources))
    return list(results.values())


def real_run_goal(measures: list[Measure]) -> dict[str, str]:
    theirs = measures[0]
    out = {}
    for ours in measures[1:]:
        best = theirs.best_cpu / ours.best_cpu
        median = statistics.median(theirs.cpu_runs) / statistics.median(ours.cpu_runs)
        out[f"{ours.name} vs hcl2.parses"] = (
            f"{best:.1f}x by best CPU time, {median:.1f}x by median "
            f"(goal >= {REAL_RUN_GOAL:g}x: {_met(min(best, median) >= REAL_RUN_GOAL)})"
        )
    return out


# ------------------------------------------------------------------ reporting


def report(measures: list[Measure], meta: dict[str, Any]) -> list[str]:
    """A compact table of the measures, then the goals."""
    lines = [
        f"corpus: {meta['files']} files, {meta['bytes'] / 1e6:.2f} MB (1 MB = 10^6 bytes)",
        f"method: {meta['method']}",
        f"load average: {meta['load_average']} ({meta['cpus']} CPUs)",
        f"{'measure':<32} {'runs':>4} {'best s':>9} {'median s':>9} {'cpu s':>9} {'MB/s':>7}",
    ]
    for m in measures:
        if m.unavailable is not None:
            lines.append(f"{m.name:<32} {m.unavailable}")
            continue
        lines.append(
            f"{m.name:<32} {len(m.runs):>4} {m.best:>9.3f} {m.median:>9.3f} "
            f"{m.best_cpu:>9.3f} {m.mb_per_s:>7.3f}"
        )
    lines += [f"{key}: {value}" for key, value in meta["goals"].items()]
    return lines


def goals(measures: dict[str, Measure], hcl2_failed: list[str]) -> dict[str, str]:
    """The parse speed ratio and the whole-corpus format time, each against its goal."""
    ours, theirs = measures["parse (ours)"], measures["hcl2"]
    ratio = ours.mb_per_s / theirs.mb_per_s
    cpu_ratio = theirs.best_cpu / ours.best_cpu
    out = {
        "parse ours vs hcl2": (
            f"{ours.mb_per_s:.3f} MB/s vs {theirs.mb_per_s:.3f} MB/s = {ratio:.1f}x "
            f"(goal >= {PARSE_RATIO_GOAL:g}x: {_met(ratio >= PARSE_RATIO_GOAL)}); "
            f"by CPU time {cpu_ratio:.1f}x"
        ),
        "hcl2 failures": (
            f"{len(hcl2_failed)} file(s), excluded from every measure {hcl2_failed[:3]}"
        ),
    }
    both, reusing = measures[FORMAT_NAMES[1]], measures[FORMAT_NAMES[2]]
    if both.unavailable is None:
        out["parse+format whole corpus"] = (
            f"{both.best:.2f} s (goal < {FORMAT_GOAL_S:g} s: {_met(both.best < FORMAT_GOAL_S)}); "
            f"CPU time {both.best_cpu:.2f} s; reusing the tokens {reusing.best:.2f} s "
            f"(CPU time {reusing.best_cpu:.2f} s)"
        )
    return out


def _met(condition: bool) -> str:
    return "met" if condition else "NOT met"


def method(repeat: int, keep_gc: bool, pinning: str) -> str:
    """How the figures were taken, in one line."""
    gc_text = "GC on" if keep_gc else "GC off while timing, collected before each pass"
    return (
        f"ours: 1 warm-up pass, then best of {repeat} interleaved rounds; "
        f"hcl2: 1 pass after a warm-up call; {gc_text}; {pinning}"
    )


def _load_average() -> str:
    """The 1-minute load average: above the CPU count, other processes skew wall times."""
    if not hasattr(os, "getloadavg"):
        return "unknown"
    return f"{os.getloadavg()[0]:.2f}"


def main(argv: list[str] | None = None) -> int:
    args = _arguments(argv)
    sources = read_sources(args.corpus)[:: args.sample]
    load_before = _load_average()
    pinning = pin_to_one_core(args.pin)
    if args.real_run:
        return _real_run_main(args, sources, load_before, pinning)
    hcl2, failed = measure_hcl2(sources, args.gc)
    excluded = set(failed)
    common = [s for s in sources if s.path not in excluded]
    ours = our_measures(common, args.repeat, args.gc)
    meta = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "corpus": str(args.corpus.resolve()),
        "files": len(common),
        "bytes": sum(s.size for s in common),
        "method": method(args.repeat, args.gc, pinning),
        "load_average": f"{load_before} at start, {_load_average()} at end",
        "hcl2_failed": failed,
        "goals": goals({m.name: m for m in ours} | {"hcl2": hcl2}, failed),
    }
    measures = [*ours, hcl2]
    if args.json:
        print(json.dumps({**meta, "measures": [m.summary() for m in measures]}, indent=2))
    else:
        print("\n".join(report(measures, meta)))
    return 0


def _real_run_main(
    args: argparse.Namespace, sources: list[Source], load_before: str, pinning: str
) -> int:
    measures = real_run_measures(sources, args.rounds, args.baseline)
    meta = {
        "files": len(sources),
        "bytes": sum(s.size for s in sources),
        "method": (
            f"{args.rounds} rounds, each one pass of every measure in turn (order reversed "
            "every other round), collector on with its default thresholds, every result "
            "kept until the pass ends, then dropped and collected untimed; chunk memory "
            f"emptied before each pass; {pinning}"
        ),
        "load_average": f"{load_before} at start, {_load_average()} at end",
        "cpus": os.cpu_count(),
        "goals": real_run_goal(measures),
    }
    if args.json:
        print(json.dumps({**meta, "measures": [m.summary() for m in measures]}, indent=2))
    else:
        print("\n".join(report(measures, meta)))
    return 0


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="corpus directory")
    parser.add_argument("--repeat", type=int, default=5, help="timed passes of our code")
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    parser.add_argument("--gc", action="store_true", help="keep the GC on while timing")
    parser.add_argument("--pin", action="store_true", help="pin the process to one CPU")
    parser.add_argument(
        "--real-run",
        action="store_true",
        help="parse+format as a fixer run does it against hcl2.parses (issue 15, goal 3)",
    )
    parser.add_argument("--rounds", type=int, default=3, help="rounds of --real-run")
    parser.add_argument(
        "--sample", type=int, default=1, help="use every Nth corpus file (quick runs)"
    )
    parser.add_argument(
        "--baseline", type=Path, help="another fixer checkout to measure beside this one"
    )
    args = parser.parse_args(argv)
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    return args


if __name__ == "__main__":
    sys.exit(main())
