"""End to end in a real editor: headless Neovim starts `fixer lsp`, applies a quick fix, writes."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO, in_ci

from fixer.syntax.canonical import format_preserving_newlines

INIT = REPO / "tests" / "nvim" / "init.lua"


def _nvim() -> str:
    found = shutil.which("nvim")
    if found is None:
        if in_ci():
            pytest.fail("nvim is required in CI (CI=true); .ci/run installs Debian's neovim")
        pytest.skip("nvim is not installed")
    return found


def test_neovim_applies_a_quick_fix_and_writes_the_file(tmp_path: Path) -> None:
    nvim = _nvim()
    project = tmp_path / "multi-env"
    shutil.copytree(REPO / "examples" / "multi-env", project)
    target = project / "lambda.tf"
    original = target.read_text()
    expected = format_preserving_newlines(original)
    assert expected != original, "the demo file is meant to have an FX001 finding"
    result = tmp_path / "result.txt"
    home = tmp_path / "home"
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_STATE_HOME": str(home / "state"),
        "XDG_CACHE_HOME": str(home / "cache"),
        "FIXER_LSP_CMD": json.dumps([sys.executable, "-m", "fixer", "lsp"]),
        "FIXER_FILE": str(target),
        "FIXER_CODE": "FX001",
        "FIXER_RESULT": str(result),
    }
    completed = subprocess.run(
        [nvim, "--headless", "-n", "-i", "NONE", "--noplugin", "-u", str(INIT)],
        env=env,
        cwd=project,
        capture_output=True,
        text=True,
        timeout=120,
        stdin=subprocess.DEVNULL,
    )
    outcome = result.read_text() if result.exists() else f"no result: {completed.stderr}"
    assert outcome == "ok", outcome
    assert target.read_text() == expected
