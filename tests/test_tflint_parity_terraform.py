"""The tflint-parity codemods (FX014-FX022) judged by Terraform (tests/terraform_oracle.py):
golden inputs and their fixed trees pass `terraform validate`, and where tflint's own fix
breaks a configuration, Terraform says so.

FX020 has no case here: its trees name remote module sources, which `terraform init`
would have to fetch.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from terraform_oracle import oracle_or_skip
from typer.testing import CliRunner

from fixer.cli import app

GOLDEN = Path(__file__).resolve().parents[1] / "golden"
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
# The cases whose fix changes something, whose tree Terraform can load offline.
CASES = [
    ("comment-syntax", "double-slash"),
    ("comment-syntax", "block-comments"),
    ("comment-syntax", "aligned-trailing-comments"),
    ("deprecated-index", "legacy-index"),
    ("deprecated-index", "attribute-splat"),
    ("deprecated-index", "splat-then-index-counted"),
    ("deprecated-index", "splat-then-index-other"),
    ("deprecated-interpolation", "nested"),
    ("deprecated-interpolation", "key-and-operand"),
    ("deprecated-interpolation", "multi-line"),
    ("deprecated-lookup", "two-arguments"),
    ("empty-list-equality", "typed-list"),
    ("empty-list-equality", "null-guard"),
    ("json-syntax", "root-array"),
    ("json-syntax", "repeated-block-type"),
    ("json-syntax", "one-line"),
    ("required-providers", "lock-file-version"),
    ("required-providers", "legacy-string"),
    ("required-providers", "child-module"),
    ("required-providers", "missing-source"),
    ("required-providers", "provider-block-version"),
    ("unused-declarations", "unused-locals"),
    ("unused-declarations", "variable-and-tfvars"),
    ("unused-declarations", "data-and-provider-alias"),
    ("unused-declarations", "header-comment"),
]


def fixed_copy(codemod: str, case: str, destination: Path) -> Path:
    """A copy of the golden case's input after `fixer fix --unsafe-fixes --select CODE`."""
    tree = destination / codemod / case
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


def invalid(results: dict) -> dict[str, list[str]]:
    return {name: [str(e) for e in v.errors] for name, v in results.items() if not v.ok}


def test_golden_inputs_and_their_fixed_trees_validate(tmp_path: Path) -> None:
    oracle = oracle_or_skip()
    for codemod, case in CASES:
        assert (GOLDEN / codemod / case / "expected.diff").exists(), f"{case}: a case with a fix"
    before = {f"{c}/{k}": GOLDEN / c / k for c, k in CASES}
    after = {f"{c}/{k}": fixed_copy(c, k, tmp_path) for c, k in CASES}
    assert invalid(oracle.validate_many(before)) == {}, "a golden input is not valid"
    assert invalid(oracle.validate_many(after)) == {}


def test_tflint_splat_rewrite_fails_validation_ours_passes(tmp_path: Path) -> None:
    # tflint's terraform_deprecated_index writes `.*` as `[*]` even before an index.
    oracle = oracle_or_skip()
    theirs = tmp_path / "theirs"
    theirs.mkdir()
    (theirs / "main.tf").write_text(
        'locals {\n  subnets = [{ id = "a" }, { id = "b" }]\n}\n\n'
        'output "first" {\n  value = local.subnets[*].id[0]\n}\n'
    )
    ours = fixed_copy("deprecated-index", "splat-then-index-other", tmp_path)
    results = oracle.validate_many({"theirs": theirs, "ours": ours})
    assert "Invalid index" in str(invalid(results)["theirs"])
    assert results["ours"].ok


def test_removing_a_variable_a_caller_passes_breaks_validation(tmp_path: Path) -> None:
    # What tflint's terraform_unused_declarations fix does; we offer no fix there.
    oracle = oracle_or_skip()
    ours = fixed_copy("unused-declarations", "passed-by-caller", tmp_path)
    theirs = tmp_path / "theirs"
    shutil.copytree(ours, theirs)
    variables = theirs / "modules" / "web" / "variables.tf"
    variables.write_text(variables.read_text().split('variable "instance_size"')[0])
    results = oracle.validate_many({"ours": ours, "theirs": theirs})
    assert results["ours"].ok
    assert "Unsupported argument" in str(invalid(results)["theirs"])


def test_fixed_tfvars_leave_no_undeclared_variable_warning(tmp_path: Path) -> None:
    # tflint-ruleset-terraform#150: tflint leaves the removed variable's values behind.
    oracle = oracle_or_skip()
    tree = fixed_copy("unused-declarations", "variable-and-tfvars", tmp_path)
    oracle.init(tree)
    for var_file in ("terraform.tfvars", "envs/prod.tfvars"):
        done = oracle.run(
            ["plan", "-input=false", "-no-color", "-refresh=false", f"-var-file={var_file}"], tree
        )
        assert done.returncode == 0, done.stdout + done.stderr
        assert "undeclared variable" not in done.stdout + done.stderr
    left_behind = tmp_path / "left-behind"
    shutil.copytree(GOLDEN / "unused-declarations" / "variable-and-tfvars", left_behind)
    (left_behind / "variables.tf").write_text((tree / "variables.tf").read_text())
    oracle.init(left_behind)
    done = oracle.run(["plan", "-input=false", "-no-color", "-refresh=false"], left_behind)
    assert "undeclared variable" in done.stdout + done.stderr
