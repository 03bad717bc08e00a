"""Terraform says the fixes are right: `terraform validate` on the fixed tree of every
golden case whose providers are available, and an offline `terraform plan` per
environment of the demo's fixed tree (and of the for_each NAT gateway case) asserting
the counts the fixes promise. Runs where terraform and the plugin directory are present
(see tests/terraform_oracle.py); skipped otherwise with the reason, and required under
CI=true."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from terraform_oracle import Oracle, Validation, missing_providers, oracle_or_skip, read_tree
from test_golden import CASES, EXPECTED, copy_input, run_cli, selection

from fixer.model.project import build_project
from fixer.model.versions import excludes, version_bounds

REPO = Path(__file__).resolve().parents[1]
DEMO = REPO / "examples" / "multi-env"
FOR_EACH_ROUTES = REPO / "golden" / "nat-gateway-per-az" / "for-each-routes"
TERRAFORM_VERSION = (1, 11, 4)


@pytest.fixture(scope="module")
def oracle() -> Oracle:
    return oracle_or_skip()


def fixed_copy(
    code: str, case: Path, where: Path, monkeypatch: pytest.MonkeyPatch
) -> tuple[Path, Path]:
    """(a copy of the case as it is, a copy with every fix applied)."""
    before = copy_input(case, where / "before")
    after = copy_input(case, where / "after")
    status, out = run_cli(
        ["fix", "--unsafe-fixes", "--select", selection(code, case), "."], after, monkeypatch
    )
    assert status in (0, 1), out
    return before, after


def why_not_validated(tree: Path, oracle: Oracle) -> str | None:
    """Why a case cannot be validated here (a provider missing, a Terraform version it
    excludes), or None."""
    missing = missing_providers(tree, oracle.available_providers())
    if missing:
        return f"needs {', '.join(missing)}"
    project = build_project(read_tree(tree))
    if any(
        block.type == "import"
        for source in project.files.values()
        if source.tree is not None
        for block in source.tree.body.blocks
    ):  # validate_many makes each tree a module, where import blocks are not allowed
        return "import blocks (validated one by one in their codemod's tests)"
    for module in project.modules.values():
        constraints = module.required_versions
        if constraints and (
            version_bounds(constraints) is None or excludes(constraints, TERRAFORM_VERSION)
        ):
            return f"required_version {', '.join(constraints)} excludes terraform 1.11"
        bounds = version_bounds(constraints)
        if (
            bounds is not None
            and bounds.floor is not None
            and bounds.floor > (*TERRAFORM_VERSION, 1)
        ):
            return f"required_version {', '.join(constraints)} needs a newer terraform"
    return None


def _errors(result: Validation) -> list[tuple[str, str | None]]:
    return sorted((d.summary, d.file) for d in result.errors)


def test_fixed_golden_trees_validate(
    oracle: Oracle, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every fix leaves a tree terraform validates: no error that the case did not have
    before its fix, and a case that validated before validates after."""
    before: dict[str, Path] = {}
    after: dict[str, Path] = {}
    skipped: dict[str, str] = {}
    for code, case in CASES:
        if not (case / EXPECTED).exists():
            continue
        name = f"{code}/{case.name}"
        original, fixed = fixed_copy(code, case, tmp_path / code / case.name, monkeypatch)
        reason = why_not_validated(original, oracle) or why_not_validated(fixed, oracle)
        if reason is not None:
            skipped[name] = reason
            continue
        before[name], after[name] = original, fixed
    assert len(before) >= 50, f"too few golden cases validated: {len(before)} ({skipped})"
    validated_before = oracle.validate_many(before)
    validated_after = oracle.validate_many(after)
    problems = []
    for name in sorted(before):
        old, new = validated_before[name], validated_after[name]
        added = [e for e in _errors(new) if e not in _errors(old)]
        if added or (old.ok and not new.ok):
            shown = "; ".join(str(d) for d in new.errors)
            problems.append(f"{name}: the fix adds errors: {shown}")
    assert not problems, "\n".join(problems)
    # How many cases are whole, valid configurations (the others are snippets whose
    # errors, undeclared references say, are the same before and after the fix).
    valid = [name for name in before if validated_after[name].ok]
    print(f"\nterraform validate: {len(before)} golden cases, {len(valid)} valid after their fix")
    print(f"not validated: {skipped}")
    assert len(valid) >= len(before) // 2, f"only {len(valid)} of {len(before)} valid"


@pytest.fixture(scope="module")
def demo_fixed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from typer.testing import CliRunner

    from fixer.cli import app

    tree = tmp_path_factory.mktemp("demo") / "multi-env"
    shutil.copytree(DEMO, tree)
    result = CliRunner().invoke(app, ["fix", "--unsafe-fixes", str(tree)])
    assert result.exit_code in (0, 1), result.output
    return tree


def test_demo_fixed_tree_validates(oracle: Oracle, demo_fixed: Path) -> None:
    result = oracle.validate(demo_fixed)
    assert result.ok, "\n".join(str(d) for d in result.diagnostics)


@pytest.mark.parametrize(
    ("env", "nat_gateways", "aurora_instances", "url_auth"),
    [("dev", 1, 1, "NONE"), ("staging", 1, 2, "AWS_IAM"), ("prod", 3, 2, "AWS_IAM")],
)
def test_demo_plans_what_the_fixes_promise(
    oracle: Oracle,
    demo_fixed: Path,
    env: str,
    nat_gateways: int,
    aurora_instances: int,
    url_auth: str,
) -> None:
    """FX008: one NAT gateway (and Elastic IP) outside production; FX009: one Aurora
    instance in dev; FX005: the function URL needs IAM outside dev; FX003: the package
    is built by archive_file (the plan reads it); FX010: the guard passes in the
    environment's own workspace."""
    plan = oracle.plan(demo_fixed, f"{env}.tfvars", workspace=env)
    assert plan.count("aws_nat_gateway") == nat_gateways
    assert plan.count("aws_eip") == nat_gateways
    assert plan.count("aws_rds_cluster_instance") == aurora_instances
    assert plan.values("aws_lambda_function_url", "authorization_type") == [url_auth]
    assert plan.count("aws_route_table") == 4, "1 public + 3 private, each routed"
    assert plan.count("terraform_data") == 1


def test_demo_as_it_was_does_not_plan_on_a_fresh_checkout(oracle: Oracle) -> None:
    """The failure FX003 reports, seen by terraform: the zip nothing builds."""
    from terraform_oracle import OracleError

    with pytest.raises(OracleError, match=r"function\.zip"):
        oracle.plan(DEMO, "dev.tfvars", workspace="dev")


@pytest.fixture(scope="module")
def for_each_fixed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from typer.testing import CliRunner

    from fixer.cli import app

    tree = tmp_path_factory.mktemp("for-each") / "routes"
    shutil.copytree(FOR_EACH_ROUTES, tree)
    result = CliRunner().invoke(app, ["fix", "--unsafe-fixes", "--select", "FX008", str(tree)])
    assert result.exit_code in (0, 1), result.output
    assert "local.nat_gateway_subnets" in (tree / "network.tf").read_text()
    return tree


@pytest.mark.parametrize(("env", "gateways"), [("dev", 1), ("prod", 3)])
def test_for_each_nat_gateways_plan_one_key_outside_production(
    oracle: Oracle, for_each_fixed: Path, env: str, gateways: int
) -> None:
    """Every private route table still plans (each [each.key] reference was rewired to
    an existing gateway), with one gateway outside production."""
    plan = oracle.plan(for_each_fixed, f"{env}.tfvars")
    assert plan.count("aws_nat_gateway") == gateways
    assert plan.count("aws_eip") == gateways
    assert plan.count("aws_route_table") == 3
    assert plan.count("aws_route_table_association") == 3


def test_the_oracle_can_fail(oracle: Oracle, tmp_path: Path) -> None:
    """The stand-in providers check arguments as the real ones do, and an error in one
    tree of validate_many stays with that tree."""
    good = tmp_path / "good"
    good.mkdir()
    (good / "main.tf").write_text(
        'resource "random_password" "db" {\n  length           = 24\n'
        '  override_special = "!#"\n}\n\n'
        'data "archive_file" "api" {\n  type                    = "zip"\n'
        '  source_content          = "x"\n  source_content_filename = "index.py"\n'
        '  output_path             = "api.zip"\n}\n'
    )
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "main.tf").write_text(
        'resource "random_password" "db" {\n  length  = 24\n  special = "sometimes"\n'
        '  bogus   = 1\n}\n\ndata "archive_file" "api" {\n  type = "zip"\n}\n'
    )
    results = oracle.validate_many({"good": good, "bad": bad})
    assert results["good"].ok, [str(d) for d in results["good"].diagnostics]
    summaries = sorted(d.summary for d in results["bad"].errors)
    assert "Unsupported argument" in summaries
    assert "Missing required argument" in summaries
    assert "Incorrect attribute value type" in summaries
