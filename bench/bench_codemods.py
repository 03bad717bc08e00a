"""CPU time of chosen codemods on the corpus as one project, this checkout against another.

Usage: python bench/bench_codemods.py [--corpus DIR] [--codes FX004,FX006|all] [--rounds N]
                                       [--baseline DIR]

Each measure runs in a fresh process (`--worker`) with the checkout's directory first on
`sys.path`: the corpus is discovered and parsed, the project model built, and only then
each codemod's `check` is timed (`time.process_time`), in the order given, on trees no
codemod has read yet (facts memoized on items are not reused across measures). The worker
also counts calls of `Module.reference_sites` and the references they yield. With
`--baseline`, the two checkouts alternate in every round, order reversed every other round.
`--codes all` runs every codemod but FX001 (formatting, measured by the format bench),
in registry order, and adds their total. Each measure also gives the RSS the codemod
added (MB; what it keeps alive: facts on items, caches). Prints one JSON line per run,
then the median CPU seconds per codemod and checkout.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = REPO.parent / "shared" / "corpus"


def worker(corpus: Path, codes: list[str]) -> dict[str, object]:
    """Time each codemod's check on freshly parsed trees, in this process."""
    from fixer.codemod import Context
    from fixer.config import Settings
    from fixer.discover import discover
    from fixer.model import module as module_model
    from fixer.registry import find_codemod

    counts = {"calls": 0, "yielded": 0}
    original = module_model.Module.reference_sites

    def counted(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        counts["calls"] += 1
        for site in original(self, *args, **kwargs):
            counts["yielded"] += 1
            yield site

    module_model.Module.reference_sites = counted  # type: ignore[method-assign]
    target = discover(corpus, "corpus")
    files = {rel: s for rel, s in target.files.items() if not (s.is_hcl and s.error)}
    context = Context(files, Settings().model_config(), paths=frozenset(files))
    modules = len(context.project.modules)  # the model is built outside the timing
    out: dict[str, object] = {"modules": modules}
    for code in codes:
        cls = find_codemod(code)
        assert cls is not None, code
        context.codemod = codemod = cls()
        before = _rss_mb()
        started = time.process_time()
        findings = len(list(codemod.check(context)))
        cpu = round(time.process_time() - started, 3)
        out[code] = {"cpu_s": cpu, "findings": findings, "rss_mb": round(_rss_mb() - before, 1)}
    out["reference_sites"] = counts
    return out


def _rss_mb() -> float:
    """The process's resident set size now, in MB (Linux)."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def all_codes() -> list[str]:
    from fixer.registry import all_codemods

    return [cls.code for cls in all_codemods() if cls.code != "FX001"]


def run_worker(root: Path, corpus: Path, codes: str) -> dict[str, object]:
    env = dict(os.environ, PYTHONPATH=str(root))
    done = subprocess.run(
        [sys.executable, __file__, "--worker", "--corpus", str(corpus), "--codes", codes],
        capture_output=True,
        text=True,
        check=True,
        env=env,
        cwd=root,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--codes", default="FX004,FX006")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--baseline", type=Path, help="another checkout to compare with")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    codes = all_codes() if args.codes == "all" else args.codes.split(",")
    if args.codes == "all" and not args.worker:
        args.codes = ",".join(codes)  # the workers of both checkouts run the same list
    if args.worker:
        print(json.dumps(worker(args.corpus, codes)))
        return 0
    roots = {"this": REPO}
    if args.baseline is not None:
        roots["baseline"] = args.baseline.resolve()
    cpu: dict[tuple[str, str], list[float]] = {}
    print(f"load average at start: {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs")
    for number in range(args.rounds):
        names = list(roots)
        if number % 2:
            names.reverse()
        for name in names:
            result = run_worker(roots[name], args.corpus.resolve(), args.codes)
            print(json.dumps({"checkout": name, "round": number + 1, **result}), flush=True)
            for code in codes:
                measure = result[code]
                assert isinstance(measure, dict)
                cpu.setdefault((name, code), []).append(measure["cpu_s"])
    for (name, code), values in cpu.items():
        print(f"{code} at {name}: median {statistics.median(values):.3f} s CPU over {values}")
    for name in roots:
        total = sum(statistics.median(cpu[name, code]) for code in codes)
        print(f"total at {name}: {total:.3f} s CPU (sum of medians, {len(codes)} codemods)")
    print(f"load average at end: {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
