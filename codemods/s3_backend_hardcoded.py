"""FX007 s3-backend-hardcoded: an S3 backend with account-specific settings written in the code."""

from __future__ import annotations

import posixpath
from collections.abc import Iterator
from dataclasses import replace

from fixer.codemod import Codemod, Context
from fixer.edits import Editor, append_paragraph, create_file
from fixer.findings import Finding, Fix, Severity, TextEdit
from fixer.model.backends import (
    EXAMPLE_FILE,
    LOCKFILE_VERSION,
    Setting,
    hardcoded_settings,
    partial_backend,
    setting_name,
)
from fixer.model.files import SourceFile
from fixer.model.module import Module
from fixer.model.versions import guarantees
from fixer.syntax.cst import Attribute, Block
from fixer.syntax.errors import HCLSyntaxError
from fixer.syntax.format import format_fragment, format_source
from fixer.syntax.parser import parse
from fixer.syntax.values import try_literal

# Secrets are never copied into the example file.
SECRETS = frozenset({"access_key", "secret_key", "token", "sse_customer_key"})


class S3BackendHardcoded(Codemod):
    """Reports S3 backends whose bucket, lock table or credentials are written in the code.

    ## What it does
    Finds `terraform { backend "s3" { ... } }` blocks that set the bucket, the DynamoDB
    lock table, a profile, a role or keys as literal values, and turns them into a
    partial configuration: the settings that differ per account (`bucket`, `region`,
    `dynamodb_table`, `profile`, `role_arn`, `assume_role`, `kms_key_id`, endpoints,
    credentials, and `key` when it names an environment or an account ID) move to a new
    `backend.hcl.example` next to the module; the settings that describe how the backend
    behaves (`encrypt`, `use_lockfile`, `workspace_key_prefix`, `acl`, `skip_*`, and a
    `key` such as `app/terraform.tfstate`) stay. An `assume_role { role_arn = ... }`
    block moves too (it names an account's role), written `assume_role = { ... }` as a
    configuration file (and Terraform 1.6 or newer) takes it; other blocks stay.
    When `backend.hcl.example` already exists, the settings it lacks are appended to it,
    after a blank line and in its line endings.

    When the module's `required_version` only allows Terraform 1.10 or newer, the example
    file locks with S3 (`use_lockfile = true`) instead of the DynamoDB table, which
    Terraform 1.11 deprecated for locking; the table is kept there as a comment, for the
    time others still lock with it. With an older or no constraint the table stays.

    ## Why is this bad?
    A backend block cannot use variables, so a hard-coded bucket ties the configuration
    to one account: a second account, a test run or a fork needs an edit of the code,
    and a copy of the code plans against the original state. The partial configuration
    (`terraform init -backend-config=backend.hcl`) keeps those values out of the code.

    ## Example
    ```hcl
    terraform {
      backend "s3" {
        bucket         = "acme-terraform-state-123456789012"
        key            = "app/terraform.tfstate"
        region         = "us-east-1"
        dynamodb_table = "acme-terraform-locks"
        encrypt        = true
      }
    }
    ```

    Use instead:
    ```hcl
    terraform {
      # Partial configuration: the account-specific settings are passed at init,
      # terraform init -backend-config=backend.hcl (see backend.hcl.example).
      backend "s3" {
        key     = "app/terraform.tfstate"
        encrypt = true
      }
    }
    ```
    and a `backend.hcl.example` with `bucket`, `region` and the locking settings.

    ## Fix safety
    Unsafe: the next `terraform init` needs `-backend-config=backend.hcl` (copied from
    the example), or Terraform asks for the missing settings, and every working copy and
    pipeline has to change how it initializes. The state itself does not move. When
    `backend.hcl.example` already exists but holds something else than HCL settings
    (`bucket = "..."` lines), the fix is only shown: it cannot be merged. Secrets
    (`access_key`, `secret_key`, `token`) are never copied into the example.

    ## References
    - [Partial backend configuration](https://developer.hashicorp.com/terraform/language/backend#partial-configuration)
    - [S3 backend: state locking](https://developer.hashicorp.com/terraform/language/backend/s3#state-locking)
    """

    code = "FX007"
    name = "s3-backend-hardcoded"
    summary = "S3 backend hard-codes account-specific settings"
    severity = Severity.WARNING
    fix_availability = "sometimes"
    fix_safety = "unsafe"
    reads = frozenset({"calls", "homes", "tests"})  # fixer.split

    def check(self, context: Context) -> Iterator[Finding]:
        for module in context.project.modules.values():
            moved = hardcoded_settings(context.project, module)
            found = module.backend_block("s3")
            if moved and found is not None:
                yield _finding(context, module, found.file, found.block, moved)


def _finding(
    context: Context, module: Module, source: SourceFile, backend: Block, moved: list[Setting]
) -> Finding:
    names = [setting_name(item) for item in moved]
    bucket = next(
        (item for item in moved if isinstance(item, Attribute) and item.name == "bucket"), None
    )
    what = ", ".join(names)
    if bucket is not None:
        ok, value = try_literal(bucket.expr)
        if ok and isinstance(value, str):
            what = f'bucket "{value}"' + "".join(f", {n}" for n in names if n != "bucket")
    example = posixpath.join(module.path, EXAMPLE_FILE)
    lockfile = guarantees(module.required_versions, LOCKFILE_VERSION) and "dynamodb_table" in names
    edits = _backend_edits(source, backend, moved)
    title = f"Move {', '.join(names)} to {EXAMPLE_FILE} (partial backend configuration)"
    suffix = ""
    if not context.exists(example):
        content = _example_content(source, backend, moved, lockfile)
        fix = Fix.unsafe(title, *edits, create_file(example, content.replace("\n", source.newline)))
    elif (present := _example_settings(context.files.get(example))) is not None:
        missing = _missing_settings(source, backend, moved, lockfile, present)
        merge = [append_paragraph(context.files[example], missing)] if missing else []
        fix = Fix.unsafe(title, *edits, *merge)
    else:
        fix = Fix.display_only(
            f"Make the backend partial; {EXAMPLE_FILE} exists: move {', '.join(names)} there",
            *edits,
        )
        suffix = f"; {example} exists but cannot be read as settings: move them there by hand"
    lock_note = (
        "; S3 native locking (use_lockfile) can replace the DynamoDB table" if lockfile else ""
    )
    message = (
        f"S3 backend in {source.rel} hard-codes {what}: use a partial configuration "
        f"(terraform init -backend-config=backend.hcl){lock_note}{suffix}"
    )
    fix = replace(fix, provides=frozenset({partial_backend(module)}))
    return context.finding(source, (backend.start, backend.open_brace.end), message, fix)


def _backend_edits(source: SourceFile, backend: Block, moved: list[Setting]) -> list[TextEdit]:
    """Rewrite the backend block without the moved attributes, with a comment above it."""
    editor = Editor(source)
    level = editor.level(editor.parent_body(backend))
    text = source.text
    inner = text[backend.open_brace.end : backend.close_brace.start]
    if "\n" in inner:
        first_newline = text.index("\n", backend.open_brace.end)
        header = text[backend.start : first_newline].rstrip("\r")  # with a comment after `{`
    else:
        header = text[backend.start : backend.open_brace.end]
    if any(item not in moved for item in backend.body.items):
        block = format_fragment(f"{header}\n{_kept_text(text, backend, moved)}}}\n", level)
    elif header.endswith("{"):
        block = format_fragment(f"{header}}}\n", level)
    else:
        block = format_fragment(f"{header}\n}}\n", level)
    comment = ""
    if not any("backend-config" in token.text for token in backend.lead_comments):
        comment = format_fragment(
            "# Partial configuration: the account-specific settings are passed at init,\n"
            f"# terraform init -backend-config=backend.hcl (see {EXAMPLE_FILE}).\n",
            level,
        )
    start = text.rfind("\n", 0, backend.start) + 1
    replacement = (comment + block).rstrip("\n")
    if text[start : backend.start].strip():
        start = backend.start  # something precedes the block on its line: keep it there
        replacement = replacement.lstrip(" ")
    return _minimal(source.rel, text, start, backend.close_brace.end, replacement)


def _minimal(path: str, text: str, start: int, end: int, content: str) -> list[TextEdit]:
    """One edit for text[start:end] -> content, without the leading lines that stay."""
    old_lines = text[start:end].splitlines(keepends=True)
    new_lines = content.splitlines(keepends=True)
    head = 0
    while head < min(len(old_lines), len(new_lines)) - 1 and old_lines[head].rstrip(
        "\r\n"
    ) == new_lines[head].rstrip("\n"):
        head += 1
    cut = start + sum(len(line) for line in old_lines[:head])
    return [TextEdit.replacement(path, cut, end, "".join(new_lines[head:]))]


def _kept_text(text: str, backend: Block, moved: list[Setting]) -> str:
    """The body of the backend block without the moved items, blank lines tidied."""
    body_start = text.index("\n", backend.open_brace.end) + 1
    body_end = text.rfind("\n", 0, backend.close_brace.start) + 1
    pieces = []
    cursor = body_start
    for item in sorted(moved, key=lambda i: i.full_start):
        pieces.append(text[cursor : item.full_start])
        cursor = item.full_end
    pieces.append(text[cursor:body_end])
    lines = "".join(pieces).replace("\r\n", "\n").split("\n")
    out: list[str] = []
    for line in lines:
        if not line.strip() and (not out or not out[-1].strip()):
            continue
        out.append(line.rstrip())
    while out and not out[-1]:
        out.pop()
    return "\n".join(out) + "\n"


def _example_content(
    source: SourceFile, backend: Block, moved: list[Setting], lockfile: bool
) -> str:
    """The text of backend.hcl.example: the moved settings, locking, how to use it."""
    lines = [
        f"# Settings of the S3 backend in {posixpath.basename(source.rel)} that differ per account or",
        "# environment. Copy this file to backend.hcl, set the values of the target account,",
        "# and run:",
        "#   terraform init -backend-config=backend.hcl",
        "",
    ]
    table: Attribute | None = None
    for attr in moved:
        name = setting_name(attr)
        if name in SECRETS:
            lines.append(f"# {name}: use the standard AWS environment variables or a profile")
            continue
        if lockfile and name == "dynamodb_table" and isinstance(attr, Attribute):
            table = attr
            continue
        if attr.lead_comments and lines[-1]:
            lines.append("")
        lines += _setting_lines(source, attr)
    if table is not None:
        lines += _lockfile_lines(source, backend, table)
    elif "dynamodb_table" in names_of(moved):
        lines += [
            "",
            "# With Terraform >= 1.10 (raise required_version), use_lockfile = true locks",
            "# with S3 itself and replaces the DynamoDB table.",
        ]
    return format_source("\n".join(lines) + "\n")


def _setting_lines(source: SourceFile, item: Setting) -> list[str]:
    """A moved setting as it stands in the backend: lead comments, `name = value`, line
    comment; a block (`assume_role { ... }`) becomes the attribute a configuration file
    takes (`assume_role = { ... }`)."""
    lines = [comment.text.rstrip("\r\n") for comment in item.lead_comments]
    line_comment = f" {item.line_comment.text.rstrip()}" if item.line_comment else ""
    if isinstance(item, Attribute):
        lines.append(source.text[item.start : item.end].replace("\r\n", "\n") + line_comment)
        return lines
    lines.append(f"{item.type} = {{")
    for inner in item.body.items:
        lines += _setting_lines(source, inner)
    lines.append("}" + line_comment)
    return lines


def names_of(moved: list[Setting]) -> list[str]:
    return [setting_name(item) for item in moved]


def _lockfile_lines(source: SourceFile, backend: Block, table: Attribute) -> list[str]:
    """S3 native locking in place of the DynamoDB table, which stays as a comment."""
    lines = [
        "",
        "# S3 native state locking (Terraform >= 1.10) replaces the DynamoDB lock table,",
        "# which is deprecated for locking. While working copies still lock with the",
        "# table, set both for a while:",
        f"# {table.name} = {source.text[table.expr.start : table.expr.end]}",
    ]
    if backend.body.attribute("use_lockfile") is None:
        lines.append("use_lockfile = true")
    return lines


def _example_settings(example: SourceFile | None) -> set[str] | None:
    """The names an existing backend.hcl.example sets, or None when it was not read or is
    not a file of HCL attributes (then it cannot be merged into)."""
    if example is None:
        return None
    try:
        tree = parse(example.text, example.rel)
    except HCLSyntaxError:
        return None
    if tree.body.blocks:
        return None
    return set(tree.body.attributes)


def _missing_settings(
    source: SourceFile, backend: Block, moved: list[Setting], lockfile: bool, present: set[str]
) -> str:
    """The moved settings an existing backend.hcl.example lacks, as canonical lines ("" when
    it has them all). Secrets are never copied; with S3 native locking, a file that sets
    `use_lockfile` or the table already has what replaces the table."""
    lines: list[str] = []
    table: Attribute | None = None
    for attr in moved:
        name = setting_name(attr)
        if name in SECRETS or name in present:
            continue
        if lockfile and name == "dynamodb_table" and isinstance(attr, Attribute):
            table = attr if "use_lockfile" not in present else None
            continue
        lines += _setting_lines(source, attr)
    if table is not None:
        lines += _lockfile_lines(source, backend, table)
    return format_source("\n".join(lines).lstrip("\n") + "\n") if lines else ""
