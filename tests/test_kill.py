"""Kill `fixer fix` with SIGKILL at random points of its write phase (issue 13, point 6):
every file stays its original or its fixed version, and the next run leaves no temporary
file. A small version of bench/kill_test.py, which runs large trees and many kills."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parents[1] / "bench" / "kill_test.py"


def test_killed_runs_lose_no_byte_and_leave_no_temporary_file(tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location("kill_test", BENCH)
    assert spec is not None and spec.loader is not None
    kill_test = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = kill_test  # its dataclasses look themselves up there
    spec.loader.exec_module(kill_test)
    report = kill_test.run(files=30, kills=4, seed=7, corpus=None, scratch=tmp_path)
    assert report.kills == 4
    assert report.killed_in_write_phase >= 2, report.summary()
    assert not report.problems, report.problems
