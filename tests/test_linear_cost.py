"""Linear cost (issue 13, point 4): no diff is built unless printed, diffs of large much
changed files stay fast and correct; and `fixer fmt -` ends with a newline as terraform does."""

from __future__ import annotations

import random
import shutil
import subprocess
import time
from pathlib import Path

import pytest
from conftest import in_ci
from typer.testing import CliRunner
from unidiff import PatchSet

import fixer.diff
from fixer.cli import app
from fixer.diff import unified_diff


def apply_patch(old: str, diff: str) -> str:
    """old with the (single-file) unified diff applied, through unidiff's parse."""
    lines = old.splitlines(keepends=True)
    (patched,) = PatchSet(diff)
    out: list[str] = []
    cursor = 0
    for hunk in patched:
        start = hunk.source_start - 1 if hunk.source_length else hunk.source_start
        out.extend(lines[cursor:start])
        cursor = start
        for line in hunk:
            if line.is_context:
                out.append(lines[cursor])
                cursor += 1
            elif line.is_removed:
                cursor += 1
            else:
                out.append(line.value)
    out.extend(lines[cursor:])
    return "".join(out)


def large_unformatted(blocks: int) -> tuple[str, str]:
    """(unformatted, formatted) texts of `blocks` resources, every body line changed."""
    old, new = [], []
    for number in range(blocks):
        head = f'resource "aws_s3_bucket" "b{number}" {{\n'
        old += [head, f'bucket="b-{number}"\n', "force_destroy=true\n", "}\n", "\n"]
        new += [head, f'  bucket        = "b-{number}"\n', "  force_destroy = true\n", "}\n", "\n"]
    return "".join(old), "".join(new)


def test_a_large_much_changed_file_diffs_in_linear_time() -> None:
    old, new = large_unformatted(20_000)  # 100,000 lines, 40,000 of them changed
    start = time.perf_counter()
    diff = unified_diff(old, new, "big.tf")
    elapsed = time.perf_counter() - start
    assert elapsed < 20, f"{elapsed:.1f} s (difflib alone takes minutes here)"
    assert apply_patch(old, diff) == new


def test_a_one_line_file_of_five_megabytes_diffs_fast() -> None:
    old = "x = [" + ",".join(f'"item-{i:07d}"' for i in range(450_000)) + "]\n"
    new = old.replace(",", ", ")
    start = time.perf_counter()
    diff = unified_diff(old, new, "line.tf")
    assert time.perf_counter() - start < 5
    assert apply_patch(old, diff) == new


@pytest.mark.parametrize("seed", range(40))
def test_large_diffs_are_correct(seed: int) -> None:
    rng = random.Random(seed)
    alphabet = [f"line {n}\n" for n in range(rng.choice([3, 50, 5000]))]
    old_lines = [rng.choice(alphabet) for _ in range(rng.randint(1000, 4000))]
    new_lines = list(old_lines)
    for _ in range(rng.randint(1, 300)):
        at = rng.randrange(len(new_lines) + 1)
        roll = rng.random()
        if roll < 0.3 and at < len(new_lines):
            del new_lines[at : at + rng.randint(1, 30)]
        elif roll < 0.6:
            new_lines[at:at] = [rng.choice(alphabet) for _ in range(rng.randint(1, 30))]
        elif at < len(new_lines):
            new_lines[at] = f"changed {rng.random()}\n"
    old, new = "".join(old_lines), "".join(new_lines)
    diff = unified_diff(old, new, "x.tf")
    assert apply_patch(old, diff) == new
    from fixer.line_diff import opcodes

    codes = opcodes(old_lines, new_lines)
    rebuilt = []
    for tag, i1, i2, j1, j2 in codes:
        if tag == "equal":
            assert old_lines[i1:i2] == new_lines[j1:j2]
        rebuilt += new_lines[j1:j2]
    assert rebuilt == new_lines


@pytest.mark.parametrize(
    ("args", "printed"),
    [
        (["fmt", "."], False),
        (["fmt", "--check", "."], False),
        (["check", "."], False),
        (["fmt", "--diff", "."], True),
        (["fix", "--dry-run", "."], True),
    ],
)
def test_no_diff_is_built_unless_it_is_printed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str], printed: bool
) -> None:
    (tmp_path / "a.tf").write_text("a=1\n")
    calls: list[str] = []
    real = fixer.diff.file_diff

    def counting(old: str | None, new: str | None, path: str) -> object:
        calls.append(path)
        return real(old, new, path)

    monkeypatch.setattr(fixer.diff, "file_diff", counting)
    monkeypatch.chdir(tmp_path)
    CliRunner().invoke(app, args, catch_exceptions=False)
    assert bool(calls) is printed, calls


# ---------------------------------------------------------------- fmt - and the final newline

# What `terraform fmt -` (v1.11) prints for each input: the formatted text, with a newline
# added when it does not end with one (a file keeps its missing newline: see test_cli).
STDIN_CASES = [
    ("a=1", "a = 1\n"),
    ("a=1\n", "a = 1\n"),
    ("", "\n"),
    ("\n", "\n"),
    ("# c", "# c\n"),
    ("a=1  ", "a = 1  \n"),
    ("a=1\r\nb=2", "a = 1\r\nb = 2\n"),
    ("a=1\n\n\n", "a = 1\n\n\n"),
    ("b = {\n}", "b = {\n}\n"),
]


@pytest.mark.parametrize(("text", "expected"), STDIN_CASES)
def test_fmt_stdin_ends_with_a_newline_like_terraform(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str, expected: str
) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["fmt", "-"], input=text.encode(), catch_exceptions=False)
    assert result.exit_code == 0
    assert result.stdout_bytes.decode() == expected


@pytest.mark.skipif(
    shutil.which("terraform") is None and not in_ci(), reason="terraform is not on PATH"
)
def test_the_stdin_cases_match_live_terraform() -> None:
    for text, expected in STDIN_CASES:
        done = subprocess.run(
            ["terraform", "fmt", "-no-color", "-"], input=text.encode(), capture_output=True
        )
        assert (done.returncode, done.stdout.decode()) == (0, expected), repr(text)
