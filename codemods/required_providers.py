"""FX021 required-providers: providers without a `source` and `version` in `required_providers`."""

from __future__ import annotations

import posixpath
from collections.abc import Iterator
from dataclasses import dataclass, field

from fixer.codemod import Codemod, Context
from fixer.edits import Editor, create_file
from fixer.findings import Change, Finding, Fix, Severity, TextEdit
from fixer.inline_edits import inline_edits
from fixer.model.files import SourceFile
from fixer.model.fragments import find_fragments, whole_modules
from fixer.model.lock_file import (
    full_address,
    lock_file_path,
    locked_versions,
    pessimistic_constraint,
)
from fixer.model.module import Module
from fixer.model.project import Project
from fixer.model.versions import guarantees
from fixer.syntax.cst import Attribute, Block, Object, ObjectItem, Template
from fixer.syntax.format import format_fragment
from fixer.syntax.values import references, try_literal

BUILTIN = "terraform"  # terraform_remote_state, terraform_data: built into Terraform
# The object form of a requirement, with `source`, needs Terraform 0.13.
OBJECT_FORM_SINCE = (0, 13, 0)
VERSIONS_FILE = "versions.tf"


@dataclass
class ProviderUse:
    """Where a module first uses a provider by its local name, and its `provider` blocks."""

    name: str
    file: SourceFile
    start: int
    end: int
    blocks: list[Block] = field(default_factory=list)
    block_files: list[SourceFile] = field(default_factory=list)


class RequiredProviders(Codemod):
    """Reports providers without a `source` and a `version` in `required_providers`, and adds them.

    ## What it does
    For every provider a module uses (by a `provider` block, by the type of a
    resource, data source or ephemeral resource, or by a `provider` argument), finds:
    no entry in `terraform { required_providers { } }`; an entry in the legacy string
    form (`aws = "~> 5.0"`); an entry without `source`; an entry without `version`;
    and a `version` argument in a `provider` block. The fixes write what the
    configuration already means or what the project records:

    - `source`: `hashicorp/<name>`, the address Terraform already assumes for an
      entry without one; no fix when another module or a lock file of the project
      uses that name for a provider of another namespace (then the assumption is
      probably the bug).
    - `version`: a `version` argument of the module's `provider` blocks, moved; else,
      for a root module, the release its `.terraform.lock.hcl` locks, as `~> 5.100`
      for `5.100.0` (that release or a newer one of the same major version; `~> 0.9.1`
      for a 0.x release). Nothing is written when neither is known: the finding stays,
      since a reusable module's lowest working version is for its authors to state.
    - The legacy string becomes `{ source = "hashicorp/<name>", version = "..." }`.

    A new entry goes into the module's `required_providers` block, else into a new one
    in its `terraform` block, else into a new `terraform` block in `versions.tf`.
    Terraform's built-in provider (`terraform_data`, `terraform_remote_state`) needs no
    entry. A module directory holding `.tf.json` files or files that do not parse is
    skipped, and so is a fragment (a directory that reads variables or locals it does
    not declare: Terragrunt and test harnesses add files to it, providers' too).

    ## Why is this bad?
    Providers are released on their own schedule, majors break things, and without a
    constraint `terraform init -upgrade` (or a first `init` without a lock file) takes
    the newest. Without `source`, Terraform assumes `hashicorp/<name>`, which is wrong
    for every other namespace (`integrations/github`, `cloudflare/cloudflare`); a
    `version` in a `provider` block has been deprecated since Terraform 0.13.

    ## Example
    ```hcl
    provider "aws" {
      region = "eu-west-1"
    }
    ```

    Use instead (with `5.100.0` in `.terraform.lock.hcl`):
    ```hcl
    terraform {
      required_providers {
        aws = {
          source  = "hashicorp/aws"
          version = "~> 5.100"
        }
      }
    }
    ```

    ## Fix safety
    Safe: the source written is the one Terraform already uses, a moved `version` is
    the same constraint in another place, and a version from the lock file allows the
    release `terraform init` keeps, so the next plan installs and plans the same.
    Unsafe when the lock file is ignored by git (another machine may lock an older
    release, which the new constraint refuses), and when the module's
    `required_version` allows Terraform before 0.13, which does not read the object
    form or `source`.

    ## Compared with tflint
    tflint's `terraform_required_providers` fixes only the legacy string form and a
    missing `source`; it reports a missing entry, a missing `version` and a `version`
    in a `provider` block without a fix. We add the entry, move the provider block's
    version, and take a version from the lock file where one is known. tflint writes
    `source = "hashicorp/<name>"` even where the project uses that name for another
    namespace; we then leave the source to the author. Our edits change only the
    entry, already formatted; tflint formats the whole file after its fix.
    """

    code = "FX021"
    name = "required-providers"
    summary = "Provider without a `source` and `version` in `required_providers`"
    severity = Severity.WARNING
    fix_availability = "sometimes"
    fix_safety = "safe or unsafe"
    reads = frozenset({"calls", "homes", "tests", "facts"})  # fixer.split

    def check(self, context: Context) -> Iterator[Finding]:
        project = context.project
        known = _sources_in_project(project)
        for module in whole_modules(project, context.paths, find_fragments(project)):
            yield from _module_findings(context, project, module, known)


def provider_uses(module: Module) -> dict[str, ProviderUse]:
    """Local provider name -> where the module first uses it, in file order."""
    uses: dict[str, ProviderUse] = {}

    def use(name: str, source: SourceFile, start: int, end: int) -> ProviderUse:
        if name not in uses:
            uses[name] = ProviderUse(name, source, start, end)
        return uses[name]

    for source in module.files:
        assert source.tree is not None
        for block in source.tree.body.blocks:
            header = (block.start, block.open_brace.end)
            labels = block.label_values
            if block.type == "provider" and len(labels) == 1:
                found = use(labels[0], source, *header)
                found.blocks.append(block)
                found.block_files.append(source)
            elif block.type in ("resource", "data", "ephemeral") and len(labels) == 2:
                use(_resource_provider(block), source, *header)
            elif block.type == "check":
                for nested in block.body.blocks_of_type("data"):
                    if len(nested.labels) == 2:
                        use(_resource_provider(nested), source, nested.start, nested.end)
            elif block.type == "module":
                providers = block.body.attribute("providers")
                if providers is not None and isinstance(providers.expr, Object):
                    for item in providers.expr.items:
                        name = _root(item.value)
                        if name is not None:
                            use(name, source, item.start, item.end)
            elif block.type == "import":
                name = _root_of_attribute(block, "provider")
                if name is not None:
                    use(name, source, *header)
    uses.pop(BUILTIN, None)
    return uses


def _resource_provider(block: Block) -> str:
    """The local provider name a resource uses: its `provider` argument's, else the
    prefix of its type before the first `_` (Terraform's implied provider)."""
    return _root_of_attribute(block, "provider") or block.labels[0].value.split("_", 1)[0]


def _root_of_attribute(block: Block, name: str) -> str | None:
    attribute = block.body.attribute(name)
    return _root(attribute.expr) if attribute is not None else None


def _root(expr: object) -> str | None:
    refs = references(expr)  # type: ignore[arg-type]
    return refs[0].root if len(refs) == 1 else None


def _sources_in_project(project: Project) -> dict[str, set[str]]:
    """Local name -> the full source addresses the project's modules and lock files give
    providers of that type name, for telling whether `hashicorp/<name>` is in doubt."""
    found: dict[str, set[str]] = {}
    for module in project.modules.values():
        for name, attribute in module.required_providers.items():
            source = _object_source(attribute)
            if source is not None:
                found.setdefault(name, set()).add(full_address(source))
        for address in locked_versions(project.files, module.path) or {}:
            found.setdefault(address.rsplit("/", 1)[-1], set()).add(address)
    return found


def _object_source(attribute: Attribute) -> str | None:
    if not isinstance(attribute.expr, Object):
        return None
    for item in attribute.expr.items:
        if item.key_name == "source":
            ok, value = try_literal(item.value)
            return value if ok and isinstance(value, str) else None
    return None


def _object_item(attribute: Attribute, key: str) -> ObjectItem | None:
    assert isinstance(attribute.expr, Object)
    return next((item for item in attribute.expr.items if item.key_name == key), None)


@dataclass
class _Plan:
    """What one module's fixes may write, shared by its findings."""

    context: Context
    project: Project
    module: Module
    known: dict[str, set[str]]

    def implied_source(self, name: str) -> tuple[str | None, str]:
        """(`hashicorp/<name>`, "") when nothing in the project doubts it, else (None, why)."""
        implied = full_address(f"hashicorp/{name}")
        others = sorted(s for s in self.known.get(name, ()) if s != implied)
        if others:
            shown = ", ".join(_short(s) for s in others)
            return None, f"the project also uses {name} for {shown}"
        return f"hashicorp/{name}", ""

    def locked(self, source: str) -> tuple[str | None, bool]:
        """(constraint from the lock file, whether git ignores the lock file) for a root
        module; (None, False) otherwise."""
        if self.module not in self.project.root_modules:
            return None, False
        versions = locked_versions(self.project.files, self.module.path)
        version = (versions or {}).get(full_address(source))
        if version is None:
            return None, False
        rel = lock_file_path(self.module.path)
        return pessimistic_constraint(version), rel in self.context.ignored

    def old_terraform(self) -> bool:
        """Whether the module's required_version allows a Terraform before 0.13."""
        versions = self.module.required_versions
        return bool(versions) and not guarantees(versions, OBJECT_FORM_SINCE)


def _module_findings(
    context: Context, project: Project, module: Module, known: dict[str, set[str]]
) -> Iterator[Finding]:
    plan = _Plan(context, project, module, known)
    required = module.required_providers
    for name, use in provider_uses(module).items():
        entry = required.get(name)
        if entry is None:
            yield _missing_entry(plan, use)
            continue
        if isinstance(entry.expr, Template):
            yield _legacy_entry(plan, name, entry)
            continue
        if not isinstance(entry.expr, Object):
            continue
        source = _object_source(entry)
        if source is not None and full_address(source).startswith("terraform.io/builtin/"):
            continue
        if _object_item(entry, "source") is None:
            yield _missing_source(plan, name, entry)
        for block, file in zip(use.blocks, use.block_files, strict=True):
            version = block.body.attribute("version")
            if version is not None:
                yield _provider_block_version(plan, name, entry, block, file, version)
        if _object_item(entry, "version") is None and not _block_versions(use):
            yield _missing_version(plan, name, entry, source or f"hashicorp/{name}")


def _file_of(module: Module, attribute: Attribute) -> SourceFile:
    for terraform in module.terraform_blocks:
        for block in terraform.block.body.blocks_of_type("required_providers"):
            if attribute in block.body.items:
                return terraform.file
    raise AssertionError("a required provider outside the module's terraform blocks")


def _block_versions(use: ProviderUse) -> list[tuple[Block, SourceFile, Attribute, str]]:
    """The literal `version` arguments of the provider's blocks."""
    found = []
    for block, file in zip(use.blocks, use.block_files, strict=True):
        attribute = block.body.attribute("version")
        ok, value = try_literal(attribute.expr if attribute else None)
        if attribute is not None and ok and isinstance(value, str):
            found.append((block, file, attribute, value))
    return found


def _missing_entry(plan: _Plan, use: ProviderUse) -> Finding:
    name = use.name
    message = f'Provider "{name}" has no entry in required_providers'
    source, doubt = plan.implied_source(name)
    if source is None:
        return plan.context.finding(
            use.file, (use.start, use.end), f"{message} ({doubt}: no automatic fix)"
        )
    moved = _block_versions(use)
    changes: list[Change] = []
    unsafe = plan.old_terraform()
    if moved:
        version: str | None = ", ".join(dict.fromkeys(value for _, _, _, value in moved))
        for _, file, attribute, _ in moved:
            changes.extend(Editor(file).remove_attribute(attribute))
        note = "its version moved from the provider block"
    else:
        version, ignored = plan.locked(source)
        unsafe = unsafe or ignored
        note = "version from .terraform.lock.hcl" if version else "no version known"
    lines = [f'source = "{source}"'] + ([f'version = "{version}"'] if version else [])
    entry = f"{name} = {{\n" + "\n".join(lines) + "\n}"
    changes.extend(_add_entry(plan.module, entry))
    title = f"Add {name} to required_providers ({note})"
    fix = Fix.unsafe(title, *changes) if unsafe else Fix.safe(title, *changes)
    return plan.context.finding(use.file, (use.start, use.end), message, fix)


def _add_entry(module: Module, entry: str) -> list[Change]:
    """Changes adding `name = {...}` to the module's required providers."""
    for terraform in module.terraform_blocks:
        for block in terraform.block.body.blocks_of_type("required_providers"):
            return list(Editor(terraform.file).insert_after(block, entry))
    nested = f"required_providers {{\n{entry}\n}}"
    if module.terraform_blocks:
        terraform = module.terraform_blocks[0]
        return list(Editor(terraform.file).insert_after(terraform.block, nested))
    # No terraform block anywhere: versions.tf, where the standard module structure
    # keeps it (file_for would pick main.tf).
    rel = posixpath.join(module.path, VERSIONS_FILE) if module.path else VERSIONS_FILE
    block = f"terraform {{\n{nested}\n}}"
    existing = next((f for f in module.files + module.errors if f.rel == rel), None)
    if existing is None:
        return [create_file(rel, format_fragment(block + "\n", 0))]
    return list(Editor(existing).append_block(None, block))


def _legacy_entry(plan: _Plan, name: str, entry: Attribute) -> Finding:
    file = _file_of(plan.module, entry)
    constraint = file.text[entry.expr.start : entry.expr.end]
    message = f'Provider "{name}" is required in the legacy string form {constraint}'
    source, doubt = plan.implied_source(name)
    if source is None:
        return plan.context.finding(file, entry, f"{message} ({doubt}: no automatic fix)")
    value = f'{{\nsource = "{source}"\nversion = {constraint}\n}}'
    edits = Editor(file).replace_value(entry, value)
    title = f"Write {name} as {{ source, version }}"
    fix = Fix.unsafe(title, *edits) if plan.old_terraform() else Fix.safe(title, *edits)
    return plan.context.finding(file, entry, message, fix)


def _missing_source(plan: _Plan, name: str, entry: Attribute) -> Finding:
    file = _file_of(plan.module, entry)
    message = f'Provider "{name}" has no source in required_providers'
    source, doubt = plan.implied_source(name)
    if source is None:
        return plan.context.finding(file, entry, f"{message} ({doubt}: no automatic fix)")
    edits = _insert_object_item(file, entry, f'source = "{source}"', first=True)
    title = f'Add source = "{source}"'
    fix = Fix.unsafe(title, *edits) if plan.old_terraform() else Fix.safe(title, *edits)
    return plan.context.finding(file, entry, message, fix)


def _missing_version(plan: _Plan, name: str, entry: Attribute, source: str) -> Finding:
    file = _file_of(plan.module, entry)
    message = f'Provider "{name}" has no version constraint in required_providers'
    version, ignored = plan.locked(source)
    if version is None:
        why = (
            "no lock file of this root module locks it"
            if plan.module in plan.project.root_modules
            else "a reusable module should state the oldest version it works with"
        )
        return plan.context.finding(file, entry, f"{message} ({why}: no automatic fix)")
    edits = _insert_object_item(file, entry, f'version = "{version}"', first=False)
    title = f'Add version = "{version}" (from .terraform.lock.hcl)'
    fix = Fix.unsafe(title, *edits) if ignored else Fix.safe(title, *edits)
    if ignored:
        message += " (.terraform.lock.hcl is ignored by git: other machines may lock another)"
    return plan.context.finding(file, entry, message, fix)


def _provider_block_version(
    plan: _Plan, name: str, entry: Attribute, block: Block, file: SourceFile, version: Attribute
) -> Finding:
    message = f'provider "{name}" sets version, deprecated since Terraform 0.13: move it to required_providers'
    ok, value = try_literal(version.expr)
    if not ok or not isinstance(value, str):
        return plan.context.finding(file, version, message + " (no automatic fix)")
    entry_file = _file_of(plan.module, entry)
    current = _object_item(entry, "version")
    changes: list[TextEdit] = list(Editor(file).remove_attribute(version))
    if current is None:
        changes += _insert_object_item(entry_file, entry, f'version = "{value}"', first=False)
    else:
        ok, existing = try_literal(current.value)
        if not ok or not isinstance(existing, str):
            return plan.context.finding(file, version, message + " (no automatic fix)")
        if _constraint_parts(value) - _constraint_parts(existing):
            merged = f'"{existing}, {value}"'
            changes += inline_edits(entry_file, [(current.value.start, current.value.end, merged)])
    if _overlapping(changes):
        return plan.context.finding(file, version, message + " (no automatic fix)")
    fix = Fix.safe(f"Move version {value} to required_providers", *changes)
    return plan.context.finding(file, version, message, fix)


def _constraint_parts(constraint: str) -> set[str]:
    return {" ".join(part.split()) for part in constraint.split(",") if part.strip()}


def _overlapping(edits: list[TextEdit]) -> bool:
    return any(a.overlaps(b) for i, a in enumerate(edits) for b in edits[i + 1 :])


def _insert_object_item(
    file: SourceFile, entry: Attribute, item: str, first: bool
) -> list[TextEdit]:
    """Edits adding `key = value` to the entry's object, first or last."""
    obj = entry.expr
    assert isinstance(obj, Object)
    text = file.text
    open_end = obj.start + 1
    close_start = obj.end - 1
    if not obj.items:
        inner = text[open_end:close_start]
        if "\n" in inner:
            return inline_edits(file, [(open_end, close_start, f"\n{item}\n")])
        return inline_edits(file, [(open_end, close_start, f" {item} ")])
    multi_line = "\n" in text[open_end : obj.items[0].start]
    if multi_line:
        anchor = obj.items[0] if first else obj.items[-1]
        line_start = text.rfind("\n", 0, anchor.start) + 1
        indent = text[line_start : anchor.start]
        if first:
            at = line_start
        else:
            line_end = text.find("\n", anchor.end)
            at = line_end + 1 if 0 <= line_end < close_start else close_start
        return inline_edits(file, [(at, at, f"{indent}{item}\n")])
    if first:
        anchor_start = obj.items[0].start
        return inline_edits(file, [(anchor_start, anchor_start, f"{item}, ")])
    last = obj.items[-1]
    rest = text[last.end : close_start]
    if rest.lstrip().startswith(","):
        at = last.end + rest.index(",") + 1
        return inline_edits(file, [(at, at, f" {item}")])
    return inline_edits(file, [(last.end, last.end, f", {item}")])


def _short(address: str) -> str:
    return address.removeprefix("registry.terraform.io/")
