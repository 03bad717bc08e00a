"""FX013 readme-backend-undocumented: an S3 backend that the README never explains."""

from __future__ import annotations

import re
from collections.abc import Iterator

from fixer.backend_readme import (
    SECTION_TITLE,
    backend_section,
    manual_setup,
    replacement_fix,
    s3_backend_readmes,
)
from fixer.codemod import Codemod, Context
from fixer.edits import append_paragraph
from fixer.findings import Finding, Fix, Severity, TextEdit
from fixer.markdown import Heading, headings
from fixer.model.files import SourceFile
from fixer.model.module import Module

BACKEND_HEADING = re.compile(r"\b(?:backends?|state|tfstate|remote[ -]state)\b", re.IGNORECASE)
# Headings before which readers look for how to run the configuration.
RUN_HEADING = re.compile(
    r"\b(?:deploy\w*|usage|getting started|quick ?start|how to use|apply\w*|running|"
    r"installation|install)\b",
    re.IGNORECASE,
)


class ReadmeBackendUndocumented(Codemod):
    """Reports READMEs that never say how the S3 backend is configured.

    ## What it does
    Finds root modules with an S3 backend (hard-coded or partial) whose `README.md`
    has no heading about the backend or the state ("Backend", "Remote state", "State
    management" ...), and adds a "Backend configuration" section: local state for
    tests (`terraform init -backend=false`, a `backend_override.tf`), the partial
    configuration for shared environments (`terraform init -backend-config=backend.hcl`,
    copied from `backend.hcl.example`), and how workspaces and the environment variable
    (named, with its tfvars files, from the project) relate.

    The section goes before the first heading about running the code ("Deploying",
    "Usage", "Getting started", "Installation" ...), at that heading's level; else at
    the end, at the level of the document's sections. When the README also creates the
    backend by hand (FX012), this codemod offers FX012's fix, which replaces those steps
    with the same section: the one fix is applied once and settles both findings. To
    suppress, put
    `<!-- fixer:ignore FX013 reason -->` just above the README's first heading, or
    `<!-- fixer:ignore-file FX013 -->` in its first five lines.

    ## Why is this bad?
    A partial backend cannot be initialized without knowing which settings to pass,
    and a hard-coded one silently points every copy of the code at the same state.
    Newcomers then run `terraform init` with whatever they guess, or not at all.

    ## Example
    ````markdown
    # acme

    ## Deploying

    ```sh
    terraform init
    ```
    ````

    Use instead:
    ````markdown
    # acme

    ## Backend configuration

    The state is kept in S3. The `backend "s3"` block in `versions.tf` is a partial
    configuration ...

    ## Deploying
    ````

    ## Fix safety
    Safe: only the README changes; nothing Terraform reads. Line endings are kept.
    """

    code = "FX013"
    name = "readme-backend-undocumented"
    summary = "README does not document the S3 backend configuration"
    severity = Severity.INFO
    fix_availability = "always"
    fix_safety = "safe"

    def check(self, context: Context) -> Iterator[Finding]:
        for module, backend, readme in s3_backend_readmes(context.project):
            titles = headings(readme.text)
            if any(BACKEND_HEADING.search(heading.title) for heading in titles):
                continue
            anchor = titles[0].start if titles else 0
            line_end = readme.text.find("\n", anchor)
            span = (anchor, line_end if line_end >= 0 else len(readme.text))
            message = (
                f"{readme.rel} does not say how the S3 backend in {backend.file.rel} is "
                "configured: no section on the backend or the state"
            )
            setup = manual_setup(readme, backend.setting("bucket"))
            shared = replacement_fix(context, module, readme, setup) if setup else None
            if shared is not None:
                # The README creates the backend by hand (FX012): the same section that
                # replaces those steps documents the options, so both findings share the
                # one fix; the engine applies it once and neither finding comes back.
                yield context.finding(readme, span, message, shared)
                continue
            yield context.finding(readme, span, message, _fix(context, module, readme, titles))


def _fix(context: Context, module: Module, readme: SourceFile, titles: list[Heading]) -> Fix:
    """The section goes before the first heading about running the code, at its level;
    else at the end, at the level of the document's sections."""
    run = next((h for h in titles[1:] if RUN_HEADING.search(h.title)), None)
    if run is not None:
        section = backend_section(context, module, readme, run.level)
        edit = TextEdit.insertion(readme.rel, run.start, section + "\n")
    else:
        levels = [heading.level for heading in titles[1:]]
        section = backend_section(context, module, readme, min(levels, default=2))
        edit = append_paragraph(readme, section)
    return Fix.safe(f'Add a "{SECTION_TITLE}" section to {readme.rel}', edit)
