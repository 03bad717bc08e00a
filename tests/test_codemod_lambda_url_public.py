"""FX005 lambda-url-public: detection per environment, development conditions, the fix."""

from __future__ import annotations

from codemods.lambda_url_public import (
    VARIABLE_BLOCK,
    LambdaUrlPublic,
    development_condition,
    sequential_edits,
)
from fixer.apply import apply_edits
from fixer.codemod import Context
from fixer.edits import Editor
from fixer.findings import Applicability, CreateFile, Finding, TextEdit
from fixer.model.config import ModelConfig
from fixer.model.files import SourceFile
from fixer.syntax.format import format_source


def url(auth: str = '"NONE"', cors: str = "") -> str:
    return (
        'resource "aws_lambda_function_url" "api" {\n'
        '  function_name      = "api"\n'
        f"  authorization_type = {auth}\n"
        f"{cors}}}\n"
    )


CORS_STAR = '\n  cors {\n    allow_origins = ["*"]\n    allow_methods = ["*"]\n  }\n'
ENV_VARIABLE = 'variable "environment" {\n  type = string\n}\n'
DEV_PROD = {"dev__tfvars": 'environment = "dev"\n', "prod__tfvars": 'environment = "prod"\n'}


def files_of(**texts: str) -> dict[str, SourceFile]:
    return {
        name.replace("__", "."): SourceFile(name.replace("__", "."), text)
        for name, text in texts.items()
    }


def run(config: ModelConfig | None = None, **texts: str) -> list[Finding]:
    codemod = LambdaUrlPublic()
    return list(codemod.check(Context(files_of(**texts), config or ModelConfig(), codemod)))


def apply(finding: Finding, **texts: str) -> dict[str, str]:
    """The texts after the finding's fix, every changed file canonical."""
    assert finding.fix is not None
    out = {name.replace("__", "."): text for name, text in texts.items()}
    for change in finding.fix.changes:
        if isinstance(change, CreateFile):
            out[change.path] = change.content
    for path in {edit.path for edit in finding.fix.edits}:
        out[path] = apply_edits(out[path], [e for e in finding.fix.edits if e.path == path])
    for text in out.values():
        assert format_source(text) == text
    return out


def test_public_url_with_environment_variable() -> None:
    texts = {"main__tf": url(cors=CORS_STAR), "variables__tf": ENV_VARIABLE, **DEV_PROD}
    (finding,) = run(**texts)
    assert finding.message == (
        'aws_lambda_function_url.api lets anyone invoke the function (authorization_type = "NONE")'
        ' in prod and allows any origin (cors "*") in prod'
    )
    assert finding.span.start_line == 3
    assert finding.fix is not None
    assert finding.fix.applicability is Applicability.UNSAFE
    out = apply(finding, **texts)
    assert 'authorization_type = var.environment == "dev" ? "NONE" : "AWS_IAM"' in out["main.tf"]
    assert (
        'allow_origins = var.environment == "dev" ? ["*"] : var.allowed_cors_origins'
        in out["main.tf"]
    )
    assert 'allow_methods = ["GET", "POST"]' in out["main.tf"]
    assert out["variables.tf"] == ENV_VARIABLE + "\n" + VARIABLE_BLOCK
    again = {name.replace(".", "__"): text for name, text in out.items()}
    assert run(**again) == []


def test_only_development_environments_are_not_reported() -> None:
    texts = {"main__tf": url(cors=CORS_STAR) + ENV_VARIABLE, "dev__tfvars": 'environment = "dev"\n'}
    assert run(**texts) == []


def test_iam_with_listed_origins_is_not_reported() -> None:
    cors = '\n  cors {\n    allow_origins = ["https://example.com"]\n  }\n'
    assert run(main__tf=url('"AWS_IAM"', cors)) == []


def test_unknown_authorization_is_not_reported() -> None:
    text = url("var.auth") + 'variable "auth" {\n  type = string\n}\n'
    assert run(main__tf=text) == []


def test_authorization_from_a_variable_keeps_the_expression_for_development() -> None:
    text = url("var.auth") + 'variable "auth" {\n  type    = string\n  default = "NONE"\n}\n'
    text += ENV_VARIABLE
    (finding,) = run(main__tf=text, **DEV_PROD)
    out = apply(finding, main__tf=text)
    assert 'authorization_type = var.environment == "dev" ? var.auth : "AWS_IAM"' in out["main.tf"]


def test_without_environment_variable_iam_everywhere_and_new_file() -> None:
    (finding,) = run(lambda__tf=url(cors=CORS_STAR))
    assert finding.message == (
        'aws_lambda_function_url.api lets anyone invoke the function (authorization_type = "NONE")'
        ' and allows any origin (cors "*")'
    )
    assert finding.fix is not None
    (created,) = finding.fix.creations
    assert created.path == "variables.tf"
    assert created.content == VARIABLE_BLOCK
    out = apply(finding, lambda__tf=url(cors=CORS_STAR))
    assert 'authorization_type = "AWS_IAM"' in out["lambda.tf"]
    assert "allow_origins = var.allowed_cors_origins" in out["lambda.tf"]


def test_existing_origins_variable_is_not_added_again() -> None:
    variable = 'variable "allowed_cors_origins" {\n  type    = list(string)\n  default = []\n}\n'
    (finding,) = run(main__tf=url(cors=CORS_STAR), variables__tf=variable)
    assert finding.fix is not None
    assert finding.fix.paths == {"main.tf"}
    assert not finding.fix.creations


def test_star_coming_from_the_origins_variable_is_reported_without_a_loop() -> None:
    variable = 'variable "allowed_cors_origins" {\n  type    = list(string)\n  default = ["*"]\n}\n'
    cors = "\n  cors {\n    allow_origins = var.allowed_cors_origins\n  }\n"
    (finding,) = run(main__tf=url('"AWS_IAM"', cors) + variable)
    assert finding.message.endswith('allows any origin (cors "*")')
    assert finding.fix is None


def test_auth_only_without_cors_adds_no_variable() -> None:
    texts = {"main__tf": url() + ENV_VARIABLE, **DEV_PROD}
    (finding,) = run(**texts)
    assert finding.fix is not None
    assert finding.fix.paths == {"main.tf"}
    assert "allowed_cors_origins" not in apply(finding, **texts)["main.tf"]


def test_variable_appended_to_the_same_file_as_the_resource() -> None:
    texts = {"main__tf": url(cors=CORS_STAR) + "\n" + ENV_VARIABLE, **DEV_PROD}
    (finding,) = run(**texts)
    out = apply(finding, **texts)["main.tf"]
    assert out.endswith(ENV_VARIABLE + "\n" + VARIABLE_BLOCK)


def test_several_development_environments_use_contains() -> None:
    texts = {
        "main__tf": url() + ENV_VARIABLE,
        "dev__tfvars": 'environment = "dev"\n',
        "sandbox__tfvars": 'environment = "sandbox"\n',
        "prod__tfvars": 'environment = "prod"\n',
    }
    (finding,) = run(**texts)
    out = apply(finding, **texts)["main.tf"]
    assert 'contains(["dev", "sandbox"], var.environment) ? "NONE" : "AWS_IAM"' in out


def test_development_names_without_tfvars_come_from_the_configuration() -> None:
    files = files_of(main__tf=url() + ENV_VARIABLE)
    project = Context(files, ModelConfig(development_environments=["dev", "qa"])).project
    condition = development_condition(project, project.modules[""])
    assert condition == 'contains(["dev", "qa"], var.environment)'
    configured = ModelConfig(environments=["local", "prod"])
    project = Context(files, configured).project
    assert development_condition(project, project.modules[""]) == 'var.environment == "local"'


def test_environment_variable_without_development_environment_means_iam_everywhere() -> None:
    texts = {
        "main__tf": url() + ENV_VARIABLE,
        "staging__tfvars": 'environment = "staging"\n',
        "prod__tfvars": 'environment = "prod"\n',
    }
    (finding,) = run(**texts)
    assert 'authorization_type = "AWS_IAM"' in apply(finding, **texts)["main.tf"]


def test_child_module_uses_its_own_environment_variable() -> None:
    root = 'module "api" {\n  source = "./api"\n  env    = var.environment\n}\n' + ENV_VARIABLE
    child = url() + 'variable "env" {\n  type = string\n}\n'
    texts = {"main__tf": root, "api/main__tf": child, **DEV_PROD}
    (finding,) = run(**texts)
    assert finding.path == "api/main.tf"
    out = apply(finding, **texts)["api/main.tf"]
    assert 'authorization_type = var.env == "dev" ? "NONE" : "AWS_IAM"' in out


def test_methods_other_than_star_are_kept() -> None:
    cors = '\n  cors {\n    allow_origins = ["*"]\n    allow_methods = ["GET"]\n  }\n'
    (finding,) = run(main__tf=url('"AWS_IAM"', cors))
    assert 'allow_methods = ["GET"]' in apply(finding, main__tf=url('"AWS_IAM"', cors))["main.tf"]


def test_dynamic_cors_is_not_read() -> None:
    cors = '\n  dynamic "cors" {\n    for_each = [1]\n    content {\n      allow_origins = ["*"]\n    }\n  }\n'
    assert run(main__tf=url('"AWS_IAM"', cors)) == []


def test_sequential_edits_compose_overlapping_realignments() -> None:
    text = "x {\n  a = 1\n  bb = 2\n  c = 3\n}\n"
    source = SourceFile("main.tf", text)

    def set_a(editor: Editor) -> list[TextEdit]:
        block = editor.tree.body.blocks[0]
        return editor.set_attribute(block, "a", "10")

    def set_c(editor: Editor) -> list[TextEdit]:
        block = editor.tree.body.blocks[0]
        return editor.set_attribute(block, "c", "30")

    edits = sequential_edits(source, [set_a, set_c])
    assert apply_edits(text, edits) == "x {\n  a  = 10\n  bb = 2\n  c  = 30\n}\n"


def test_environment_where_the_url_does_not_exist_is_not_reported() -> None:
    text = url().replace(
        '  function_name      = "api"\n',
        '  count              = var.environment == "prod" ? 0 : 1\n  function_name      = "api"\n',
    )
    texts = {
        "main__tf": text + ENV_VARIABLE,
        "staging__tfvars": 'environment = "staging"\n',
        **DEV_PROD,
    }
    (finding,) = run(**texts)
    assert finding.message.endswith('(authorization_type = "NONE") in staging')
