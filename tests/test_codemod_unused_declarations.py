"""FX022 unused-declarations: what counts as a use, who still sets a variable, what goes."""

from __future__ import annotations

from tflint_helpers import fixed_files, one, run

from codemods.unused_declarations import UnusedDeclarations
from fixer.findings import Applicability

VARIABLE = 'variable "size" {\n  type    = string\n  default = "small"\n}\n'
USE = 'resource "terraform_data" "a" {\n  input = "x"\n}\n'


def messages(files: dict[str, str], **context: object) -> list[str]:
    return [finding.message for finding in run(UnusedDeclarations, files, **context)]


def test_unused_local_is_removed_safely() -> None:
    text = 'locals {\n  a = 1\n  b = 2\n}\n\noutput "b" {\n  value = local.b\n}\n'
    finding = one(UnusedDeclarations, {"main.tf": text})
    assert finding.message == "local.a is declared but not used"
    assert finding.fix is not None and finding.fix.applicability is Applicability.SAFE
    fixed = fixed_files(UnusedDeclarations, {"main.tf": text}, unsafe=False)["main.tf"]
    assert fixed == 'locals {\n  b = 2\n}\n\noutput "b" {\n  value = local.b\n}\n'


def test_a_chain_of_unused_locals_goes_in_passes() -> None:
    text = "locals {\n  a = local.b\n  b = local.c\n  c = 1\n}\n\n" + USE
    assert fixed_files(UnusedDeclarations, {"main.tf": text}, unsafe=False) == {"main.tf": USE}


def test_unused_variable_removal_is_unsafe_and_cleans_the_tfvars() -> None:
    files = {
        "variables.tf": VARIABLE,
        "main.tf": USE,
        "terraform.tfvars": 'size  = "large"\nother = 1\n',
        "env/prod.tfvars": 'size = "xlarge"\n',
    }
    finding = one(UnusedDeclarations, files)
    assert finding.message == 'variable "size" is declared but not used'
    assert finding.fix is not None and finding.fix.applicability is Applicability.UNSAFE
    assert finding.fix.title == (
        'Remove variable "size" and its values in env/prod.tfvars, terraform.tfvars'
    )
    assert fixed_files(UnusedDeclarations, files) == {
        "variables.tf": "",
        "terraform.tfvars": "other = 1\n",
        "env/prod.tfvars": "",
    }


def test_tfvars_of_another_root_module_are_left_alone() -> None:
    files = {
        "a/variables.tf": VARIABLE,
        "a/main.tf": USE,
        "b/main.tf": VARIABLE + 'output "s" {\n  value = var.size\n}\n',
        "b/terraform.tfvars": 'size = "large"\n',
    }
    fixed = fixed_files(UnusedDeclarations, files)
    assert set(fixed) == {"a/variables.tf"}


def test_a_variable_a_module_call_passes_gets_no_fix() -> None:
    # tflint removes it, and `terraform validate` then fails with "Unsupported argument".
    files = {
        "main.tf": 'module "child" {\n  source = "./child"\n  size   = "large"\n}\n',
        "child/variables.tf": VARIABLE,
    }
    finding = one(UnusedDeclarations, files)
    assert finding.fix is None
    assert finding.message == (
        'variable "size" is declared but not used '
        "(module.child in main.tf passes it: no automatic fix)"
    )


def test_a_variable_a_script_sets_gets_no_fix() -> None:
    files = {"variables.tf": VARIABLE, "deploy.sh": "#!/bin/sh\nexport TF_VAR_size=large\n"}
    assert "deploy.sh sets it" in one(UnusedDeclarations, files).message
    files["deploy.sh"] = "#!/bin/sh\nterraform plan -var 'size=large'\n"
    assert one(UnusedDeclarations, files).fix is None
    files["deploy.sh"] = "#!/bin/sh\nterraform plan -var 'sizes=large'\n"
    assert one(UnusedDeclarations, files).fix is not None


def test_own_validation_does_not_count_as_a_use_but_other_validations_do() -> None:
    text = (
        'variable "a" {\n  type = number\n  validation {\n    condition     = var.a > 0\n'
        '    error_message = "x"\n  }\n}\n\nvariable "b" {\n  type = number\n  validation {\n'
        '    condition     = var.b > var.c\n    error_message = "x"\n  }\n}\n\n'
        'variable "c" {\n  type = number\n}\n'
    )
    assert messages({"main.tf": text}) == [
        'variable "a" is declared but not used',
        'variable "b" is declared but not used',
    ]


def test_variables_kept_on_purpose_are_not_reported() -> None:
    text = 'variable "old" {\n  description = "Deprecated: no longer used."\n  type = string\n}\n'
    assert messages({"main.tf": text}) == []


def test_test_files_count_as_users() -> None:
    files = {
        "main.tf": "locals {\n  a = 1\n}\n\n" + VARIABLE,
        "tests/a.tftest.hcl": (
            'run "x" {\n  variables {\n    size = "big"\n  }\n  assert {\n'
            '    condition     = local.a == 1\n    error_message = "x"\n  }\n}\n'
        ),
    }
    assert messages(files) == [
        'variable "size" is declared but not used (a test file sets or reads it: no automatic fix)'
    ]


def test_data_sources() -> None:
    text = (
        'data "aws_region" "unused" {}\n\n'
        'data "aws_region" "used" {}\n\n'
        'data "external" "side_effect" {\n  program = ["./x"]\n}\n\n'
        'data "archive_file" "zip" {\n  type        = "zip"\n  source_dir  = "src"\n'
        '  output_path = "x.zip"\n}\n\n'
        'data "aws_vpc" "checked" {\n  lifecycle {\n    postcondition {\n'
        '      condition     = self.id != ""\n      error_message = "x"\n    }\n  }\n}\n\n'
        'check "c" {\n  data "aws_region" "scoped" {}\n\n  assert {\n    condition     = true\n'
        '    error_message = "x"\n  }\n}\n\n'
        'output "r" {\n  value = data.aws_region.used.region\n}\n'
    )
    found = run(UnusedDeclarations, {"main.tf": text})
    assert [f.message for f in found] == [
        'data "aws_region" "unused" is declared but not used',
        'data "aws_region" "scoped" is declared but not used',
    ]
    assert all(f.fix and f.fix.applicability is Applicability.UNSAFE for f in found)


def test_provider_aliases() -> None:
    text = (
        'provider "aws" {\n  alias = "unused"\n}\n\nprovider "aws" {\n  alias = "passed"\n}\n\n'
        'provider "aws" {\n  alias = "meta"\n}\n\nprovider "aws" {}\n\n'
        'module "m" {\n  source = "./m"\n  providers = {\n    aws = aws.passed\n  }\n}\n\n'
        'resource "aws_s3_bucket" "b" {\n  provider = aws.meta\n}\n'
    )
    assert messages({"main.tf": text}) == [
        'provider "aws" with alias "unused" is declared but not used'
    ]


def test_fragments_and_what_they_read_are_skipped() -> None:
    files = {
        "common/variables.tf": VARIABLE,
        "app/main.tf": 'locals {\n  unused = 1\n  name   = "app-${var.size}"\n}\n',
    }
    assert messages(files) == []


def test_json_configuration_and_broken_files_skip_the_module() -> None:
    assert messages({"main.tf": VARIABLE}, paths=frozenset({"extra.tf.json"})) == []
    assert messages({"main.tf": VARIABLE, "broken.tf": "locals {"}) == []


def test_override_files_declaring_again_block_the_fix() -> None:
    files = {"main.tf": VARIABLE, "override.tf": 'variable "size" {\n  default = "x"\n}\n'}
    assert one(UnusedDeclarations, files).fix is None


def test_header_comment_stays_other_lead_comments_go() -> None:
    text = '# This module makes the web tier.\ndata "aws_region" "a" {}\n\n' + USE
    fixed = fixed_files(UnusedDeclarations, {"main.tf": text})["main.tf"]
    assert fixed == "# This module makes the web tier.\n\n" + USE
    text = "# The size of the instance.\n" + VARIABLE + "\n" + USE
    assert fixed_files(UnusedDeclarations, {"main.tf": text})["main.tf"] == USE


def test_emptied_locals_block_goes_with_its_blank_line() -> None:
    text = USE + "\nlocals {\n  a = 1\n}\n"
    assert fixed_files(UnusedDeclarations, {"main.tf": text}, unsafe=False) == {"main.tf": USE}
