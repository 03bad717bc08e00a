"""FX006 random-password-special-characters: detection, password sinks, minimums, messages."""

from __future__ import annotations

from codemods.random_password_special_characters import (
    SAFE_SPECIAL,
    RandomPasswordSpecialCharacters,
)
from fixer.apply import apply_edits
from fixer.codemod import Context
from fixer.findings import Applicability, Finding
from fixer.model.config import ModelConfig
from fixer.model.files import SourceFile
from fixer.syntax.format import format_source


def run(**texts: str) -> list[Finding]:
    files = {
        name.replace("__", "."): SourceFile(name.replace("__", "."), text)
        for name, text in texts.items()
    }
    codemod = RandomPasswordSpecialCharacters()
    return list(codemod.check(Context(files, ModelConfig(), codemod)))


def fixed(finding: Finding, text: str) -> str:
    assert finding.fix is not None
    result = apply_edits(text, finding.fix.edits)
    assert format_source(result) == result
    assert run(main__tf=result) == [], "the fixed code is reported again"
    return result


def password(body: str, kind: str = "random_password") -> str:
    return f'resource "{kind}" "db" {{\n{body}}}\n'


def test_default_special_is_reported_with_an_unsafe_fix() -> None:
    text = password("  length = 24\n")
    (finding,) = run(main__tf=text)
    assert finding.message == (
        'random_password.db can contain "@" (override_special is not set, so special '
        "characters come from !@#$%&*()-_=+[]{}<>:?), which RDS and many services reject "
        "in passwords"
    )
    assert finding.span.start_line == 1
    assert finding.fix is not None
    assert finding.fix.applicability is Applicability.UNSAFE
    assert fixed(finding, text) == (
        'resource "random_password" "db" {\n'
        "  length           = 24\n"
        f'  override_special = "{SAFE_SPECIAL}"\n'
        "  min_special      = 2\n"
        "  min_upper        = 2\n"
        "  min_lower        = 2\n"
        "  min_numeric      = 2\n"
        "}\n"
    )


def test_safe_special_set_has_no_at_sign_and_is_the_default_otherwise() -> None:
    assert "@" not in SAFE_SPECIAL
    assert set("!@#$%&*()-_=+[]{}<>:?") - set(SAFE_SPECIAL) == {"@"}


def test_override_special_present_is_not_reported() -> None:
    assert run(main__tf=password('  length = 24\n  override_special = "_"\n')) == []


def test_special_false_is_not_reported() -> None:
    assert run(main__tf=password("  length  = 24\n  special = false\n")) == []


def test_special_true_is_reported() -> None:
    assert len(run(main__tf=password("  length  = 24\n  special = true\n"))) == 1


def test_special_unknown_is_not_reported() -> None:
    text = password("  length  = 24\n  special = var.special\n")
    text += 'variable "special" {\n  type = bool\n}\n'
    assert run(main__tf=text) == []


def test_special_true_in_one_environment_is_reported() -> None:
    text = password("  length  = 24\n  special = var.special\n")
    text += 'variable "special" {\n  type    = bool\n  default = false\n}\n'
    findings = run(main__tf=text, dev__tfvars="", prod__tfvars="special = true\n")
    assert len(findings) == 1


def test_random_string_not_used_as_password_is_not_reported() -> None:
    text = password("  length = 8\n", "random_string")
    text += 'resource "aws_s3_bucket" "b" {\n  bucket = "x-${random_string.db.result}"\n}\n'
    assert run(main__tf=text) == []


def test_random_string_used_as_password_names_the_sink() -> None:
    text = password("  length = 16\n", "random_string")
    text += 'resource "aws_db_instance" "x" {\n  password = random_string.db.result\n}\n'
    (finding,) = run(main__tf=text)
    assert finding.message.startswith("random_string.db, used as aws_db_instance.x password,")


def test_random_string_through_a_local_and_an_object_key() -> None:
    text = password("  length = 16\n", "random_string")
    text += 'locals {\n  creds = { user = "a", pass = random_string.db.result }\n}\n'
    text += 'module "app" {\n  source  = "./app"\n  db_password = local.creds.pass\n}\n'
    (finding,) = run(main__tf=text)
    assert "used as module.app db_password" in finding.message


def test_random_string_as_token_in_an_environment_map() -> None:
    text = password("  length = 40\n", "random_string")
    text += (
        'resource "aws_lambda_function" "f" {\n  environment {\n'
        "    variables = {\n      API_TOKEN = random_string.db.result\n    }\n  }\n}\n"
    )
    (finding,) = run(main__tf=text)
    assert "used as aws_lambda_function.f API_TOKEN" in finding.message


def test_secret_names_and_ids_are_not_password_sinks() -> None:
    text = password("  length = 6\n", "random_string")
    text += (
        'resource "aws_secretsmanager_secret" "s" {\n'
        '  name = "app-${random_string.db.result}"\n}\n'
        'module "m" {\n  source      = "./m"\n'
        '  secret_name = "app-${random_string.db.result}"\n}\n'
    )
    assert run(main__tf=text) == []


def test_local_named_like_a_password_is_a_sink() -> None:
    text = password("  length = 16\n", "random_string")
    text += "locals {\n  db_password = random_string.db.result\n}\n"
    (finding,) = run(main__tf=text)
    assert "used as local.db_password," in finding.message


def test_length_too_short_sets_only_override_special() -> None:
    text = password("  length = 7\n")
    (finding,) = run(main__tf=text)
    result = fixed(finding, text)
    assert "min_" not in result
    assert f'override_special = "{SAFE_SPECIAL}"' in result


def test_existing_minimums_count_towards_length() -> None:
    text = password("  length      = 10\n  min_special = 4\n")
    (finding,) = run(main__tf=text)
    result = fixed(finding, text)
    assert "min_upper" in result and "min_lower" in result and "min_numeric" in result
    assert result.count("min_special") == 1
    too_long = password("  length      = 9\n  min_special = 4\n")
    (finding,) = run(main__tf=too_long)
    assert "min_upper" not in fixed(finding, too_long)


def test_unknown_length_sets_only_override_special() -> None:
    text = password("  length = var.length\n")
    text += 'variable "length" {\n  type = number\n}\n'
    (finding,) = run(main__tf=text)
    assert "min_" not in fixed(finding, text)


def test_length_from_environments_uses_the_shortest() -> None:
    text = password("  length = var.length\n")
    text += 'variable "length" {\n  type = number\n}\n'
    (finding,) = run(main__tf=text, dev__tfvars="length = 6\n", prod__tfvars="length = 32\n")
    assert "min_" not in fixed(finding, text)


def test_disabled_character_classes_get_no_minimum() -> None:
    text = password("  length = 24\n  upper  = false\n  number = false\n")
    (finding,) = run(main__tf=text)
    result = fixed(finding, text)
    assert "min_upper" not in result and "min_numeric" not in result
    assert "min_lower        = 2" in result and "min_special      = 2" in result


def test_insertion_follows_the_settings_not_the_keepers() -> None:
    text = password(
        "  length = 24\n\n  keepers = {\n    id = var.id\n  }\n"
        "  lifecycle {\n    create_before_destroy = true\n  }\n"
    )
    (finding,) = run(main__tf=text)
    result = fixed(finding, text)
    assert result.index("override_special") < result.index("keepers")


def test_password_key_spelled_with_escapes_is_still_a_sink() -> None:
    """FX006 skips the items whose text names no password; a quoted key may spell one
    with escapes only, so such items are still read."""
    text = password("  length = 16\n", "random_string")
    text += 'locals {\n  creds = { "pass\\u0077ord" = random_string.db.result }\n}\n'
    (finding,) = run(main__tf=text)
    assert "used as local.creds password," in finding.message


def test_modules_without_a_generator_are_not_searched_for_password_sinks() -> None:
    # Searching every module for password arguments took 0.39 s on the corpus, where no
    # module without a random_password or random_string can have a finding; an item
    # searched keeps what was found with it (its memo).
    text = 'resource "aws_db_instance" "main" {\n  password = var.db_password\n}\n'
    files = {"main.tf": SourceFile("main.tf", text)}
    codemod = RandomPasswordSpecialCharacters()
    assert list(codemod.check(Context(files, ModelConfig(), codemod))) == []
    tree = files["main.tf"].tree
    assert tree is not None and [item.memo for item in tree.body.items] == [None]
