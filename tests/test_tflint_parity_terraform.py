"""The tflint-parity codemods (FX014-FX022) judged by Terraform: golden inputs and their
fixed trees pass `terraform validate` (against the machine's local plugin directory),
and where tflint's own fix breaks a configuration, Terraform says so.

Needs `terraform` on PATH and, for the cases using the AWS provider, a local plugin
directory holding registry.terraform.io/hashicorp/aws; skipped without them, except
in CI (CI=true), where they must be present.
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
from functools import cache
from pathlib import Path

import pytest
from conftest import in_ci
from typer.testing import CliRunner

from fixer.cli import app

GOLDEN = Path(__file__).resolve().parents[1] / "golden"
# (codemod directory, case, whether it needs the AWS provider)
CASES = [
    ("comment-syntax", "double-slash", False),
    ("comment-syntax", "block-comments", False),
    ("comment-syntax", "aligned-trailing-comments", False),
    ("deprecated-index", "legacy-index", False),
    ("deprecated-index", "attribute-splat", False),
    ("deprecated-index", "splat-then-index-counted", False),
    ("deprecated-index", "splat-then-index-other", False),
    ("deprecated-interpolation", "nested", False),
    ("deprecated-interpolation", "key-and-operand", False),
    ("deprecated-lookup", "two-arguments", False),
    ("empty-list-equality", "typed-list", False),
    ("empty-list-equality", "null-guard", False),
    ("json-syntax", "root-array", False),
    ("json-syntax", "repeated-block-type", False),
    ("json-syntax", "one-line", False),
    ("required-providers", "lock-file-version", True),
    ("required-providers", "legacy-string", True),
    ("required-providers", "child-module", True),
    ("unused-declarations", "unused-locals", False),
    ("unused-declarations", "variable-and-tfvars", False),
    ("unused-declarations", "data-and-provider-alias", True),
]
CODES = {
    "comment-syntax": "FX014",
    "deprecated-index": "FX015",
    "deprecated-interpolation": "FX016",
    "deprecated-lookup": "FX017",
    "empty-list-equality": "FX018",
    "json-syntax": "FX019",
    "required-providers": "FX021",
    "unused-declarations": "FX022",
}


def need(what: str, present: object) -> None:
    if not present:
        if in_ci():
            pytest.fail(f"{what} is required in CI (CI=true) but is missing")
        pytest.skip(f"{what} is not present")


@cache
def plugin_directory() -> str | None:
    """A local plugin directory with the AWS provider (as `find / -maxdepth 4 -name
    registry.terraform.io` finds it), or None."""
    configured = os.environ.get("FIXER_TF_PLUGIN_DIR")
    candidates = [configured] if configured else []
    candidates += [
        str(Path(found).parent) for found in sorted(glob.glob("/*/*/registry.terraform.io"))
    ]
    candidates += [
        str(Path(found).parent) for found in sorted(glob.glob("/*/registry.terraform.io"))
    ]
    for candidate in candidates:
        if (Path(candidate) / "registry.terraform.io" / "hashicorp" / "aws").is_dir():
            return candidate
    return None


def terraform(directory: Path, *args: str) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "TF_CLI_CONFIG_FILE": os.devnull, "TF_IN_AUTOMATION": "1"}
    return subprocess.run(
        ["terraform", *args, "-no-color"],
        cwd=directory,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def validate(directory: Path, aws: bool) -> str:
    """`terraform init -backend=false` then `terraform validate`: "" when valid, else
    Terraform's output. (The shared oracle, tests/terraform_oracle.py, may replace this.)"""
    init = ["init", "-backend=false", "-input=false"]
    if aws:
        init.append(f"-plugin-dir={plugin_directory()}")
    done = terraform(directory, *init)
    if done.returncode != 0:
        return done.stdout + done.stderr
    done = terraform(directory, "validate")
    return "" if done.returncode == 0 else done.stdout + done.stderr


def fixed_copy(codemod: str, case: str, destination: Path) -> Path:
    tree = destination / case
    shutil.copytree(GOLDEN / codemod / case, tree, ignore=shutil.ignore_patterns("expected.*"))
    previous = Path.cwd()
    os.chdir(tree)
    try:
        result = CliRunner().invoke(
            app, ["fix", "--unsafe-fixes", "--select", CODES[codemod], "."], catch_exceptions=False
        )
    finally:
        os.chdir(previous)
    assert result.exit_code in (0, 1), result.stdout
    return tree


@pytest.fixture(autouse=True)
def _terraform() -> None:
    need("terraform", shutil.which("terraform"))


@pytest.mark.parametrize(("codemod", "case", "aws"), CASES, ids=[f"{c}/{k}" for c, k, _ in CASES])
def test_fixed_golden_tree_validates(codemod: str, case: str, aws: bool, tmp_path: Path) -> None:
    if aws:
        need("a local plugin directory with hashicorp/aws", plugin_directory())
    assert (GOLDEN / codemod / case / "expected.diff").exists(), "a case the fix changes"
    if not aws:  # the input is valid too, so a valid result means the fix kept it so
        original = tmp_path / "original"
        shutil.copytree(
            GOLDEN / codemod / case, original, ignore=shutil.ignore_patterns("expected.*")
        )
        assert validate(original, aws) == ""
    tree = fixed_copy(codemod, case, tmp_path)
    assert validate(tree, aws) == ""


def test_tflint_splat_rewrite_fails_validation_ours_passes(tmp_path: Path) -> None:
    # tflint's terraform_deprecated_index writes `.*` as `[*]` even before an index.
    (tmp_path / "main.tf").write_text(
        'locals {\n  subnets = [{ id = "a" }, { id = "b" }]\n}\n\n'
        'output "first" {\n  value = local.subnets[*].id[0]\n}\n'
    )
    assert "This value does not have any indices" in validate(tmp_path, False)
    tree = fixed_copy("deprecated-index", "splat-then-index-other", tmp_path)
    assert validate(tree, False) == ""


def test_removing_a_variable_a_caller_passes_breaks_validation(tmp_path: Path) -> None:
    # What tflint's terraform_unused_declarations fix does; we offer no fix there.
    tree = fixed_copy("unused-declarations", "passed-by-caller", tmp_path)
    assert validate(tree, False) == ""  # unchanged: no fix was applied
    variables = tree / "modules" / "web" / "variables.tf"
    variables.write_text(variables.read_text().split('variable "instance_size"')[0])
    assert "Unsupported argument" in validate(tree, False)


def test_fixed_tfvars_leave_no_undeclared_variable_warning(tmp_path: Path) -> None:
    tree = fixed_copy("unused-declarations", "variable-and-tfvars", tmp_path)
    assert validate(tree, False) == ""
    for var_file in ("terraform.tfvars", "envs/prod.tfvars"):
        done = terraform(tree, "plan", "-input=false", "-refresh=false", f"-var-file={var_file}")
        assert done.returncode == 0, done.stdout + done.stderr
        assert "undeclared variable" not in done.stdout + done.stderr
