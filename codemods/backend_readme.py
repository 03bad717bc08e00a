"""The "Backend configuration" section of a README, and the manual setup it replaces.

FX012 replaces README sections that create the state bucket or lock table by hand with
this section and FX013 adds it where a README says nothing about the backend; both use
these functions, so that they write the same section and share one fix.
"""

from __future__ import annotations

import posixpath
import re
import textwrap
from collections.abc import Iterator
from dataclasses import dataclass

from fixer.codemod import Context
from fixer.findings import Applicability, Fix, TextEdit
from fixer.markdown import FENCE, Heading, Line, headings, markdown_lines, section_end
from fixer.model.backends import (
    EXAMPLE_FILE,
    LOCKFILE_VERSION,
    hardcoded_settings,
    partial_backend,
)
from fixer.model.files import SourceFile
from fixer.model.module import Backend, Module
from fixer.model.project import Project
from fixer.model.versions import guarantees
from fixer.model.workspaces import workspace_use

SECTION_TITLE = "Backend configuration"
WIDTH = 88
MANUAL_COMMAND = re.compile(r"\baws\s+(?:s3api\s+create-bucket|s3\s+mb|dynamodb\s+create-table)\b")
STATE_WORDS = re.compile(r"\b(?:state|tfstate|lock|locks|locking|backend|LockID)\b", re.IGNORECASE)
# Lines a replaced section's code blocks may hold: the manual backend steps and nothing else.
BACKEND_STEP = re.compile(
    r"^\s*(?:\$\s*)?(?:#.*|aws\s+(?:s3api|s3|dynamodb|sts)\b.*|export\s+AWS_\w+=.*|terraform\s+init\b.*)?$"
)
IN_ROOT = " in the root module's directory"
_CODE_SPAN = re.compile(r"`[^`]*`")


@dataclass(frozen=True)
class BackendReadme:
    """A README and the root modules with an S3 backend it documents (several when the
    environments are roots of their own under one README: `environments/<env>`)."""

    readme: SourceFile
    modules: list[Module]

    @property
    def module(self) -> Module:
        return self.modules[0]

    @property
    def backend(self) -> Backend:
        found = self.module.backend_block("s3")
        assert found is not None
        return found

    @property
    def bucket(self) -> str | None:
        buckets = (m.backend_block("s3") for m in self.modules)
        return next((b.setting("bucket") for b in buckets if b and b.setting("bucket")), None)


def s3_backend_readmes(project: Project) -> Iterator[BackendReadme]:
    """Each README documenting root modules with an S3 backend (the nearest README at or
    above each: `Project.readme_for`), with those modules, in path order."""
    grouped: dict[str, BackendReadme] = {}
    for module in project.root_modules:
        if module.backend_block("s3") is None:
            continue
        readme = project.readme_for(module)
        if readme is None:
            continue
        grouped.setdefault(readme.rel, BackendReadme(readme, [])).modules.append(module)
    yield from grouped.values()


# ---------------------------------------------------------------- manual setup


@dataclass(frozen=True, slots=True)
class ManualSetup:
    """Manual backend creation in a README: the commands, and the section holding them."""

    commands: list[tuple[int, str]]  # (offset of the line, the command's words)
    section: Heading | None
    end: int
    blocker: str | None  # why the section cannot be replaced, if it cannot


def manual_setup(readme: SourceFile, backend_bucket: str | None) -> ManualSetup | None:
    """The README's manual creation of the state bucket or lock table, if it has one.

    The commands (`aws s3api create-bucket`, `aws s3 mb`, `aws dynamodb create-table`)
    count when the innermost section holding them all speaks of state, locks or the
    backend, or names the backend's bucket.
    """
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
        if (line.fenced or indented) and not FENCE.match(line.text):
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


def replacement_fix(
    context: Context, modules: list[Module], readme: SourceFile, setup: ManualSetup
) -> Fix | None:
    """The fix replacing the manual setup's section with the backend section, at the
    section's level; None when the section cannot be replaced (see `blocker`)."""
    section = setup.section
    if section is None or setup.blocker is not None:
        return None
    content = backend_section(context, modules, readme, section.level)
    if setup.end < len(readme.text):
        content += "\n"
    edits = [TextEdit.replacement(readme.rel, section.start, setup.end, content)]
    edits += init_edits(readme, modules, (section.start, setup.end))
    return readme_fix(
        context,
        modules,
        f'Replace section "{section.title}" with a "{SECTION_TITLE}" section',
        edits,
    )


def readme_fix(context: Context, modules: list[Module], title: str, edits: list[TextEdit]) -> Fix:
    """The README fix: safe when the backend is already partial; when it still hard-codes
    its settings, the section describes what FX007's fix sets up (a partial backend,
    `backend.hcl.example`), so the fix follows that one: unsafe as it is, and applied only
    with it (`Fix.requires`)."""
    hardcoded = [m for m in modules if hardcoded_settings(context.project, m)]
    if hardcoded:
        requirement = frozenset(partial_backend(m) for m in hardcoded)
        return Fix(title, tuple(edits), Applicability.UNSAFE, requires=requirement)
    return Fix.safe(title, *edits)


_INIT = re.compile(r"\bterraform\s+init\b")
_CD = re.compile(r"\bcd\s+(\S+)")


def init_edits(
    readme: SourceFile, modules: list[Module], skipped: tuple[int, int] = (0, 0)
) -> list[TextEdit]:
    """`terraform init` in the README's code blocks gains `-backend-config=backend.hcl`
    (outside `skipped`, the section being replaced), unless the line already passes
    backend settings, disables the backend or runs in another directory than one of the
    documented root modules (`cd environments/prod && terraform init` is one)."""
    here = readme.directory or "."
    roots = {posixpath.relpath(m.path or ".", here) for m in modules}
    edits = []
    lines = markdown_lines(readme.text)
    for line in lines:
        if skipped[0] <= line.start < skipped[1]:
            continue
        indented = line.text.startswith(("    ", "\t"))
        if not (line.fenced or indented) or FENCE.match(line.text):
            continue
        match = _INIT.search(line.text)
        if match is None or re.search(r"-backend|-chdir", line.text):
            continue
        moved = _CD.search(line.text[: match.start()])
        if moved is not None and posixpath.normpath(moved.group(1).strip("\"'")) not in roots:
            continue
        if line.text.lstrip().startswith("#"):
            continue
        at = line.start + match.end()
        edits.append(TextEdit.insertion(readme.rel, at, " -backend-config=backend.hcl"))
    return edits


# ---------------------------------------------------------------- the section


def backend_section(context: Context, modules: list[Module], readme: SourceFile, level: int) -> str:
    """The "Backend configuration" section for the README of root modules, at a level.

    It names `backend.hcl.example` when the file exists or FX007 will create it (the
    backend still hard-codes settings), so that it reads the same before and after FX007.
    Several root modules (one per environment) share one section.
    """
    project = context.project
    here = readme.directory or "."
    module = modules[0]
    examples = [posixpath.join(m.path, EXAMPLE_FILE) for m in modules]
    if all(
        context.exists(path) or hardcoded_settings(project, m)
        for path, m in zip(examples, modules, strict=True)
    ):
        named = ", ".join(f"`{posixpath.relpath(path, here)}`" for path in examples)
        which = named if len(modules) == 1 else f"the root module's own ({named})"
        copy = f"copy {which} to `backend.hcl`, set the values of the target account,"
    else:
        locking = (
            "`use_lockfile = true`"
            if all(guarantees(m.required_versions, LOCKFILE_VERSION) for m in modules)
            else "`dynamodb_table`, or `use_lockfile = true` from Terraform 1.10"
        )
        copy = (
            "write a `backend.hcl` with the settings of the target account (`bucket`, "
            f"`region`, and for locking {locking}),"
        )
    files = []
    for m in modules:
        found = m.backend_block("s3")
        files.append(posixpath.relpath(found.file.rel, here) if found else "versions.tf")
    if len(modules) == 1:
        where = f'The `backend "s3"` block in `{files[0]}` is a partial configuration'
    else:
        listed = ", ".join(f"`{path}`" for path in files)
        where = (
            f'The `backend "s3"` blocks of the root modules ({listed}) are partial configurations'
        )
    parts = [
        f"{'#' * level} {SECTION_TITLE}",
        "",
        _wrap(
            f"The state is kept in S3. {where}: the settings that differ per account "
            "(bucket, region, locking) are passed to `terraform init`, so the same code works "
            "in every account."
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
            f"- Shared environments: {copy} then run `terraform init -backend-config=backend.hcl`"
            f"{IN_ROOT if len(modules) > 1 else ''}. The "
            "bucket must exist before the first `terraform init`: create it once per account, "
            "with versioning enabled, preferably from a small bootstrap configuration rather "
            "than by hand.",
            "  ",
        ),
    ]
    if len(modules) == 1:
        parts += _environments_paragraph(project, module, here)
    else:
        roots = ", ".join(f"`{posixpath.relpath(m.path or '.', here)}`" for m in modules)
        parts += [
            "",
            _wrap(
                f"Each environment is a root module of its own ({roots}), with its own state: "
                "run `terraform init` and `terraform plan` in its directory, with its own "
                "`backend.hcl`."
            ),
        ]
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
