"""FX012 readme-manual-backend-setup: a README that creates the state bucket and lock table by hand."""

from __future__ import annotations

from collections.abc import Iterator

from fixer.backend_readme import (
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
    Finds, in the `README.md` next to a root module with an S3 backend, a section
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

    ## Fix safety
    Safe: only the README changes; nothing Terraform reads. Line endings are kept.
    """

    code = "FX012"
    name = "readme-manual-backend-setup"
    summary = "README creates the state bucket or lock table by hand"
    severity = Severity.WARNING
    fix_availability = "sometimes"
    fix_safety = "safe"

    def check(self, context: Context) -> Iterator[Finding]:
        for module, backend, readme in s3_backend_readmes(context.project):
            setup = manual_setup(readme, backend.setting("bucket"))
            if setup is not None:
                yield _finding(context, module, readme, setup)


def _finding(context: Context, module: Module, readme: SourceFile, setup: ManualSetup) -> Finding:
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
    fix = replacement_fix(context, module, readme, setup)
    if fix is None:
        return context.finding(readme, span, f"{message} (no fix: {setup.blocker})")
    return context.finding(readme, span, message, fix)
