"""FX021 required-providers: uses found, entries written from what the project knows."""

from __future__ import annotations

import pytest
from tflint_helpers import fixed_files, one, run

from codemods.required_providers import RequiredProviders, provider_uses
from fixer.findings import Applicability
from fixer.model.files import SourceFile
from fixer.model.lock_file import full_address, locked_versions, pessimistic_constraint
from fixer.model.module import build_module

LOCK = (
    'provider "registry.terraform.io/hashicorp/aws" {\n  version     = "5.100.0"\n'
    '  constraints = "~> 5.0"\n  hashes = [\n    "h1:x",\n  ]\n}\n'
)
PROVIDER = 'provider "aws" {\n  region = "eu-west-1"\n}\n'


def test_missing_entry_takes_the_version_the_lock_file_locks() -> None:
    files = {"main.tf": PROVIDER, ".terraform.lock.hcl": LOCK}
    finding = one(RequiredProviders, files)
    assert finding.message == 'Provider "aws" has no entry in required_providers'
    assert finding.fix is not None and finding.fix.applicability is Applicability.SAFE
    assert fixed_files(RequiredProviders, files) == {
        "versions.tf": (
            "terraform {\n  required_providers {\n    aws = {\n"
            '      source  = "hashicorp/aws"\n      version = "~> 5.100"\n    }\n  }\n}\n'
        )
    }


def test_a_lock_file_git_ignores_makes_the_version_unsafe() -> None:
    files = {"main.tf": PROVIDER, ".terraform.lock.hcl": LOCK}
    finding = one(RequiredProviders, files, ignored=frozenset({".terraform.lock.hcl"}))
    assert finding.fix is not None and finding.fix.applicability is Applicability.UNSAFE


def test_without_a_lock_file_only_the_source_is_written_and_the_version_stays_reported() -> None:
    text = 'terraform {\n  required_version = ">= 1.5"\n}\n\n' + PROVIDER
    fixed = fixed_files(RequiredProviders, {"main.tf": text})["main.tf"]
    assert fixed.startswith(
        'terraform {\n  required_version = ">= 1.5"\n\n  required_providers {\n'
        '    aws = {\n      source = "hashicorp/aws"\n    }\n  }\n}\n'
    )
    (finding,) = run(RequiredProviders, {"main.tf": fixed})
    assert finding.fix is None
    assert finding.message == (
        'Provider "aws" has no version constraint in required_providers '
        "(no lock file of this root module locks it: no automatic fix)"
    )


def test_the_entry_goes_into_the_existing_required_providers_block() -> None:
    versions = (
        "terraform {\n  required_providers {\n    aws = {\n"
        '      source  = "hashicorp/aws"\n      version = "~> 5.0"\n    }\n  }\n}\n'
    )
    files = {"versions.tf": versions, "main.tf": PROVIDER + 'resource "random_id" "x" {}\n'}
    fixed = fixed_files(RequiredProviders, files)["versions.tf"]
    assert '    }\n    random = {\n      source = "hashicorp/random"\n    }\n  }\n}\n' in fixed


def test_legacy_string_becomes_an_object() -> None:
    text = 'terraform {\n  required_providers {\n    aws = "~> 5.0"\n  }\n}\n\n' + PROVIDER
    fixed = fixed_files(RequiredProviders, {"main.tf": text})["main.tf"]
    assert (
        '    aws = {\n      source  = "hashicorp/aws"\n      version = "~> 5.0"\n    }\n' in fixed
    )


def test_terraform_before_0_13_makes_the_object_form_unsafe() -> None:
    text = (
        'terraform {\n  required_version = ">= 0.12"\n  required_providers {\n'
        '    aws = "~> 2.0"\n  }\n}\n\n' + PROVIDER
    )
    finding = one(RequiredProviders, {"main.tf": text})
    assert finding.fix is not None and finding.fix.applicability is Applicability.UNSAFE


@pytest.mark.parametrize(
    ("entry", "written"),
    [
        (
            '{\n      version = "~> 5.0"\n    }',
            '{\n      source  = "hashicorp/aws"\n      version = "~> 5.0"\n    }',
        ),
        ('{ version = "~> 5.0" }', '{ source = "hashicorp/aws", version = "~> 5.0" }'),
    ],
)
def test_missing_source_is_added_first(entry: str, written: str) -> None:
    text = f"terraform {{\n  required_providers {{\n    aws = {entry}\n  }}\n}}\n\n{PROVIDER}"
    fixed = fixed_files(RequiredProviders, {"main.tf": text})["main.tf"]
    assert f"    aws = {written}\n" in fixed


def test_provider_block_version_moves_into_the_entry() -> None:
    text = (
        'terraform {\n  required_providers {\n    aws = {\n      source = "hashicorp/aws"\n'
        '    }\n  }\n}\n\nprovider "aws" {\n  region  = "eu-west-1"\n  version = "~> 5.0"\n}\n'
    )
    finding = one(RequiredProviders, {"main.tf": text})
    assert finding.message.startswith('provider "aws" sets version, deprecated since')
    fixed = fixed_files(RequiredProviders, {"main.tf": text})["main.tf"]
    assert '      source  = "hashicorp/aws"\n      version = "~> 5.0"\n' in fixed
    assert 'provider "aws" {\n  region = "eu-west-1"\n}\n' in fixed


def test_provider_block_version_joins_a_different_constraint() -> None:
    text = (
        'terraform {\n  required_providers {\n    aws = {\n      source  = "hashicorp/aws"\n'
        '      version = ">= 5.0"\n    }\n  }\n}\n\n'
        'provider "aws" {\n  region  = "eu-west-1"\n  version = "< 6.0"\n}\n'
    )
    fixed = fixed_files(RequiredProviders, {"main.tf": text})["main.tf"]
    assert '      version = ">= 5.0, < 6.0"\n' in fixed


def test_another_namespace_for_the_name_in_the_project_blocks_the_fix() -> None:
    files = {
        "main.tf": 'provider "github" {}\n\nmodule "r" {\n  source = "./r"\n}\n',
        "r/main.tf": (
            "terraform {\n  required_providers {\n    github = {\n"
            '      source  = "integrations/github"\n      version = ">= 6.0"\n    }\n  }\n}\n'
        ),
    }
    (finding,) = run(RequiredProviders, files)
    assert finding.fix is None
    assert "the project also uses github for integrations/github" in finding.message


def test_the_lock_file_also_names_other_namespaces() -> None:
    lock = 'provider "registry.terraform.io/integrations/github" {\n  version = "6.2.0"\n}\n'
    files = {"main.tf": 'provider "github" {}\n', ".terraform.lock.hcl": lock}
    assert one(RequiredProviders, files).fix is None


def test_uses_of_providers() -> None:
    text = (
        'provider "aws" {\n  alias = "east"\n}\n\n'
        'resource "google_x" "a" {\n  provider = google-beta\n}\n\n'
        'data "terraform_remote_state" "n" {}\n\n'
        'resource "terraform_data" "t" {}\n\n'
        'check "c" {\n  data "http" "h" {}\n}\n\n'
        'module "m" {\n  source = "./m"\n  providers = {\n    kubernetes = kubernetes.eks\n  }\n}\n\n'
        'ephemeral "random_password" "p" {}\n\n'
        'import {\n  to       = aws_s3_bucket.b\n  id       = "b"\n  provider = awscc.x\n}\n'
    )
    module = build_module("", [SourceFile("main.tf", text)])
    assert list(provider_uses(module)) == [
        "aws",
        "google-beta",
        "http",
        "kubernetes",
        "random",
        "awscc",
    ]


def test_json_configuration_and_fragments_are_skipped() -> None:
    assert run(RequiredProviders, {"main.tf": PROVIDER}, paths=frozenset({"x.tf.json"})) == []
    fragment = PROVIDER + "locals {\n  a = var.undeclared\n}\n"
    assert run(RequiredProviders, {"main.tf": fragment}) == []


def test_lock_file_reading() -> None:
    files = {"m/.terraform.lock.hcl": SourceFile("m/.terraform.lock.hcl", LOCK)}
    assert locked_versions(files, "m") == {"registry.terraform.io/hashicorp/aws": "5.100.0"}
    assert locked_versions(files, "") is None
    broken = {".terraform.lock.hcl": SourceFile(".terraform.lock.hcl", "provider {")}
    assert locked_versions(broken, "") is None
    assert full_address("HashiCorp/AWS") == "registry.terraform.io/hashicorp/aws"


@pytest.mark.parametrize(
    ("version", "constraint"),
    [("5.100.0", "~> 5.100"), ("1.0.2", "~> 1.0"), ("0.9.1", "~> 0.9.1"), ("6.0.0-beta1", None)],
)
def test_pessimistic_constraint(version: str, constraint: str | None) -> None:
    assert pessimistic_constraint(version) == constraint
