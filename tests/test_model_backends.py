"""The S3 backend in the model: Module.backend_block, Backend.setting, hardcoded_settings."""

from __future__ import annotations

import pytest

from fixer.model.backends import hardcoded_settings
from fixer.model.files import SourceFile
from fixer.model.project import Project, build_project

BACKEND = """\
terraform {
  required_version = ">= 1.10"

  backend "s3" {
%s  }
}
"""


def build(texts: dict[str, str]) -> Project:
    return build_project({rel: SourceFile(rel, text) for rel, text in texts.items()})


def backend(settings: str, **extra: str) -> Project:
    return build({"versions.tf": BACKEND % settings, **extra})


def test_backend_block_finds_the_first_backend_of_a_type_with_its_file() -> None:
    project = build(
        {
            "a.tf": 'terraform {\n  backend "local" {}\n}\n',
            "b.tf": BACKEND % '    bucket = "acme-state"\n    key = "x/${var.y}"\n',
            "c.tf": 'terraform {\n  backend "s3" {\n    bucket = "second"\n  }\n}\n',
        }
    )
    module = project.modules[""]
    found = module.backend_block("s3")
    assert found is not None
    assert (found.type, found.file.rel, found.block.label_values) == ("s3", "b.tf", ("s3",))
    assert found.setting("bucket") == "acme-state"
    assert found.setting("key") is None  # not a literal
    assert found.setting("region") is None  # absent
    local = module.backend_block("local")
    assert local is not None and local.file.rel == "a.tf"
    assert module.backend_block("gcs") is None


def test_account_specific_settings_in_the_order_written() -> None:
    project = backend(
        '    bucket = "acme-state"\n    key = "app/terraform.tfstate"\n'
        '    region = "us-east-1"\n    encrypt = true\n    dynamodb_table = "locks"\n'
    )
    moved = hardcoded_settings(project, project.modules[""])
    assert moved is not None
    assert [attr.name for attr in moved] == ["bucket", "region", "dynamodb_table"]


@pytest.mark.parametrize(
    "settings",
    [
        '    region = "us-east-1"\n    encrypt = true\n',  # region alone is not specific
        '    key = "app/terraform.tfstate"\n',
        '    bucket = var.bucket\n    region = "us-east-1"\n',  # not literal: Terraform says so
    ],
)
def test_no_account_specific_settings(settings: str) -> None:
    project = backend(settings)
    assert hardcoded_settings(project, project.modules[""]) is None


def test_a_module_without_an_s3_backend_has_none() -> None:
    project = build({"main.tf": 'terraform {\n  backend "local" {}\n}\n'})
    assert hardcoded_settings(project, project.modules[""]) is None


@pytest.mark.parametrize(
    "key", ["prod/terraform.tfstate", "123456789012/app.tfstate"], ids=["environment", "account"]
)
def test_a_key_naming_an_environment_or_account_counts_when_the_module_serves_several(
    key: str,
) -> None:
    settings = f'    key = "{key}"\n    encrypt = true\n'
    several = backend(settings, **{"dev.tfvars": "", "prod.tfvars": ""})
    moved = hardcoded_settings(several, several.modules[""])
    assert moved is not None and [attr.name for attr in moved] == ["key"]
    single = backend(settings, **{"prod.tfvars": ""})
    assert hardcoded_settings(single, single.modules[""]) is None
