"""FX007 s3-backend-hardcoded: detection, messages and fixes."""

from __future__ import annotations

import pytest

from codemods.s3_backend_hardcoded import S3BackendHardcoded
from fixer.codemod import Context
from fixer.config import Settings
from fixer.findings import Applicability, CreateFile, Finding
from fixer.model.files import SourceFile
from fixer.runner import fix
from fixer.syntax.format import format_source

BACKEND = """\
terraform {
  required_version = "%s"

  backend "s3" {
    bucket         = "acme-state-123456789012"
    key            = "app/terraform.tfstate"
    region         = "us-east-1"
    dynamodb_table = "acme-locks"
    encrypt        = true
  }
}
"""


def files_of(texts: dict[str, str]) -> dict[str, SourceFile]:
    return {rel: SourceFile(rel, text) for rel, text in texts.items()}


def run(texts: dict[str, str], paths: frozenset[str] = frozenset()) -> list[Finding]:
    codemod = S3BackendHardcoded()
    files = files_of(texts)
    context = Context(files, codemod=codemod, paths=paths | frozenset(files))
    return list(codemod.check(context))


def fixed(texts: dict[str, str]) -> dict[str, str]:
    outcome = fix(files_of(texts), [S3BackendHardcoded], Settings(), Applicability.UNSAFE)
    return {**texts, **outcome.texts}


def example_of(finding: Finding) -> CreateFile:
    assert finding.fix is not None
    (created,) = finding.fix.creations
    return created


def test_hard_coded_backend_is_reported_with_values() -> None:
    (finding,) = run({"versions.tf": BACKEND % ">= 1.10"})
    assert finding.code == "FX007"
    assert finding.span.start_line == 4
    assert 'bucket "acme-state-123456789012", region, dynamodb_table' in finding.message
    assert "use_lockfile" in finding.message
    assert finding.fix is not None
    assert finding.fix.applicability is Applicability.UNSAFE


def test_lockfile_replaces_table_when_terraform_guarantees_1_10() -> None:
    (finding,) = run({"versions.tf": BACKEND % ">= 1.10"})
    created = example_of(finding)
    assert created.path == "backend.hcl.example"
    assert "use_lockfile = true\n" in created.content
    assert '# dynamodb_table = "acme-locks"\n' in created.content
    assert format_source(created.content) == created.content


def test_older_terraform_keeps_the_table() -> None:
    (finding,) = run({"versions.tf": BACKEND % ">= 1.5"})
    content = example_of(finding).content
    assert 'dynamodb_table = "acme-locks"' in content
    assert "\nuse_lockfile" not in content
    assert "use_lockfile" not in finding.message


def test_backend_keeps_behaviour_settings_and_key() -> None:
    texts = fixed({"versions.tf": BACKEND % ">= 1.10"})
    assert (
        '  backend "s3" {\n    key     = "app/terraform.tfstate"\n    encrypt = true\n  }'
        in (texts["versions.tf"])
    )
    assert "# terraform init -backend-config=backend.hcl" in texts["versions.tf"]
    assert format_source(texts["versions.tf"]) == texts["versions.tf"]
    assert run(texts) == []


def test_backend_with_nothing_left_becomes_empty_block() -> None:
    text = 'terraform {\n  backend "s3" {\n    bucket = "b"\n    region = "r"\n  }\n}\n'
    texts = fixed({"main.tf": text})
    assert '  backend "s3" {}\n}\n' in texts["main.tf"]


def test_example_goes_next_to_the_module() -> None:
    (finding,) = run({"infra/versions.tf": BACKEND % ">= 1.10"})
    assert example_of(finding).path == "infra/backend.hcl.example"


def test_an_existing_example_that_was_not_read_makes_the_fix_display_only() -> None:
    (finding,) = run({"versions.tf": BACKEND % ">= 1.10"}, paths=frozenset({"backend.hcl.example"}))
    assert finding.fix is not None
    assert finding.fix.applicability is Applicability.DISPLAY_ONLY
    assert finding.fix.creations == []
    assert "backend.hcl.example exists" in finding.message


@pytest.mark.parametrize(
    "example",
    ["bucket: acme\n", 'bucket = "acme"\nassume_role {\n  role_arn = "x"\n}\n'],
    ids=["not-hcl", "a-block"],
)
def test_an_example_that_is_not_hcl_settings_makes_the_fix_display_only(example: str) -> None:
    texts = {"versions.tf": BACKEND % ">= 1.10", "backend.hcl.example": example}
    (finding,) = run(texts)
    assert finding.fix is not None
    assert finding.fix.applicability is Applicability.DISPLAY_ONLY
    assert "backend.hcl.example exists but cannot be read as settings" in finding.message
    assert fixed(texts) == texts


def test_missing_settings_are_merged_into_an_existing_example() -> None:
    example = '# mine\nbucket = "other-bucket"\n'
    (finding,) = run({"versions.tf": BACKEND % ">= 1.5", "backend.hcl.example": example})
    assert finding.fix is not None
    assert finding.fix.applicability is Applicability.UNSAFE
    assert finding.fix.creations == []
    texts = fixed({"versions.tf": BACKEND % ">= 1.5", "backend.hcl.example": example})
    assert texts["backend.hcl.example"] == (
        example + '\nregion         = "us-east-1"\ndynamodb_table = "acme-locks"\n'
    )
    assert run(texts) == []


def test_merged_locking_uses_the_lockfile_unless_the_example_has_it() -> None:
    example = 'bucket = "b"\nregion = "r"'  # no final newline
    merged = fixed({"versions.tf": BACKEND % ">= 1.10", "backend.hcl.example": example})
    assert merged["backend.hcl.example"] == (
        example + "\n\n"
        "# S3 native state locking (Terraform >= 1.10) replaces the DynamoDB lock table,\n"
        "# which is deprecated for locking. While working copies still lock with the\n"
        "# table, set both for a while:\n"
        '# dynamodb_table = "acme-locks"\n'
        "use_lockfile = true\n"
    )
    for present in ("use_lockfile = true\n", 'dynamodb_table = "t"\n'):
        complete = 'bucket = "b"\nregion = "r"\n' + present
        (finding,) = run({"versions.tf": BACKEND % ">= 1.10", "backend.hcl.example": complete})
        assert finding.fix is not None and finding.fix.paths == {"versions.tf"}
        assert finding.fix.applicability is Applicability.UNSAFE


def test_secrets_are_not_merged() -> None:
    text = (
        'terraform {\n  backend "s3" {\n    bucket     = "b"\n    access_key = "AKIA123"\n  }\n}\n'
    )
    texts = fixed({"main.tf": text, "backend.hcl.example": ""})
    assert texts["backend.hcl.example"] == 'bucket = "b"\n'


def test_secrets_are_moved_but_not_copied() -> None:
    text = (
        'terraform {\n  backend "s3" {\n    bucket     = "b"\n    access_key = "AKIA123"\n'
        '    secret_key = "shh"\n  }\n}\n'
    )
    (finding,) = run({"main.tf": text})
    content = example_of(finding).content
    assert "AKIA123" not in content and "shh" not in content
    assert "# access_key: use the standard AWS environment variables" in content


def test_key_naming_an_environment_moves_when_the_module_serves_several() -> None:
    text = (
        'terraform {\n  backend "s3" {\n    bucket = "b"\n    key    = "prod/app.tfstate"\n  }\n}\n'
    )
    variables = 'variable "env" {\n  type = string\n}\n'
    several = {
        "main.tf": text,
        "variables.tf": variables,
        "dev.tfvars": 'env = "dev"\n',
        "prod.tfvars": 'env = "prod"\n',
    }
    (finding,) = run(several)
    assert 'key    = "prod/app.tfstate"' in example_of(finding).content
    (single,) = run({"main.tf": text, "variables.tf": variables, "prod.tfvars": 'env = "prod"\n'})
    assert "key" not in example_of(single).content.split("\n\n", 1)[1]


def test_key_naming_an_account_alone_is_reported() -> None:
    text = 'terraform {\n  backend "s3" {\n    key = "123456789012/app.tfstate"\n  }\n}\n'
    texts = {"main.tf": text, "a.tfvars": 'x = "1"\n', "b.tfvars": 'x = "2"\n'}
    (finding,) = run(texts)
    assert "key" in finding.message


@pytest.mark.parametrize(
    "backend",
    [
        'backend "s3" {}',
        'backend "s3" {\n    key     = "app.tfstate"\n    encrypt = true\n  }',
        'backend "s3" {\n    region = "us-east-1"\n  }',
        'backend "local" {\n    path = "state/terraform.tfstate"\n  }',
        'backend "s3" {\n    bucket = var.state_bucket\n  }',
        'backend "s3" {\n    bucket = "b-${var.env}"\n  }',
    ],
)
def test_no_finding(backend: str) -> None:
    assert run({"main.tf": f"terraform {{\n  {backend}\n}}\n"}) == []


def test_nested_blocks_stay_and_comments_follow_their_setting() -> None:
    text = (
        "terraform {\n"
        '  backend "s3" { # the state\n'
        "    # prod account\n"
        '    bucket = "b" # bucket\n'
        "\n"
        "    endpoints {\n"
        '      s3 = "http://localhost:4566"\n'
        "    }\n"
        "  }\n"
        "}\n"
    )
    (finding,) = run({"main.tf": text})
    assert '# prod account\nbucket = "b" # bucket\n' in example_of(finding).content
    texts = fixed({"main.tf": text})
    assert (
        '  backend "s3" { # the state\n    endpoints {\n      s3 = "http://localhost:4566"\n'
        in texts["main.tf"]
    )


def test_crlf_file_keeps_its_line_endings() -> None:
    text = BACKEND.replace("\n", "\r\n") % ">= 1.10"
    texts = fixed({"versions.tf": text})
    assert "\n" not in texts["versions.tf"].replace("\r\n", "")
    assert texts["backend.hcl.example"].count("\r\n") == texts["backend.hcl.example"].count("\n")
