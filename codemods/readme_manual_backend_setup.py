"""FX012 readme-manual-backend-setup: a README that creates the state bucket and lock table by hand."""

from __future__ import annotations

from collections.abc import Iterator

from codemods.backend_readme import (
    ManualSetup,
    manual_setup,
    replacement_fix,
    s3_backend_readmes,
)
from fixer.codemod import Codemod, Context
from fixer.findings import Finding, Severity
from fixer.model.files import SourceFile
from fixer.model.module import Module


class ReadmeManualBackendSetup(Codemod):
    """Reports READMEs that tell people to create the state bucket and lock table by hand.

    ## What it does
    Finds, in the `README.md` that documents root modules with an S3 backend (the
    nearest one at or above each: a repository's top README documents the roots in
    `environments/<env>`, which then share one section), a section
    whose commands create the state bucket or the lock table by hand
    (`aws s3api create-bucket`, `aws s3 mb`, `aws dynamodb create-table`) and replaces
    that section (from its heading to the next heading of the same or a higher level)
    with a "Backend configuration" section at the same level: local state for tests
    (`terraform init -backend=false`, a `backend_override.tf`), the partial configuration
    for shared environments (`terraform init -backend-config=backend.hcl`, copied from
    `backend.hcl.example`), and how workspaces and the environment variable (named, with
    its tfvars files, from the project) relate. The section describes the partial
    configuration that FX007 sets up.

    The commands count as backend setup when their section speaks of state, locks or
    the backend, or names the backend's bucket. When the section also holds other steps
    (commands besides `aws s3api|s3|dynamodb|sts`, `export AWS_*` and `terraform init`),
    or is the document's title section, it is reported without a fix. To suppress, put
    `<!-- fixer:ignore FX012 reason -->` on the line just above the section's heading.

    ## Why is this bad?
    Hand-made buckets and tables differ from account to account (versioning, encryption,
    public access), nobody reviews them, and the copied commands hard-code names that
    the backend block then has to repeat. The README should say how to initialize
    the backend, not how to build it by hand.

    ## Example
    ````markdown
    ## First-time setup

    ```sh
    aws s3api create-bucket --bucket acme-terraform-state --region us-east-1
    aws dynamodb create-table --table-name acme-terraform-locks ...
    ```
    ````

    Use instead:
    ````markdown
    ## Backend configuration

    The state is kept in S3. The `backend "s3"` block in `versions.tf` is a partial
    configuration ...
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

    code = "FX012"
    name = "readme-manual-backend-setup"
    summary = "README creates the state bucket or lock table by hand"
    severity = Severity.WARNING
    fix_availability = "sometimes"
    fix_safety = "safe or unsafe"
    reads = frozenset({"calls", "homes", "tests", "readmes"})  # fixer.split

    def check(self, context: Context) -> Iterator[Finding]:
        for documented in s3_backend_readmes(context.project):
            readme = documented.readme
            setup = manual_setup(readme, documented.bucket)
            if setup is not None:
                yield _finding(context, documented.modules, readme, setup)


def _finding(
    context: Context, modules: list[Module], readme: SourceFile, setup: ManualSetup
) -> Finding:
    commands = ", ".join(dict.fromkeys(command for _, command in setup.commands))
    section = setup.section
    where = f'section "{section.title}"' if section is not None else "the introduction"
    message = (
        f"{readme.rel}: {where} creates the state backend by hand ({commands}); "
        "document the backend configuration instead"
    )
    anchor = section.start if section is not None else setup.commands[0][0]
    line_end = readme.text.find("\n", anchor)
    span = (anchor, line_end if line_end >= 0 else len(readme.text))
    fix = replacement_fix(context, modules, readme, setup)
    if fix is None:
        return context.finding(readme, span, f"{message} (no fix: {setup.blocker})")
    return context.finding(readme, span, message, fix)
