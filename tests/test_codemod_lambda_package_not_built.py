"""FX003 lambda-package-not-built: zip paths, sources, build scripts, the fix and its safety."""

from __future__ import annotations

import pytest

from codemods.lambda_package_not_built import LambdaPackageNotBuilt, resolve_zip_path
from fixer.apply import apply_edits
from fixer.codemod import Context
from fixer.findings import Applicability, Finding
from fixer.model.config import ModelConfig
from fixer.model.files import SourceFile
from fixer.model.project import build_project
from fixer.syntax.format import format_source


def function(filename: str, extra: str = "", handler: str = "index.handler") -> str:
    return (
        'resource "aws_lambda_function" "api" {\n'
        '  function_name = "api"\n'
        '  role          = "arn:aws:iam::123456789012:role/api"\n'
        '  runtime       = "python3.12"\n'
        f'  handler       = "{handler}"\n'
        f"  filename      = {filename}\n"
        f"{extra}"
        "}\n"
    )


ZIP = '"${path.module}/lambda/function.zip"'
HASH = '  source_code_hash = filebase64sha256("${path.module}/lambda/function.zip")\n'


def run(texts: dict[str, str], paths: tuple[str, ...] = ()) -> list[Finding]:
    files = {rel: SourceFile(rel, text) for rel, text in texts.items()}
    codemod = LambdaPackageNotBuilt()
    context = Context(files, ModelConfig(), codemod, paths=frozenset(paths) | frozenset(files))
    return list(codemod.check(context))


def fixed(finding: Finding, texts: dict[str, str]) -> dict[str, str]:
    assert finding.fix is not None
    out = dict(texts)
    for path in finding.fix.paths:
        out[path] = apply_edits(out[path], [e for e in finding.fix.edits if e.path == path])
        assert format_source(out[path]) == out[path]
    return out


def test_missing_zip_with_handler_file_beside_it() -> None:
    texts = {"main.tf": function(ZIP, HASH)}
    (finding,) = run(texts, ("lambda/index.py",))
    assert finding.code == "FX003"
    assert finding.span.start_line == 6
    assert finding.message == (
        "aws_lambda_function.api deploys lambda/function.zip, which is not in the repository:"
        " a plan on a fresh checkout fails and a stale zip deploys old code;"
        ' build it from lambda/index.py with data "archive_file"'
    )
    assert finding.fix is not None
    assert finding.fix.applicability is Applicability.UNSAFE
    out = fixed(finding, texts)["main.tf"]
    assert out.startswith(
        'data "archive_file" "api" {\n'
        '  type        = "zip"\n'
        '  source_file = "${path.module}/lambda/index.py"\n'
        '  output_path = "${path.module}/lambda/function.zip"\n'
        "}\n\n"
    )
    assert "  filename         = data.archive_file.api.output_path\n" in out
    assert "  source_code_hash = data.archive_file.api.output_base64sha256\n" in out
    assert run({"main.tf": out}, ("lambda/index.py",)) == []


def test_committed_zip_is_fine() -> None:
    assert run({"main.tf": function(ZIP, HASH)}, ("lambda/index.py", "lambda/function.zip")) == []


@pytest.mark.parametrize(
    "extra",
    [
        '  s3_bucket = "artifacts"\n',
        '  image_uri = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/api:1"\n',
    ],
)
def test_remote_packages_are_fine(extra: str) -> None:
    assert run({"main.tf": function(ZIP, extra)}, ("lambda/index.py",)) == []


def test_no_sources_no_finding() -> None:
    assert run({"main.tf": function(ZIP, HASH)}, ("lambda/other.py",)) == []


def test_handler_file_must_match_runtime() -> None:
    # A Python function whose directory only holds index.js: not its sources.
    assert run({"main.tf": function(ZIP, HASH)}, ("lambda/index.js",)) == []


def test_other_hash_expression_no_finding() -> None:
    extra = "  source_code_hash = var.package_hash\n"
    assert run({"main.tf": function(ZIP, extra)}, ("lambda/index.py",)) == []


def test_hash_of_another_file_no_finding() -> None:
    extra = '  source_code_hash = filebase64sha256("${path.module}/lambda/other.zip")\n'
    assert run({"main.tf": function(ZIP, extra)}, ("lambda/index.py",)) == []


def test_unresolvable_filename_no_finding() -> None:
    texts = {"main.tf": function("var.package", ""), "variables.tf": 'variable "package" {}\n'}
    assert run(texts, ("lambda/index.py",)) == []


def test_filename_through_a_local() -> None:
    texts = {
        "main.tf": function("local.package", ""),
        "locals.tf": 'locals {\n  package = "${path.module}/lambda/function.zip"\n}\n',
    }
    (finding,) = run(texts, ("lambda/index.py",))
    out = fixed(finding, texts)["main.tf"]
    assert "  output_path = local.package\n" in out


def test_literal_path_in_a_called_module_is_not_guessed() -> None:
    texts = {
        "main.tf": 'module "fn" {\n  source = "./fn"\n}\n',
        "fn/main.tf": function('"lambda/function.zip"'),
    }
    # Relative to the root's working directory, not the module: not resolved.
    assert run(texts, ("fn/lambda/index.py", "lambda/index.py")) == []


def test_zip_built_by_another_block_no_finding() -> None:
    builder = (
        'resource "terraform_data" "build" {\n'
        '  provisioner "local-exec" {\n'
        '    command = "cd lambda && zip function.zip index.py"\n'
        "  }\n"
        "}\n"
    )
    texts = {"main.tf": function(ZIP, HASH) + "\n" + builder}
    assert run(texts, ("lambda/index.py",)) == []


def test_script_that_installs_dependencies_makes_the_fix_display_only() -> None:
    script = "cd lambda\npip install -r requirements.txt -t .\nzip -r function.zip .\n"
    texts = {"main.tf": function(ZIP, HASH), "build.sh": script}
    (finding,) = run(texts, ("lambda/index.py",))
    assert "(build.sh builds it by hand)" in finding.message
    assert finding.fix is not None
    assert finding.fix.applicability is Applicability.DISPLAY_ONLY


def test_source_dir_with_the_zip_inside_excludes_it() -> None:
    texts = {"main.tf": function(ZIP, HASH)}
    (finding,) = run(texts, ("lambda/index.py", "lambda/util.py"))
    out = fixed(finding, texts)["main.tf"]
    assert '  source_dir  = "${path.module}/lambda"\n' in out
    assert '  excludes    = ["function.zip"]\n' in out


def test_dotted_python_handler() -> None:
    texts = {"main.tf": function('"${path.module}/build/app.zip"', "", "app.main.handler")}
    (finding,) = run(texts, ("src/app/main.py",))
    out = fixed(finding, texts)["main.tf"]
    assert '  source_file = "${path.module}/src/app/main.py"\n' in out


def test_sources_in_module_directory_use_one_file() -> None:
    texts = {"main.tf": function('"${path.module}/function.zip"')}
    (finding,) = run(texts, ("index.py", "README.md"))
    out = fixed(finding, texts)["main.tf"]
    assert '  source_file = "${path.module}/index.py"\n' in out


def test_data_name_taken_gets_a_suffix() -> None:
    taken = 'data "archive_file" "api" {\n  type        = "zip"\n  source_file = "x.py"\n  output_path = "x.zip"\n}\n'
    texts = {"main.tf": function(ZIP, HASH), "other.tf": taken}
    (finding,) = run(texts, ("lambda/index.py",))
    assert 'data "archive_file" "api_2"' in fixed(finding, texts)["main.tf"]


def test_layer_needs_a_runtime_directory() -> None:
    layer = (
        'resource "aws_lambda_layer_version" "deps" {\n'
        '  layer_name = "deps"\n'
        '  filename   = "${path.module}/deps.zip"\n'
        "}\n"
    )
    assert run({"main.tf": layer}, ("deps/readme.txt",)) == []
    (finding,) = run({"main.tf": layer}, ("deps/python/lib.py",))
    out = fixed(finding, {"main.tf": layer})["main.tf"]
    assert '  source_dir  = "${path.module}/deps"\n' in out


def test_archive_added_to_required_providers_once() -> None:
    versions = (
        "terraform {\n  required_providers {\n    archive = {\n"
        '      source = "hashicorp/archive"\n    }\n  }\n}\n'
    )
    texts = {"main.tf": function(ZIP, HASH), "versions.tf": versions}
    (finding,) = run(texts, ("lambda/index.py",))
    assert finding.fix is not None
    assert finding.fix.paths == {"main.tf"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('"${path.module}/a/b.zip"', "mod/a/b.zip"),
        ('"${path.module}/../shared/b.zip"', "shared/b.zip"),
        ('"${path.module}/a/b.jar"', None),
        ('"${path.cwd}/a/b.zip"', None),
        ('"${path.module}/${var.x}.zip"', None),
        ('"/tmp/b.zip"', None),
    ],
)
def test_resolve_zip_path(text: str, expected: str | None) -> None:
    files = {"mod/main.tf": SourceFile("mod/main.tf", f"locals {{\n  z = {text}\n}}\n")}
    project = build_project(files)
    module = project.modules["mod"]
    resolved = resolve_zip_path(project, module, module.locals["z"].expr)
    assert (resolved.rel if resolved else None) == expected
