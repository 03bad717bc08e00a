"""FX012 readme-manual-backend-setup: a README that creates the state bucket and lock table by hand."""

from __future__ import annotations

import posixpath
import re
import textwrap
from collections.abc import Iterator
from dataclasses import dataclass

from codemods.s3_backend_hardcoded import (
    EXAMPLE_FILE,
    LOCKFILE_VERSION,
    guarantees,
    hardcoded_settings,
    s3_backend,
)
from codemods.workspace_environment_drift import workspace_use
from fixer.codemod import Codemod, Context
from fixer.findings import Finding, Fix, Severity, TextEdit
from fixer.model.files import SourceFile
from fixer.model.module import Module
from fixer.model.project import Project
from fixer.syntax.cst import Block
from fixer.syntax.values import try_literal

SECTION_TITLE = "Backend configuration"
WIDTH = 88
MANUAL_COMMAND = re.compile(r"\baws\s+(?:s3api\s+create-bucket|s3\s+mb|dynamodb\s+create-table)\b")
STATE_WORDS = re.compile(r"\b(?:state|tfstate|lock|locks|locking|backend|LockID)\b", re.IGNORECASE)
# Lines a replaced section's code blocks may hold: the manual backend steps and nothing else.
BACKEND_STEP = re.compile(
    r"^\s*(?:\$\s*)?(?:#.*|aws\s+(?:s3api|s3|dynamodb|sts)\b.*|export\s+AWS_\w+=.*|terraform\s+init\b.*)?$"
)
_ATX = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$")
_SETEXT = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
_CODE_SPAN = re.compile(r"`[^`]*`")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")


@dataclass(frozen=True, slots=True)
class Heading:
    """A Markdown heading: level, title, and the offset where its first line starts."""

    level: int
    title: str
    start: int


@dataclass(frozen=True, slots=True)
class Line:
    """One line of a Markdown file: offset, text (newline excluded), inside a code fence."""

    start: int
    text: str
    fenced: bool


def markdown_lines(text: str) -> list[Line]:
    """The lines of a Markdown text, each marked when it belongs to a fenced code block."""
    lines: list[Line] = []
    offset = 0
    fence: str | None = None
    for raw in text.splitlines(keepends=True):
        body = raw.rstrip("\r\n")
        match = _FENCE.match(body)
        if fence is None and match is not None:
            fence = match.group(1)
            lines.append(Line(offset, body, True))
        elif fence is not None:
            closing = match is not None and match.group(1)[0] == fence[0]
            closing = (
                closing and len(match.group(1)) >= len(fence) and not body.strip(fence[0] + " \t")
            )
            lines.append(Line(offset, body, True))
            if closing:
                fence = None
        else:
            lines.append(Line(offset, body, False))
        offset += len(raw)
    return lines


def headings(text: str) -> list[Heading]:
    """The ATX (`## Title`) and setext (`Title` over `---`) headings, outside code fences."""
    lines = markdown_lines(text)
    found: list[Heading] = []
    for i, line in enumerate(lines):
        if line.fenced:
            continue
        atx = _ATX.match(line.text)
        if atx is not None:
            found.append(Heading(len(atx.group(1)), (atx.group(2) or "").strip(), line.start))
            continue
        setext = _SETEXT.match(line.text)
        if setext is not None and i > 0 and _paragraph(lines[i - 1]):
            previous = lines[i - 1]
            if found and found[-1].start == previous.start:
                continue
            level = 1 if setext.group(1)[0] == "=" else 2
            found.append(Heading(level, previous.text.strip(), previous.start))
    return found


def _paragraph(line: Line) -> bool:
    text = line.text.strip()
    return (
        not line.fenced
        and bool(text)
        and not line.text.startswith("    ")
        and not text.startswith(("#", ">", "- ", "* ", "+ ", "|"))
    )


def section_end(text: str, found: list[Heading], index: int) -> int:
    """Where the section of found[index] ends: the next heading of its level or higher."""
    level = found[index].level
    for heading in found[index + 1 :]:
        if heading.level <= level:
            return heading.start
    return len(text)


def readme_of(project: Project, module: Module) -> SourceFile | None:
    """The `README.md` in the module's directory (any case), if the project has one."""
    for source in project.other_files:
        if (
            source.directory == module.path
            and posixpath.basename(source.rel).lower() == "readme.md"
        ):
            return source
    return None


@dataclass(frozen=True, slots=True)
class ManualSetup:
    """Manual backend creation in a README: the commands, and the section holding them."""

    commands: list[tuple[int, str]]  # (offset of the line, the command's words)
    section: Heading | None
    end: int
    blocker: str | None  # why the section cannot be replaced, if it cannot


def manual_setup(readme: SourceFile, backend_bucket: str | None) -> ManualSetup | None:
    """The README's manual creation of the state bucket or lock table, if it has one."""
    text = readme.text
    lines = markdown_lines(text)
    commands = [
        (line.start, " ".join(match.group(0).split()))
        for line in lines
        for match in [MANUAL_COMMAND.search(line.text)]
        if match is not None
    ]
    if not commands:
        return None
    found = headings(text)
    section, end = _containing_section(text, found, [offset for offset, _ in commands])
    scope = text[section.start : end] if section is not None else text
    about_state = STATE_WORDS.search(scope) is not None or (
        backend_bucket is not None and backend_bucket in scope
    )
    if not about_state:
        return None
    if section is None:
        blocker: str | None = "they come before any heading"
    elif section.level == 1 and found.index(section) == 0:
        blocker = "the section is the whole document"
    elif not _only_backend_steps(lines, section.start, end):
        blocker = "the section holds other steps too"
    else:
        blocker = None
    return ManualSetup(commands, section, end, blocker)


def _only_backend_steps(lines: list[Line], start: int, end: int) -> bool:
    """Whether every code line in text[start:end] is a manual backend step (or continues one)."""
    previous = ""
    for line in lines:
        if not start <= line.start < end:
            continue
        indented = line.text.startswith(("    ", "\t")) and not line.text.lstrip().startswith(
            ("- ", "* ", "+ ")
        )
        if (line.fenced or indented) and not _FENCE.match(line.text):
            continued = previous.rstrip().endswith("\\")
            if not continued and not BACKEND_STEP.match(line.text):
                return False
            previous = line.text
        else:
            previous = ""
    return True


def _containing_section(
    text: str, found: list[Heading], offsets: list[int]
) -> tuple[Heading | None, int]:
    """The innermost section holding every offset, with its end."""
    first, last = min(offsets), max(offsets)
    for index in range(len(found) - 1, -1, -1):
        heading = found[index]
        if heading.start > first:
            continue
        end = section_end(text, found, index)
        if last < end:
            return heading, end
    return None, len(text)


def backend_section(context: Context, module: Module, readme: SourceFile, level: int) -> str:
    """The "Backend configuration" section for a module's README, at a heading level.

    It names `backend.hcl.example` when the file exists or FX007 will create it (the
    backend still hard-codes settings), so that it reads the same before and after FX007.
    """
    project = context.project
    here = readme.directory or "."
    example_path = posixpath.join(module.path, EXAMPLE_FILE)
    if context.exists(example_path) or hardcoded_settings(context, module):
        copy = (
            f"copy `{posixpath.relpath(example_path, here)}` to `backend.hcl`, set the values "
            "of the target account,"
        )
    else:
        locking = (
            "`use_lockfile = true`"
            if guarantees(module, LOCKFILE_VERSION)
            else "`dynamodb_table`, or `use_lockfile = true` from Terraform 1.10"
        )
        copy = (
            "write a `backend.hcl` with the settings of the target account (`bucket`, "
            f"`region`, and for locking {locking}),"
        )
    found = s3_backend(module)
    backend_file = posixpath.relpath(found[0].rel, here) if found else "versions.tf"
    parts = [
        f"{'#' * level} {SECTION_TITLE}",
        "",
        _wrap(
            f'The state is kept in S3. The `backend "s3"` block in `{backend_file}` is a '
            "partial configuration: the settings that differ per account (bucket, region, "
            "locking) are passed to `terraform init`, so the same code works in every account."
        ),
        "",
        _wrap(
            "- Tests and local experiments: `terraform init -backend=false` is enough for "
            "`terraform validate` and `terraform test`. To plan against a local state, add a "
            '`backend_override.tf` holding `terraform { backend "local" {} }` and do not '
            "commit it.",
            "  ",
        ),
        _wrap(
            f"- Shared environments: {copy} then run `terraform init -backend-config=backend.hcl`. The "
            "bucket must exist before the first `terraform init`: create it once per account, "
            "with versioning enabled, preferably from a small bootstrap configuration rather "
            "than by hand.",
            "  ",
        ),
    ]
    parts += _environments_paragraph(project, module, here)
    return "\n".join(parts) + "\n"


def _wrap(text: str, indent: str = "") -> str:
    """Fill a paragraph to WIDTH columns without breaking inside `code spans`."""
    protected = _CODE_SPAN.sub(lambda match: match.group(0).replace(" ", "\0"), text)
    filled = textwrap.fill(
        protected,
        width=WIDTH,
        subsequent_indent=indent,
        break_long_words=False,
        break_on_hyphens=False,
    )
    return filled.replace("\0", " ")


def _environments_paragraph(project: Project, module: Module, here: str) -> list[str]:
    variable = project.environment_variable(module)
    envs = [env for env in project.environments if env.module is module]
    if variable is None or not envs:
        return []
    tfvars = [posixpath.relpath(env.file.rel, here) for env in envs]
    listed = ", ".join(f"`{path}`" for path in tfvars)
    first = envs[0].environment_value or envs[0].name
    if workspace_use(project, module).places:
        return [
            "",
            _wrap(
                "Each environment has its own workspace, and the tfvars file passed with it "
                f"({listed}) must set `{variable}` to the workspace's name:"
            ),
            "",
            "```sh",
            f"terraform workspace select {first}   # terraform workspace new {first} the first time",
            f"terraform plan -var-file={tfvars[0]}",
            "```",
        ]
    return [
        "",
        _wrap(
            f"Each environment has its own tfvars file ({listed}), which sets `{variable}`. "
            "Give each environment its own state too: one backend file per environment with "
            "its own `key`, used with `terraform init -reconfigure -backend-config=...` when "
            "you switch."
        ),
    ]


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

    def check(self, context: Context) -> Iterator[Finding]:
        project = context.project
        for module in project.root_modules:
            found = s3_backend(module)
            readme = readme_of(project, module) if found is not None else None
            if found is None or readme is None:
                continue
            setup = manual_setup(readme, _bucket(found[1]))
            if setup is not None:
                yield manual_setup_finding(context, module, readme, setup)


def _bucket(backend: Block) -> str | None:
    attr = backend.body.attribute("bucket")
    ok, value = try_literal(attr.expr if attr else None)
    return value if ok and isinstance(value, str) else None


def manual_setup_finding(
    context: Context, module: Module, readme: SourceFile, setup: ManualSetup
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
    if section is None or setup.blocker is not None:
        return context.finding(readme, span, f"{message} (no fix: {setup.blocker})")
    content = backend_section(context, module, readme, section.level)
    if setup.end < len(readme.text):
        content += "\n"
    fix = Fix.safe(
        f'Replace section "{section.title}" with a "{SECTION_TITLE}" section',
        TextEdit.replacement(readme.rel, section.start, setup.end, content),
    )
    return context.finding(readme, span, message, fix)
