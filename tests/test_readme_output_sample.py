"""The README's sample of a safe dry run's report is what fixer prints for the demo."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = re.compile(r"per codemod and safety:\n\n```\n(?P<sample>.*?)```\n", re.S)


def matches(sample: list[str], actual: list[str]) -> bool:
    """Whether actual has sample's lines in order, an `  ...` line standing for any run."""
    if not sample:
        return not actual
    if sample[0].strip() == "...":
        return any(matches(sample[1:], actual[i:]) for i in range(len(actual) + 1))
    return bool(actual) and actual[0] == sample[0] and matches(sample[1:], actual[1:])


def test_the_readmes_dry_run_sample_is_the_demos() -> None:
    found = SAMPLE.search((ROOT / "README.md").read_text(encoding="utf-8"))
    assert found, "the sample after 'per codemod and safety:' is gone"
    sample = found["sample"].splitlines()
    done = subprocess.run(
        [sys.executable, "-m", "fixer", "fix", "--dry-run", "examples/multi-env"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    report = done.stderr.splitlines()
    start = next(i for i, line in enumerate(report) if line.startswith("Would fix"))
    actual = [line for line in report[start:] if not line.startswith("Would change")]
    assert matches(sample, actual), "\n".join(actual)
