"""FX013 readme-backend-undocumented: an S3 backend that the README never explains."""

from __future__ import annotations

import re
from collections.abc import Iterator

from codemods.backend_readme import (
    SECTION_TITLE,
    backend_section,
    init_edits,
    manual_setup,
    readme_fix,
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
    (the nearest one at or above the module, shared by roots per environment) has no
    heading about the backend or the state ("Backend", "Remote state", "State
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

    `terraform init` in the README's code blocks (a "Deploying" section) gains
    `-backend-config=backend.hcl`, the partial configuration's settings.

    ## Fix safety
    Only the README changes; nothing Terraform reads; line endings are kept. The
    section describes a partial backend configuration and `backend.hcl.example`: when
    the backend already is partial, the fix is safe; when it still hard-codes its
    settings, those are what FX007's fix sets up, so the README fix follows it: unsafe
    like it, and applied only in a run that applies FX007's fix too (never a README
    describing a backend the code does not have).
    """

    code = "FX013"
    name = "readme-backend-undocumented"
    summary = "README does not document the S3 backend configuration"
    severity = Severity.INFO
    fix_availability = "always"
    fix_safety = "safe or unsafe"
    reads = frozenset({"calls", "homes", "tests", "readmes"})  # fixer.split

    def check(self, context: Context) -> Iterator[Finding]:
        for documented in s3_backend_readmes(context.project):
            modules, readme, backend = documented.modules, documented.readme, documented.backend
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
            setup = manual_setup(readme, documented.bucket)
            shared = replacement_fix(context, modules, readme, setup) if setup else None
            if shared is not None:
                # The README creates the backend by hand (FX012): the same section that
                # replaces those steps documents the options, so both findings share the
                # one fix; the engine applies it once and neither finding comes back.
                yield context.finding(readme, span, message, shared)
                continue
            yield context.finding(readme, span, message, _fix(context, modules, readme, titles))


def _fix(context: Context, modules: list[Module], readme: SourceFile, titles: list[Heading]) -> Fix:
    """The section goes before the first heading about running the code, at its level;
    else at the end, at the level of the document's sections."""
    run = next((h for h in titles[1:] if RUN_HEADING.search(h.title)), None)
    if run is not None:
        section = backend_section(context, modules, readme, run.level)
        edit = TextEdit.insertion(readme.rel, run.start, section + "\n")
    else:
        levels = [heading.level for heading in titles[1:]]
        section = backend_section(context, modules, readme, min(levels, default=2))
        edit = append_paragraph(readme, section)
    title = f'Add a "{SECTION_TITLE}" section to {readme.rel}'
    return readme_fix(context, modules, title, [edit, *init_edits(readme, modules)])
