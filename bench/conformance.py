"""Conformance figures of the syntax layer (parser, printer, formatter) on the real corpus."""

from __future__ import annotations

import argparse
import importlib
import signal
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = REPO_ROOT / ".." / "shared" / "corpus"
REJECT_LIMIT_S = 1.0

sys.path.insert(0, str(REPO_ROOT))

from fixer.syntax.errors import HCLSyntaxError  # noqa: E402
from fixer.syntax.parser import parse  # noqa: E402

Formatter = Callable[..., str]  # format_source(text, tokens=None)


# ------------------------------------------------------------------ corpus


@dataclass(frozen=True)
class Corpus:
    """The corpus on disk: file statuses from fmt_status.tsv and the fmt cases."""

    root: Path
    status: dict[str, str]

    @classmethod
    def load(cls, root: Path) -> Corpus:
        rows = _read_tsv(root / "fmt_status.tsv")
        return cls(root, {row[0]: row[1] for row in rows})

    def read(self, path: str) -> bytes:
        return (self.root / "files" / path).read_bytes()

    def paths(self, *statuses: str) -> list[str]:
        """Paths with one of the statuses (all paths when none is given), in file order."""
        return [p for p, s in self.status.items() if not statuses or s in statuses]

    def valid_paths(self) -> list[str]:
        return self.paths("canonical", "changed")

    def expected(self, path: str) -> bytes:
        return (self.root / "fmt_expected" / path).read_bytes()

    def fmt_cases(self) -> list[tuple[str, Path, Path]]:
        """(case, input file, expected file) for every case listed in fmt_cases/index.tsv."""
        cases_dir = self.root / "fmt_cases"
        files = {tuple(p.name.split(".")[:2]): p for p in cases_dir.iterdir()}
        cases = [row[0] for row in _read_tsv(cases_dir / "index.tsv")]
        return [(case, files[case, "input"], files[case, "expected"]) for case in cases]


def _read_tsv(path: Path) -> list[list[str]]:
    """Rows of a tab-separated file, without its header line."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line.split("\t") for line in lines[1:] if line]


def to_text(data: bytes) -> str:
    """File bytes as text: UTF-8, line ends untouched, a leading byte-order mark kept (the
    parser reads it as whitespace, as terraform does, and the formatter drops it)."""
    return data.decode("utf-8")


def load_corpus(root: Path) -> Corpus:
    """Load the corpus or exit with a clear message when it is not there."""
    if not (root / "fmt_status.tsv").is_file():
        sys.exit(f"error: no corpus at {root} (expected fmt_status.tsv); use --corpus DIR")
    return Corpus.load(root)


def load_formatter() -> tuple[Formatter | None, str]:
    """fixer.syntax.format.format_source if it can be imported, else None and why not."""
    try:
        module = importlib.import_module("fixer.syntax.format")
        return module.format_source, ""
    except Exception as exc:
        return None, f"{type(exc).__name__}: {exc}"


# ------------------------------------------------------------------ running checks


class Timeout(BaseException):
    """A call ran past its deadline (BaseException, so the code under test cannot swallow it)."""


@contextmanager
def deadline(seconds: float) -> Iterator[None]:
    """Interrupt the block with Timeout after `seconds` (SIGALRM, main thread, Unix only)."""
    if seconds <= 0 or not hasattr(signal, "setitimer"):
        yield
        return

    def expire(signum: int, frame: Any) -> None:
        raise Timeout(f"no result after {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@dataclass
class Outcome:
    """What one guarded call gave: its value or a description of what it raised."""

    value: Any = None
    error: str | None = None
    syntax_error: bool = False
    seconds: float = 0.0


def run(func: Callable[..., Any], *args: Any, timeout: float) -> Outcome:
    """Call func(*args) under a deadline, timing it and catching whatever it raises."""
    start = time.perf_counter()
    try:
        with deadline(timeout):
            value = func(*args)
    except HCLSyntaxError as exc:
        return Outcome(error=f"HCLSyntaxError {exc}", syntax_error=True, seconds=_since(start))
    except Exception as exc:
        return Outcome(error=f"{type(exc).__name__}: {exc}", seconds=_since(start))
    except Timeout as exc:
        return Outcome(error=f"{type(exc).__name__}: {exc}", seconds=_since(start))
    return Outcome(value=value, seconds=_since(start))


def _since(start: float) -> float:
    return time.perf_counter() - start


def text_difference(expected: str, actual: str) -> str:
    """Where two texts first differ, as a line number and the two lines."""
    exp_lines = expected.splitlines(keepends=True)
    act_lines = actual.splitlines(keepends=True)
    for number, (exp, act) in enumerate(zip(exp_lines, act_lines, strict=False), 1):
        if exp != act:
            return f"line {number}: expected {_clip(exp)}, got {_clip(act)}"
    return f"expected {len(exp_lines)} lines, got {len(act_lines)}"


def bytes_difference(expected: bytes, actual: bytes) -> str:
    """Where two byte strings first differ, as an offset and a line number."""
    limit = min(len(expected), len(actual))
    offset = next((i for i in range(limit) if expected[i] != actual[i]), limit)
    line = expected.count(b"\n", 0, offset) + 1
    return (
        f"differs at byte {offset} (line {line}); expected {len(expected)} bytes, got {len(actual)}"
    )


def _clip(line: str, width: int = 60) -> str:
    return repr(line if len(line) <= width else line[:width] + "...")


# ------------------------------------------------------------------ figures


@dataclass
class Figure:
    """One conformance figure: how many items passed, and which failed and why."""

    name: str
    passed: int = 0
    total: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)
    unavailable: str | None = None
    notes: list[str] = field(default_factory=list)

    def add(self, key: str, problem: str | None) -> None:
        self.total += 1
        if problem is None:
            self.passed += 1
        else:
            self.failures.append((key, problem))

    @property
    def ok(self) -> bool:
        return self.unavailable is None and self.total > 0 and self.passed == self.total

    def report(self, show: int) -> list[str]:
        if self.unavailable is not None:
            return [f"{self.name}: formatter not available ({self.unavailable})"]
        lines = [f"{self.name}: {self.passed}/{self.total} ({percent(self.passed, self.total)}%)"]
        lines += [f"  {note}" for note in self.notes]
        lines += [f"  FAIL {key}: {problem}" for key, problem in self.failures[:show]]
        if len(self.failures) > show:
            lines.append(f"  ... and {len(self.failures) - show} more")
        return lines


def percent(passed: int, total: int) -> str:
    """Percentage rounded down to two decimals, so that only a full pass shows 100.00."""
    if total == 0:
        return "n/a"
    return f"{(passed * 10000 // total) / 100:.2f}"


def parse_figures(corpus: Corpus, timeout: float) -> list[Figure]:
    """(a) round trip over accepted files and (e) accept/reject parity over all files."""
    roundtrip = Figure("round trip")
    parity = Figure("accept/reject parity")
    max_reject = 0.0
    for path in corpus.paths():
        data = corpus.read(path)
        outcome = run(parse, data, path, timeout=timeout)
        invalid = corpus.status[path] == "invalid"
        parity.add(path, _parity_problem(outcome, invalid))
        if invalid:
            max_reject = max(max_reject, outcome.seconds)
        else:
            roundtrip.add(path, outcome.error or _roundtrip_problem(data, outcome.value))
    parity.notes.append(
        f"max reject time over invalid files: {max_reject * 1000:.2f} ms "
        f"(limit {REJECT_LIMIT_S:g} s)"
    )
    return [roundtrip, parity]


def _parity_problem(outcome: Outcome, invalid: bool) -> str | None:
    if not invalid:
        return None if outcome.error is None else f"rejected: {outcome.error}"
    if outcome.error is None:
        return "accepted, but terraform rejects it"
    if not outcome.syntax_error:
        return f"rejected with the wrong exception: {outcome.error}"
    if outcome.seconds >= REJECT_LIMIT_S:
        return f"rejected, but took {outcome.seconds:.2f} s"
    return None


def _roundtrip_problem(data: bytes, file: Any) -> str | None:
    """Why File.print() or File.text, encoded as UTF-8, is not the file."""
    try:
        printed = file.print().encode("utf-8")
    except Exception as exc:
        return f"print() raised {type(exc).__name__}: {exc}"
    if printed != data:
        return "print() " + bytes_difference(data, printed)
    text = file.text.encode("utf-8")
    if text != data:
        return "File.text " + bytes_difference(data, text)
    return None


def fmt_case_figure(corpus: Corpus, fmt: Formatter, timeout: float) -> Figure:
    """(b) format_source(input) == expected over the fmt cases."""
    figure = Figure("fmt cases")
    for case, input_path, expected_path in corpus.fmt_cases():
        source = to_text(input_path.read_bytes())
        expected = to_text(expected_path.read_bytes())
        figure.add(case, _format_problem(run(fmt, source, timeout=timeout), expected))
    return figure


def _format_problem(outcome: Outcome, expected: str) -> str | None:
    if outcome.error is not None:
        return f"raised {outcome.error}"
    if outcome.value != expected:
        return text_difference(expected, outcome.value)
    return None


def file_format_figures(corpus: Corpus, fmt: Formatter, timeout: float) -> list[Figure]:
    """(c) canonical files unchanged, (d) changed files equal fmt_expected, (f) idempotence."""
    canonical = Figure("fmt canonical files")
    changed = Figure("fmt changed files")
    idempotent = Figure("fmt idempotence")
    for path in corpus.valid_paths():
        text = to_text(corpus.read(path))
        first = run(fmt, text, timeout=timeout)
        if corpus.status[path] == "canonical":
            canonical.add(path, _format_problem(first, text))
        else:
            changed.add(path, _format_problem(first, to_text(corpus.expected(path))))
        idempotent.add(path, _idempotence_problem(first, fmt, timeout))
    return [canonical, changed, idempotent]


def _idempotence_problem(first: Outcome, fmt: Formatter, timeout: float) -> str | None:
    if first.error is not None:
        return f"first pass raised {first.error}"
    return _format_problem(run(fmt, first.value, timeout=timeout), first.value)


def format_figures(corpus: Corpus, timeout: float) -> list[Figure]:
    """The formatter figures (b), (c), (d), (f), or placeholders if it cannot be imported."""
    fmt, why = load_formatter()
    if fmt is None:
        names = ["fmt cases", "fmt canonical files", "fmt changed files", "fmt idempotence"]
        return [Figure(name, unavailable=why) for name in names]
    return [fmt_case_figure(corpus, fmt, timeout), *file_format_figures(corpus, fmt, timeout)]


# ------------------------------------------------------------------ main


def main(argv: list[str] | None = None) -> int:
    args = _arguments(argv)
    corpus = load_corpus(args.corpus)
    start = time.perf_counter()
    roundtrip, parity = parse_figures(corpus, args.timeout)
    cases, canonical, changed, idempotent = format_figures(corpus, args.timeout)
    figures = [roundtrip, cases, canonical, changed, parity, idempotent]
    print(f"corpus: {args.corpus.resolve()} ({len(corpus.status)} files)")
    for figure in figures:
        print("\n".join(figure.report(args.show)))
    print(f"elapsed: {_since(start):.1f} s")
    return 0 if all(figure.ok for figure in figures) else 1


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="corpus directory")
    parser.add_argument("--show", type=int, default=5, help="failing paths shown per figure")
    parser.add_argument(
        "--timeout", type=float, default=10.0, help="seconds before one call counts as hung"
    )
    return parser.parse_args(argv)


if __name__ == "__main__":
    sys.exit(main())
