"""FX023 s3-bucket-inline-arguments: conversions, what stays and why, and the AWS provider
v5's judgement of the result (terraform validate; an offline plan reaching every import)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from refactor_oracle import oracle, seeded_state, terraform, validate
from terraform_oracle import prepare_offline
from typer.testing import CliRunner

from codemods import s3_bucket_inline_arguments as fx023
from codemods.s3_bucket_inline_arguments import S3BucketInlineArguments
from codemods.s3_bucket_split.arguments import rfc3339, status
from codemods.s3_bucket_split.fragment import Expr, quoted
from fixer.apply import apply_fixes
from fixer.cli import app
from fixer.codemod import Context
from fixer.findings import Finding
from fixer.model.files import SourceFile
from fixer.syntax.format import format_source
from fixer.syntax.parser import parse_expression

GOLDEN = Path(__file__).resolve().parents[1] / "golden" / "s3-bucket-inline-arguments"
POSITIVE = sorted(p for p in GOLDEN.iterdir() if (p / "expected.diff").exists())


def findings(**texts: str) -> list[Finding]:
    files = {
        name.replace("__", "."): SourceFile(name.replace("__", "."), text)
        for name, text in texts.items()
    }
    codemod = S3BucketInlineArguments()
    return list(codemod.check(Context(files, None, codemod)))


def fixed(text: str) -> str:
    (finding,) = findings(main__tf=text)
    assert finding.fix is not None
    return apply_fixes({"main.tf": text}, [finding.fix], {"main.tf": "\n"})["main.tf"]


def expr(text: str) -> Expr:
    return Expr(text, parse_expression(text), f"x = {text}\n")


# ---------------------------------------------------------------- value rules


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("true", '"Enabled"'),
        ("false", '"Suspended"'),
        ("var.on", 'var.on ? "Enabled" : "Suspended"'),
        (
            'lookup(v, "enabled", null)',
            'lookup(v, "enabled", null) == true ? "Enabled" : "Suspended"',
        ),
        ("a && b", '(a && b) ? "Enabled" : "Suspended"'),
    ],
)
def test_status(value: str, expected: str) -> None:
    node = parse_expression(value)
    assert status(Expr(value, node, ""), "Enabled", "Suspended").text == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ('"2030-01-31"', '"2030-01-31T00:00:00Z"'),
        ('"2030-01-31T00:00:00Z"', '"2030-01-31T00:00:00Z"'),
        ("var.date", 'try("${var.date}T00:00:00Z", null)'),
    ],
)
def test_rfc3339(value: str, expected: str) -> None:
    assert rfc3339(expr(value)).text == expected


def test_quoted_escapes_templates() -> None:
    assert quoted('a"${b}%{c}').text == '"a\\"$${b}%%{c}"'


# ---------------------------------------------------------------- conversions


def test_lifecycle_rule_prefix_tags_and_noncurrent_days() -> None:
    text = fixed(
        """resource "aws_s3_bucket" "b" {
  bucket = "x"

  lifecycle_rule {
    enabled = true
    tags = {
      a = "1"
      b = "2"
    }
    prefix = "p/"

    noncurrent_version_transition {
      days          = 30
      storage_class = "GLACIER"
    }
  }

  lifecycle_rule {
    id      = "all"
    enabled = false
  }
}
"""
    )
    assert (
        """  rule {
    id     = "rule-1"
    status = "Enabled"

    filter {
      and {
        prefix = "p/"
        tags = {
          a = "1"
          b = "2"
        }
      }
    }

    noncurrent_version_transition {
      noncurrent_days = 30
      storage_class   = "GLACIER"
    }
  }

  rule {
    id     = "all"
    status = "Disabled"

    filter {
      prefix = ""
    }
  }
"""
        in text
    )
    assert format_source(text) == text


def test_website_redirect_is_split_into_host_and_protocol() -> None:
    text = fixed(
        """resource "aws_s3_bucket" "b" {
  website {
    redirect_all_requests_to = "https://example.com"
  }
}
"""
    )
    assert 'host_name = "example.com"\n    protocol  = "https"' in text


def test_object_lock_keeps_the_bucket_flag_and_splits_the_rule() -> None:
    text = fixed(
        """resource "aws_s3_bucket" "b" {
  bucket = "x"

  object_lock_configuration {
    object_lock_enabled = "Enabled"

    rule {
      default_retention {
        mode = "COMPLIANCE"
        days = 3
      }
    }
  }
}
"""
    )
    assert text.startswith(
        'resource "aws_s3_bucket" "b" {\n  bucket              = "x"\n  object_lock_enabled = true\n}\n'
    )
    assert 'resource "aws_s3_bucket_object_lock_configuration" "b" {' in text
    assert "to = aws_s3_bucket_object_lock_configuration.b" in text


def test_object_lock_without_rules_only_sets_the_flag() -> None:
    text = fixed(
        """resource "aws_s3_bucket" "b" {
  object_lock_configuration {
    object_lock_enabled = "Enabled"
  }
}
"""
    )
    assert text == 'resource "aws_s3_bucket" "b" {\n  object_lock_enabled = true\n}\n'


def test_replication_follows_versioning() -> None:
    text = fixed(
        """resource "aws_s3_bucket" "b" {
  versioning {
    enabled = true
  }

  replication_configuration {
    role = "r"

    rules {
      status = "Enabled"

      destination {
        bucket             = "arn:aws:s3:::d"
        replica_kms_key_id = "k"
      }
    }
  }
}
"""
    )
    assert "  depends_on = [aws_s3_bucket_versioning.b]\n" in text
    assert 'encryption_configuration {\n        replica_kms_key_id = "k"\n      }' in text


def test_comments_travel_with_their_settings() -> None:
    text = fixed(
        """resource "aws_s3_bucket" "b" {
  # Public: the site is served from here.
  acl = "public-read" # see ADR-12
}
"""
    )
    assert (
        'resource "aws_s3_bucket_acl" "b" {\n  bucket = aws_s3_bucket.b.id\n'
        '  # Public: the site is served from here.\n  acl = "public-read" # see ADR-12\n}\n'
    ) in text


def test_reads_of_moved_attributes_follow_in_other_files() -> None:
    files = {
        "main.tf": 'resource "aws_s3_bucket" "b" {\n  policy = "{}"\n}\n',
        "outputs.tf": 'output "p" {\n  value = aws_s3_bucket.b.policy\n}\n',
    }
    (finding,) = findings(main__tf=files["main.tf"], outputs__tf=files["outputs.tf"])
    assert finding.fix is not None
    out = apply_fixes(files, [finding.fix], {})
    assert out["outputs.tf"] == 'output "p" {\n  value = aws_s3_bucket_policy.b.policy\n}\n'


@pytest.mark.parametrize(
    ("text", "note"),
    [
        (
            'resource "aws_s3_bucket" "b" {\n  acl = "x"\n}\n\n'
            'resource "aws_s3_bucket_acl" "b" {\n  bucket = "other"\n  acl    = "private"\n}\n',
            "acl stays: the name aws_s3_bucket_acl.b is taken",
        ),
        (
            'resource "aws_s3_bucket" "b" {\n  count = 2\n\n  dynamic "logging" {\n'
            '    for_each = []\n    content {\n      target_bucket = "t"\n    }\n  }\n}\n',
            "logging stays: a dynamic logging in a bucket with count",
        ),
        (
            'resource "aws_s3_bucket" "b" {\n  for_each = {}\n\n  dynamic "cors_rule" {\n'
            '    for_each = []\n    content {\n      allowed_methods = ["GET"]\n'
            '      allowed_origins = ["*"]\n    }\n  }\n}\n',
            "cors_rule stays: every rule is dynamic in a bucket with for_each",
        ),
    ],
)
def test_what_stays_is_said(text: str, note: str) -> None:
    (finding,) = findings(main__tf=text)
    assert note in finding.message
    assert finding.fix is None


def test_a_module_pinned_to_provider_v3_is_left_alone() -> None:
    versions = (
        'terraform {\n  required_providers {\n    aws = {\n      version = "< 4.0"\n    }\n  }\n}\n'
    )
    bucket = 'resource "aws_s3_bucket" "b" {\n  acl = "private"\n}\n'
    assert findings(versions__tf=versions, main__tf=bucket) == []
    assert len(findings(main__tf=bucket)) == 1


# ---------------------------------------------------------------- terraform's judgement


def _fixed_tree(case: Path, destination: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    tree = destination / case.name
    shutil.copytree(case, tree, ignore=shutil.ignore_patterns("expected.diff"))
    monkeypatch.chdir(tree)
    result = CliRunner().invoke(
        app, ["fix", "--unsafe-fixes", "--select", "FX023", "."], catch_exceptions=False
    )
    assert result.exit_code in (0, 1), result.stdout
    return tree


def _with_offline_provider(tree: Path) -> Path:
    """The tree (for the case written for an older Terraform) with the installed
    Terraform allowed."""
    tree.mkdir(parents=True, exist_ok=True)
    (tree / "zz_version_override.tf").write_text(
        'terraform {\n  required_version = ">= 1.3"\n}\n', encoding="utf-8"
    )
    return tree


@pytest.mark.parametrize("case", POSITIVE, ids=[p.name for p in POSITIVE])
def test_the_result_validates_against_the_aws_provider_v5_without_deprecations(
    case: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each fixed golden case validates (one Terraform run each: import blocks are valid
    in a root module only), and where FX023 reports nothing left, Terraform warns of no
    deprecated argument either."""
    tree = _with_offline_provider(_fixed_tree(case, tmp_path, monkeypatch))
    check = CliRunner().invoke(app, ["check", "--select", "FX023", "."], catch_exceptions=False)
    result = validate(tree)
    deprecated = [str(d) for d in result.diagnostics if "deprecated" in str(d).lower()]
    if check.exit_code == 0:
        assert deprecated == []


def test_the_golden_inputs_are_valid_v5_code(tmp_path: Path) -> None:
    inputs = oracle().validate_many(
        {case.name: _with_offline_provider(_copy(case, tmp_path)) for case in POSITIVE}
    )
    assert {name: r.ok for name, r in inputs.items()} == dict.fromkeys(inputs, True)


def _copy(case: Path, destination: Path) -> Path:
    tree = destination / case.name
    shutil.copytree(case, tree, ignore=shutil.ignore_patterns("expected.diff"))
    return tree


def test_an_offline_plan_reaches_every_import_with_its_id(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Imports cannot complete offline, but the provider's read of each one names the ID
    it got: every new resource is adopted with the right ID and nothing else fails."""
    oracle()
    case = GOLDEN / "every-argument"
    original = _with_offline_provider(tmp_path / "original")
    shutil.copytree(
        case, original, ignore=shutil.ignore_patterns("expected.diff"), dirs_exist_ok=True
    )
    state = seeded_state(original, rounds=0)
    for resource in state["resources"]:
        if resource["type"] == "aws_s3_bucket":  # its id is its name, once created
            for instance in resource["instances"]:
                instance["attributes"]["id"] = instance["attributes"]["bucket"]
    tree = _with_offline_provider(_fixed_tree(case, tmp_path / "fixed", monkeypatch))
    (tree / "terraform.tfstate").write_text(json.dumps(state), encoding="utf-8")
    prepare_offline(tree)
    (tree / "zz_backend_override.tf").write_text(
        'terraform {\n  backend "local" {}\n}\n', encoding="utf-8"
    )
    oracle().init(tree, backend=True)
    done = terraform(
        tree, "plan", "-refresh=false", "-lock=false", "-input=false", "-json", check=False
    )
    errors = [
        json.loads(line)["diagnostic"]["summary"]
        for line in done.stdout.splitlines()
        if line.startswith("{") and json.loads(line).get("@level") == "error"
    ]
    assert done.returncode != 0
    reached = sorted(error.split(":")[0] for error in errors)
    # Every import reaches the provider with its ID, but the replication configuration's,
    # which waits for the versioning it depends on (whose read fails offline).
    assert reached == [
        "reading S3 Bucket ACL (acme-site,public-read)",
        "reading S3 Bucket Accelerate Configuration (acme-site)",
        "reading S3 Bucket CORS Configuration (acme-site)",
        "reading S3 Bucket Lifecycle Configuration (acme-site)",
        "reading S3 Bucket Logging (acme-site)",
        "reading S3 Bucket Policy (acme-site)",
        "reading S3 Bucket Request Payment Configuration (acme-site)",
        "reading S3 Bucket Server-side Encryption Configuration (acme-site)",
        "reading S3 Bucket Versioning (acme-replica)",
        "reading S3 Bucket Versioning (acme-site)",
        "reading S3 Bucket Website Configuration (acme-site)",
    ]


def test_modules_without_a_bucket_are_not_asked_for_their_aws_constraint(monkeypatch) -> None:
    # Asked of every module, with each root's descendants walked for each, the provider
    # constraint took 0.2 s on the corpus though only modules with a bucket can report.
    asked = []
    allows = fx023._allows_v4
    monkeypatch.setattr(fx023, "_allows_v4", lambda p, m: asked.append(m.path) or allows(p, m))
    files = {
        "main.tf": SourceFile("main.tf", 'module "x" {\n  source = "./x"\n}\n'),
        "x/main.tf": SourceFile(
            "x/main.tf", 'resource "aws_s3_bucket" "b" {\n  acl = "private"\n}\n'
        ),
    }
    codemod = S3BucketInlineArguments()
    assert len(list(codemod.check(Context(files, None, codemod)))) == 1
    assert asked == ["x"]
