"""Where the time of `bench_syntax.py --real-run` goes: the collector's share, then a profile.

Usage: python bench/profile_real_run.py [--corpus DIR] [--sample N] [--top N]

Runs parse + FX001 over the corpus sample as `--real-run` times it (collector on, every
tree kept until the pass ends, chunk memory emptied first), after one untimed warm-up:
one pass timed by CPU with the collector's runs counted and timed per generation
(`gc.callbacks`), one pass with the collector paused for comparison, and one pass under
cProfile (its own overhead inflates the times; read the shares, not the seconds).
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import pstats
import time
from collections import Counter
from pathlib import Path

from bench_syntax import _parse_and_format, read_sources, real_run_pass
from conformance import DEFAULT_CORPUS

from fixer.syntax import chunks
from fixer.syntax.canonical import format_preserving_newlines
from fixer.syntax.parser import parse


def collector_share(run, sources) -> str:  # type: ignore[no-untyped-def]
    """One timed pass with the collector's runs timed per generation."""
    seconds: Counter[int] = Counter()
    runs: Counter[int] = Counter()
    started: list[float] = []

    def on_collect(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            started.append(time.process_time())
        else:
            seconds[info["generation"]] += time.process_time() - started.pop()
            runs[info["generation"]] += 1

    gc.callbacks.append(on_collect)
    try:
        _, cpu = real_run_pass(run, sources)
    finally:
        gc.callbacks.remove(on_collect)
    parts = ", ".join(f"generation {g}: {runs[g]} runs {seconds[g]:.3f} s" for g in sorted(runs))
    return f"collector on: {cpu:.3f} s CPU, of which the collector {sum(seconds.values()):.3f} s ({parts})"


def collector_paused(run, sources) -> str:  # type: ignore[no-untyped-def]
    chunks._formatted.clear()
    chunks.is_closed.cache_clear()
    gc.collect()
    gc.disable()
    kept = []
    started = time.process_time()
    try:
        for source in sources:
            kept.append(run(source))
        cpu = time.process_time() - started
    finally:
        gc.enable()
    del kept
    gc.collect()
    return f"collector paused (for comparison only): {cpu:.3f} s CPU"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--sample", type=int, default=2, help="every Nth corpus file")
    parser.add_argument("--top", type=int, default=25, help="profile rows to print")
    args = parser.parse_args()
    sources = read_sources(args.corpus)[:: args.sample]
    run = _parse_and_format(parse, format_preserving_newlines, chunks)
    real_run_pass(run, sources)  # warm-up
    print(f"{len(sources)} files, {sum(s.size for s in sources) / 1e6:.2f} MB")
    print(collector_share(run, sources))
    print(collector_paused(run, sources))
    profile = cProfile.Profile()
    profile.enable()
    real_run_pass(run, sources)
    profile.disable()
    pstats.Stats(profile).sort_stats("tottime").print_stats(args.top)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
