"""FX020 module-shallow-clone: which sources git fetches, where depth=1 goes, and when it is safe."""

from __future__ import annotations

import pytest
from tflint_helpers import apply, one, run

from codemods.module_shallow_clone import ModuleShallowClone, git_source
from fixer.findings import Applicability


def module(source: str, required: str | None = ">= 1.5") -> str:
    terraform = f'terraform {{\n  required_version = "{required}"\n}}\n\n' if required else ""
    return f'{terraform}module "m" {{\n  source = "{source}"\n}}\n'


@pytest.mark.parametrize(
    ("source", "written"),
    [
        ("git::https://example.com/a.git?ref=v1", "git::https://example.com/a.git?depth=1&ref=v1"),
        (
            "git::ssh://git@example.com/a.git?ref=main",
            "git::ssh://git@example.com/a.git?depth=1&ref=main",
        ),
        ("git@github.com:acme/a.git?ref=v1", "git@github.com:acme/a.git?depth=1&ref=v1"),
        ("github.com/acme/a//sub?ref=v1", "github.com/acme/a//sub?depth=1&ref=v1"),
        ("bitbucket.org/acme/a?ref=v1", "bitbucket.org/acme/a?depth=1&ref=v1"),
        # tflint finds "ref=" by text search: here it would insert inside "sshkeyref=".
        (
            "git::https://example.com/a.git?sshkeyref=x&ref=v1",
            "git::https://example.com/a.git?sshkeyref=x&depth=1&ref=v1",
        ),
    ],
)
def test_depth_goes_before_the_ref(source: str, written: str) -> None:
    text = module(source)
    finding = one(ModuleShallowClone, {"main.tf": text})
    assert finding.fix is not None and finding.fix.applicability is Applicability.SAFE
    assert apply(finding, text) == module(written)


@pytest.mark.parametrize(
    "source",
    [
        "git::https://example.com/a.git?ref=94729229cfcb754146c82a566227e55df6612228",
        "github.com/acme/a?ref=9472922",
        "git::https://example.com/a.git?depth=1&ref=v1",
        # tflint reports another depth and its fix adds a second depth parameter.
        "git::https://example.com/a.git?ref=v1&depth=10",
        "git::https://example.com/a.git",
        "git::file:///srv/a.git?ref=v1",
        "terraform-aws-modules/vpc/aws",
        "https://example.com/a.zip?ref=v1",
        "s3::https://s3.amazonaws.com/bucket/a.zip?ref=v1",
        "./modules/a",
    ],
)
def test_not_reported(source: str) -> None:
    assert run(ModuleShallowClone, {"main.tf": module(source)}) == []


def test_terraform_older_than_1_1_makes_the_fix_unsafe() -> None:
    for required in (">= 0.13", ">= 1.0", None):
        finding = one(ModuleShallowClone, {"main.tf": module("github.com/a/b?ref=v1", required)})
        assert finding.fix is not None and finding.fix.applicability is Applicability.UNSAFE
    assert "Terraform before 1.1" in finding.message


def test_a_child_module_is_safe_when_every_root_calling_it_needs_1_1() -> None:
    files = {
        "main.tf": module("./child"),
        "child/main.tf": module("github.com/a/b?ref=v1", None),
    }
    (finding,) = run(ModuleShallowClone, files)
    assert finding.path == "child/main.tf"
    assert finding.fix is not None and finding.fix.applicability is Applicability.SAFE


def test_message() -> None:
    finding = one(ModuleShallowClone, {"main.tf": module("github.com/a/b?ref=v1")})
    assert finding.message == (
        'module.m clones the whole history of "github.com/a/b?ref=v1": add depth=1 to '
        "fetch only the pinned ref"
    )


def test_git_source_reads_the_query() -> None:
    source = git_source("github.com/a/b//x?ref=v1&depth=2")
    assert source is not None and (source.ref, source.depth) == ("v1", "2")
    assert git_source("hashicorp/consul/aws") is None
