"""codemods.backend_readme: manual backend setup in a README, the Backend configuration
section, and the fix that replaces one with the other (shared by FX012 and FX013)."""

from __future__ import annotations

from codemods.backend_readme import (
    SECTION_TITLE,
    backend_section,
    manual_setup,
    replacement_fix,
    s3_backend_readmes,
)
from fixer.apply import apply_fixes
from fixer.codemod import Context
from fixer.model.files import SourceFile

BACKEND = (
    'terraform {\n  backend "s3" {\n    bucket = "acme-state"\n    region = "us-east-1"\n  }\n}\n'
)
MANUAL = """\
# acme

## Setup

```sh
aws s3api create-bucket --bucket acme-state
```

## Deploying
"""


def readme(text: str) -> SourceFile:
    return SourceFile("README.md", text)


def context_of(texts: dict[str, str]) -> Context:
    files = {rel: SourceFile(rel, text) for rel, text in texts.items()}
    return Context(files, paths=frozenset(files))


def test_manual_setup_needs_state_words_or_the_backend_bucket() -> None:
    assets = "# x\n\n## Assets\n\n```sh\naws s3api create-bucket --bucket cdn\n```\n"
    assert manual_setup(readme(assets), None) is None
    assert manual_setup(readme(assets.replace("cdn", "acme-state")), "acme-state") is not None
    assert manual_setup(readme(assets.replace("Assets", "Remote state")), None) is not None


def test_manual_setup_finds_the_innermost_section_holding_every_command() -> None:
    text = (
        "# x\n\n## Setup\n\n### Bucket\n\naws s3 mb s3://state\n\n"
        "### Lock\n\naws dynamodb create-table --table-name locks\n\n## Use\n"
    )
    setup = manual_setup(readme(text), None)
    assert setup is not None and setup.section is not None
    assert setup.section.title == "Setup"
    assert setup.end == text.index("## Use")
    assert [command for _, command in setup.commands] == [
        "aws s3 mb",
        "aws dynamodb create-table",
    ]
    assert setup.blocker is None


def test_a_section_with_other_steps_has_a_blocker() -> None:
    setup = manual_setup(readme(MANUAL.replace("```sh\n", "```sh\nmake bootstrap\n")), None)
    assert setup is not None and setup.blocker == "the section holds other steps too"


def test_s3_backend_readmes_pairs_root_modules_with_their_readme() -> None:
    context = context_of(
        {
            "main.tf": BACKEND,
            "README.md": MANUAL,
            "other/main.tf": 'terraform {\n  backend "local" {}\n}\n',
            "other/README.md": MANUAL,
            "bare/main.tf": BACKEND,
        }
    )
    found = [
        ([m.path for m in d.modules], d.bucket, d.readme.rel)
        for d in s3_backend_readmes(context.project)
    ]
    # bare/ has no README of its own: the nearest one up, the repository's, documents it.
    assert found == [(["", "bare"], "acme-state", "README.md")]


def test_replacement_fix_swaps_the_section_for_the_backend_section() -> None:
    context = context_of({"main.tf": BACKEND, "README.md": MANUAL})
    documented = next(s3_backend_readmes(context.project))
    source = documented.readme
    setup = manual_setup(source, "acme-state")
    assert setup is not None
    fix = replacement_fix(context, documented.modules, source, setup)
    assert fix is not None
    new = apply_fixes({"README.md": MANUAL}, [fix], {})["README.md"]
    section = backend_section(context, documented.modules, source, 2)
    assert new == "# acme\n\n" + section + "\n## Deploying\n"
    assert section.startswith(f"## {SECTION_TITLE}\n\nThe state is kept in S3.")


def test_no_replacement_when_the_section_cannot_be_replaced() -> None:
    context = context_of({"main.tf": BACKEND, "README.md": "aws s3 mb s3://state\n\n## Next\n"})
    documented = next(s3_backend_readmes(context.project))
    setup = manual_setup(documented.readme, None)
    assert setup is not None and setup.section is None
    assert replacement_fix(context, documented.modules, documented.readme, setup) is None
