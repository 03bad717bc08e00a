"""FX022 unused-declarations: variables, locals, data sources and provider aliases never used."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from fixer.codemod import Codemod, Context
from fixer.edits import Editor
from fixer.findings import Finding, Fix, Severity, TextEdit
from fixer.model.files import SourceFile
from fixer.model.fragments import find_fragments, whole_modules
from fixer.model.module import Local, Module, Resource, Variable
from fixer.model.project import Project
from fixer.syntax.cst import Attribute, Block
from fixer.syntax.values import references

# Data sources read for what reading them does, not for their value: a program run, a
# request made, an archive written to a path that something else names.
SIDE_EFFECT_DATA = frozenset({"external", "http", "archive_file"})
# A description saying the variable is kept on purpose (a published module's deprecated
# input): unused by design, not by mistake.
_KEPT_ON_PURPOSE = re.compile(
    r"\b(deprecated|no longer (used|supported|needed)|not used|unused|ignored|has no effect|"
    r"backwards? compatib)",
    re.IGNORECASE,
)


# Words of a comment at the top of a file that describes the file, not its first block.
_HEADER = re.compile(r"\b(module|file|copyright|licen[cs]e|spdx)\b", re.IGNORECASE)


@dataclass
class _Usage:
    """What a module's code, its tests and its callers refer to."""

    subjects: set[str]  # `var.x`, `local.y`, `data.t.n`, `aws.east` used in the module
    tested: set[str]  # subjects used or set (`variables { x = ... }`) by its test files


class UnusedDeclarations(Codemod):
    """Reports variables, locals, data sources and provider aliases that nothing uses, and removes them.

    ## What it does
    In each module, finds `variable` blocks no expression reads (`var.x` inside the
    variable's own `validation` does not count), `locals` entries no expression reads,
    `data` blocks (top-level or in a `check` block) nothing refers to, and aliased
    `provider` blocks no `provider` argument, `providers` map or test uses. The
    module's `.tftest.hcl` files count as users. The fix removes the declaration with
    its comments; a `locals` block left empty goes too. Removing a variable also
    removes the values the project's `.tfvars` files set for it (those that apply to
    the module, `terraform.tfvars` and `*.auto.tfvars` included).

    Not reported, because something other than an expression may use them: a
    variable whose description says it is kept on purpose ("deprecated", "no longer
    used", "has no effect" ...: published modules keep such inputs so that their
    callers do not break); a data source with a `precondition` or `postcondition`
    (it is a check) or of a type read for its side effects (`external`, `http`,
    `archive_file`); anything in a module directory that holds `.tf.json` files or
    files that do not parse (we cannot see what they refer to), or in a fragment: a
    directory that reads variables or locals it does not declare, which some tool
    (Terragrunt, a test harness, a template) combines with files from elsewhere;
    and a declaration that such a fragment reads.

    ## Why is this bad?
    An unused declaration is either a bug (the value was meant to be used and is
    silently ignored: a caller sets `instance_type` and nothing changes) or dead code
    that readers must still understand. An unused data source is also read on every
    plan, and an unused provider configuration is still configured.

    ## Example
    ```hcl
    variable "instance_type" {
      type = string
    }

    locals {
      name = "web"
    }

    resource "aws_instance" "web" {
      ami           = "ami-0c55b159cbfafe1f0"
      instance_type = "t3.micro"
    }
    ```

    Use instead:
    ```hcl
    resource "aws_instance" "web" {
      ami           = "ami-0c55b159cbfafe1f0"
      instance_type = "t3.micro"
    }
    ```

    ## Fix safety
    Safe for a local value: nothing outside the module can read it. Unsafe for the
    others:

    - A variable is the module's interface. A caller outside the project (a
      published module's users), a `-var` flag in a pipeline or a `.tfvars` file the
      project does not hold may still set it, and setting an undeclared variable
      fails (`Unsupported argument` from a module call, an error for `-var`). When a
      module call in the project, a test file, or a script of the project
      (`TF_VAR_x`, `-var x=...`) still sets it, no fix is offered at all: the fix
      would break them (remove the argument there first).
    - Reading a data source can matter beyond its value: a read that fails when
      what it looks up is missing (an SSM parameter, a VPC by tag) stops a plan
      in the wrong account or region, and a provider's data source may call an API
      that does something.
    - A provider configuration may still be needed to destroy resources of its alias
      that the state holds but the code no longer declares.

    A declaration that an override file declares again is reported without a fix.
    A comment that starts the file above the removed block and speaks of the module,
    the file or its licence stays.

    ## Compared with tflint
    tflint's `terraform_unused_declarations` removes an unused variable even when a
    module call still passes it, which breaks `terraform validate` ("Unsupported
    argument"); we offer no fix then. tflint leaves the variable's values in the
    `.tfvars` files, which Terraform then warns about ("Value for undeclared
    variable", tflint-ruleset-terraform#150); we remove them. tflint marks every
    removal as an ordinary fix; we mark removals that can break a caller or a plan as
    unsafe. tflint checks the directory it runs in; we check every module of the
    project, count `.tftest.hcl` files as users, and leave alone the data sources
    that are checks and the fragments described above.
    """

    code = "FX022"
    name = "unused-declarations"
    summary = "Variable, local, data source or provider alias is declared but never used"
    severity = Severity.WARNING
    fix_availability = "sometimes"
    fix_safety = "safe or unsafe"
    reads = frozenset({"calls", "homes", "tests", "facts", "scripts"})  # fixer.split

    def check(self, context: Context) -> Iterator[Finding]:
        project = context.project
        fragments = find_fragments(project)
        for module in whole_modules(project, context.paths, fragments):
            usage = _usage(module)
            usage.subjects |= fragments.reads
            redeclared = _redeclared(module)
            yield from _variables(context, project, module, usage, redeclared)
            yield from _locals(context, module, usage, redeclared)
            yield from _data_sources(context, module, usage)
            yield from _provider_aliases(context, module, usage)


def _usage(module: Module) -> _Usage:
    subjects: set[str] = set()
    for _, item, _, _, ref in module.reference_sites():
        if (
            ref.root == "var"
            and isinstance(item, Block)
            and item.type == "variable"
            and item.label_values == (ref.subject.partition(".")[2],)
        ):
            continue  # a variable's own validation reading it
        subjects.add(ref.subject)
    tested: set[str] = set()
    for source in module.tests:
        assert source.tree is not None
        for node in source.tree.walk():
            if isinstance(node, Block) and node.type == "variables":
                tested.update(f"var.{name}" for name in node.body.attributes)
        tested.update(ref.subject for ref in references(source.tree.body))
    return _Usage(subjects, tested)


def _redeclared(module: Module) -> set[str]:
    """`var.x` / `local.y` declared more than once (override files merge into them)."""
    seen: set[str] = set()
    twice: set[str] = set()
    for source in module.files:
        assert source.tree is not None
        for block in source.tree.body.blocks:
            names: list[str] = []
            if block.type == "variable" and len(block.labels) == 1:
                names = [f"var.{block.labels[0].value}"]
            elif block.type == "locals":
                names = [f"local.{name}" for name in block.body.attributes]
            for name in names:
                (twice if name in seen else seen).add(name)
    return twice


def _variables(
    context: Context, project: Project, module: Module, usage: _Usage, redeclared: set[str]
) -> Iterator[Finding]:
    for name, variable in module.variables.items():
        subject = f"var.{name}"
        if subject in usage.subjects or _kept_on_purpose(variable):
            continue
        message = f'variable "{name}" is declared but not used'
        block = variable.block
        where = (block.start, block.open_brace.end)
        setters = _setters(project, module, name, usage)
        if subject in redeclared:
            setters.append("an override file declares it again")
        if setters:
            reason = "; ".join(setters)
            yield context.finding(variable.file, where, f"{message} ({reason}: no automatic fix)")
            continue
        edits = remove_block(variable.file, block) + _tfvars_edits(project, module, name)
        cleaned = {edit.path for edit in edits} - {variable.file.rel}
        title = f'Remove variable "{name}"'
        if cleaned:
            title += f" and its values in {', '.join(sorted(cleaned))}"
        yield context.finding(variable.file, where, message, Fix.unsafe(title, *edits))


def _kept_on_purpose(variable: Variable) -> bool:
    description = variable.description
    return description is not None and _KEPT_ON_PURPOSE.search(description) is not None


def _setters(project: Project, module: Module, name: str, usage: _Usage) -> list[str]:
    """Who in the project still sets the variable: module calls, tests, scripts."""
    found = [
        f"module.{call.name} in {call.file.rel} passes it"
        for call in project.callers(module)
        if name in call.arguments
    ]
    if f"var.{name}" in usage.tested:
        found.append("a test file sets or reads it")
    pattern = re.compile(rf"\bTF_VAR_{re.escape(name)}\b|-var[= ]+['\"]?{re.escape(name)}=")
    found.extend(
        f"{source.rel} sets it"
        for source in project.other_files
        if source.is_shell_script and pattern.search(source.text)
    )
    return found


def _tfvars_edits(project: Project, module: Module, name: str) -> list[TextEdit]:
    """Edits removing `name = ...` from every tfvars file that applies to the module."""
    files: dict[str, SourceFile] = {}
    for env in project.environments:
        if env.module is module:
            for source in env.files:
                files.setdefault(source.rel, source)
    edits: list[TextEdit] = []
    for rel in sorted(files):
        source = files[rel]
        assert source.tree is not None
        for item in source.tree.body.items:
            if isinstance(item, Attribute) and item.name == name:
                edits.extend(Editor(source).remove_attribute(item))
                break
    return edits


def _locals(
    context: Context, module: Module, usage: _Usage, redeclared: set[str]
) -> Iterator[Finding]:
    for name, local in module.locals.items():
        subject = f"local.{name}"
        if subject in usage.subjects or subject in usage.tested:
            continue
        message = f"local.{name} is declared but not used"
        if subject in redeclared:
            yield context.finding(
                local.file,
                local.attribute,
                f"{message} (an override file declares it again: no automatic fix)",
            )
            continue
        edits = _remove_local(module, local)
        fix = Fix.safe(f"Remove local.{name}", *edits)
        yield context.finding(local.file, local.attribute, message, fix)


def _remove_local(module: Module, local: Local) -> list[TextEdit]:
    """Remove the local's attribute, or its whole `locals` block when it is the only one."""
    editor = Editor(local.file)
    body = editor.parent_body(local.attribute)
    for block in editor.tree.body.blocks:
        if block.body is body and block.type == "locals" and len(body.items) == 1:
            return remove_block(local.file, block)
    return editor.remove_attribute(local.attribute)


def remove_block(source: SourceFile, block: Block) -> list[TextEdit]:
    """Remove a top-level block with its comments, except a header comment: the comment
    starting the file above its first block, when it speaks of the module, the file or
    its licence, stays for what follows."""
    tree = source.tree
    assert tree is not None
    items = tree.body.items
    header = (
        items
        and items[0] is block
        and block.lead_comments
        and block.lead_comments[0].start == 0
        and any(_HEADER.search(comment.text) for comment in block.lead_comments)
    )
    if not header:
        return Editor(source).remove_block(block)
    start = source.text.rfind("\n", 0, block.start) + 1
    return [TextEdit.deletion(source.rel, start, block.full_end)]


def _data_sources(context: Context, module: Module, usage: _Usage) -> Iterator[Finding]:
    for data in _all_data(module):
        if (
            data.address in usage.subjects
            or data.address in usage.tested
            or data.type in SIDE_EFFECT_DATA
            or _checks(data.block)
        ):
            continue
        block = data.block
        message = f'data "{data.type}" "{data.name}" is declared but not used'
        fix = Fix.unsafe(f"Remove {data.address}", *remove_block(data.file, block))
        yield context.finding(data.file, (block.start, block.open_brace.end), message, fix)


def _checks(block: Block) -> bool:
    """Whether a data block holds a precondition or postcondition: read as a check."""
    return any(
        lifecycle.body.blocks_of_type("precondition")
        or lifecycle.body.blocks_of_type("postcondition")
        for lifecycle in block.body.blocks_of_type("lifecycle")
    )


def _all_data(module: Module) -> list[Resource]:
    """The module's data sources, those scoped to `check` blocks included, in file order."""
    found = list(module.data.values())
    for source in module.files:
        assert source.tree is not None
        for check in source.tree.body.blocks_of_type("check"):
            for block in check.body.blocks_of_type("data"):
                if len(block.labels) == 2:
                    labels = block.label_values
                    found.append(Resource(labels[0], labels[1], block, source, "data"))
    return found


def _provider_aliases(context: Context, module: Module, usage: _Usage) -> Iterator[Finding]:
    for key, provider in module.providers.items():
        alias = provider.alias
        if alias is None or key in usage.subjects or key in usage.tested:
            continue
        block = provider.block
        message = f'provider "{provider.name}" with alias "{alias}" is declared but not used'
        fix = Fix.unsafe(f"Remove provider {key}", *remove_block(provider.file, block))
        yield context.finding(provider.file, (block.start, block.open_brace.end), message, fix)
