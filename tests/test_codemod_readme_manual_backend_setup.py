"""FX012 readme-manual-backend-setup: detection, the new section, suppressions."""

from __future__ import annotations

import pytest

from codemods.readme_manual_backend_setup import ReadmeManualBackendSetup
from codemods.s3_backend_hardcoded import S3BackendHardcoded
from fixer.codemod import Context
from fixer.config import Settings
from fixer.findings import Applicability, Finding
from fixer.model.backends import partial_backend
from fixer.model.files import SourceFile
from fixer.model.module import Module
from fixer.runner import fix, run_codemods

BACKEND = (
    'terraform {\n  backend "s3" {\n    bucket = "acme-state"\n    region = "us-east-1"\n  }\n}\n'
)
MANUAL = """\
# acme

Intro.

## Setup

Create the state bucket once:

```sh
aws s3api create-bucket --bucket acme-state
```

## Deploying

Run `terraform apply`.
"""


def files_of(texts: dict[str, str]) -> dict[str, SourceFile]:
    return {rel: SourceFile(rel, text) for rel, text in texts.items()}


def run(texts: dict[str, str]) -> list[Finding]:
    codemod = ReadmeManualBackendSetup()
    return list(codemod.check(Context(files_of(texts), codemod=codemod)))


def fixed(texts: dict[str, str]) -> dict[str, str]:
    """The texts after FX012 with FX007, whose partial backend the new section describes."""
    codemods = [ReadmeManualBackendSetup, S3BackendHardcoded]
    outcome = fix(files_of(texts), codemods, Settings(), Applicability.UNSAFE)
    assert not outcome.errors
    return {**texts, **outcome.texts}


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("# State\n\naws s3api create-bucket --bucket state\n", "the whole document"),
        ("aws s3api create-bucket --bucket state\n\n## Next\n", "before any heading"),
        (MANUAL.replace("```sh\n", "```sh\nmake bootstrap\n"), "other steps too"),
        (MANUAL.replace("## Deploying", "    ./bootstrap.sh\n\n## Deploying"), "other steps too"),
    ],
)
def test_reported_without_fix_when_the_section_cannot_be_replaced(text: str, reason: str) -> None:
    (finding,) = run({"main.tf": BACKEND, "README.md": text})
    assert finding.fix is None
    assert finding.message.endswith(f"{reason})")


def test_the_section_is_replaced_at_its_level() -> None:
    texts = fixed({"main.tf": BACKEND, "README.md": MANUAL})
    new = texts["README.md"]
    assert new.startswith(
        "# acme\n\nIntro.\n\n## Backend configuration\n\nThe state is kept in S3."
    )
    assert new.endswith("than by\n  hand.\n\n## Deploying\n\nRun `terraform apply`.\n")
    assert "aws s3api" not in new
    assert "copy `backend.hcl.example` to `backend.hcl`" in new  # FX007 will create it
    assert run(texts) == []


def test_finding_message_and_place() -> None:
    (finding,) = run({"main.tf": BACKEND, "README.md": MANUAL})
    assert (finding.path, finding.span.start_line) == ("README.md", 5)
    assert finding.message == (
        'README.md: section "Setup" creates the state backend by hand '
        "(aws s3api create-bucket); document the backend configuration instead"
    )
    # The backend still hard-codes its bucket: the section describes FX007's result.
    assert finding.fix is not None and finding.fix.applicability is Applicability.UNSAFE
    assert finding.fix.requires == {partial_backend(Module(""))}


@pytest.mark.parametrize(
    "texts",
    [
        {"main.tf": BACKEND},  # no README
        {"main.tf": BACKEND.replace('"s3"', '"gcs"'), "README.md": MANUAL},  # not S3
        {"main.tf": BACKEND, "docs/README.md": MANUAL},  # not next to the module
        {"main.tf": BACKEND, "README.md": "# acme\n\nNothing by hand.\n"},
    ],
)
def test_no_finding(texts: dict[str, str]) -> None:
    assert run(texts) == []


def test_markdown_suppression_covers_the_heading_below_it() -> None:
    directive = "<!-- fixer:ignore FX012 bootstrap account -->\n"
    above = MANUAL.replace("## Setup", directive + "## Setup")
    codemods = (ReadmeManualBackendSetup,)
    assert (
        run_codemods(files_of({"main.tf": BACKEND, "README.md": above}), codemods, Settings()) == []
    )
    too_far = MANUAL.replace("## Setup", directive + "\n## Setup")
    (finding,) = run_codemods(
        files_of({"main.tf": BACKEND, "README.md": too_far}), codemods, Settings()
    )
    assert finding.code == "FX012"


def test_crlf_readme_keeps_its_line_endings() -> None:
    texts = fixed({"main.tf": BACKEND, "README.md": MANUAL.replace("\n", "\r\n")})
    new = texts["README.md"]
    assert new.count("\n") == new.count("\r\n")
    assert "## Backend configuration\r\n" in new
