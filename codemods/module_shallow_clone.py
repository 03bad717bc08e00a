"""FX020 module-shallow-clone: Git module sources pinned to a tag or branch, cloned in full."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from fixer.codemod import Codemod, Context
from fixer.findings import Finding, Fix, Severity, TextEdit
from fixer.model.module import Module, ModuleCall
from fixer.model.project import Project
from fixer.model.versions import guarantees
from fixer.syntax.cst import Template, TemplateLiteral

# Terraform 1.1 (go-getter 1.5.9) clones the ref itself; older versions cloned the default
# branch shallowly and then failed to check out any other ref.
SHALLOW_REF_SINCE = (1, 1, 0)
# Hosts whose shorthand sources go-getter fetches with git (github.com/org/repo ...).
_GIT_HOSTS = ("github.com/", "bitbucket.org/")
_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://(?P<host>[^/?#]*)")
_SCP = re.compile(r"^[A-Za-z0-9._-]+@[A-Za-z0-9.-]+:")
_COMMIT = re.compile(r"^(?:[0-9a-fA-F]{7,40}|[0-9a-fA-F]{64})$")


@dataclass(frozen=True)
class GitSource:
    """A module source fetched with git: its query string and where `ref=` starts in it."""

    query: str
    query_start: int  # offset of the query (after "?") in the source string
    ref: str | None
    ref_offset: int | None  # offset of "ref=" in the source string
    depth: str | None


def git_source(source: str) -> GitSource | None:
    """The source's git facts when go-getter would fetch it with git and it names a
    remote host, else None (registry addresses, local paths, archives, buckets)."""
    address = source
    if address.startswith("git::"):
        address = address[len("git::") :]
        url = _URL.match(address)
        remote = _SCP.match(address) or (
            url is not None and url.group("host") and not address.startswith("file:")
        )
        if not remote:
            return None
    elif not (address.startswith(_GIT_HOSTS) or _SCP.match(address)):
        return None
    question = source.find("?")
    if question < 0:
        return GitSource("", len(source), None, None, None)
    query_start = question + 1
    query = source[query_start:]
    ref = depth = None
    ref_offset = None
    offset = query_start
    for part in query.split("&"):
        name, _, value = part.partition("=")
        if name == "ref" and ref is None:
            ref, ref_offset = value, offset
        elif name == "depth" and depth is None:
            depth = value
        offset += len(part) + 1
    return GitSource(query, query_start, ref, ref_offset, depth)


class ModuleShallowClone(Codemod):
    """Reports Git module sources pinned to a tag or branch without `depth=1`, and adds it.

    ## What it does
    Finds `module` blocks whose `source` is fetched with git (`git::https://...`,
    `git::ssh://...`, `git@host:org/repo.git`, `github.com/org/repo`,
    `bitbucket.org/org/repo`) and pinned with `?ref=` to a tag or branch, without a
    `depth` argument. The fix adds `depth=1` before `ref=` in the source string. A
    ref that looks like a commit id (7 to 40 hexadecimal digits) is left alone: a
    shallow clone can only fetch a named branch or tag.

    Off by default, as in tflint (where this rule is disabled unless enabled): a
    speed-up rather than a defect, selected by its code or name (`--select FX020`).

    ## Why is this bad?
    Without `depth`, `terraform init` clones the whole history of the repository for
    every call of the module, in every working directory and every CI run; a shallow
    clone fetches only the pinned commit, which is all Terraform uses.

    ## Example
    ```hcl
    module "vpc" {
      source = "git::https://example.com/network.git//vpc?ref=v1.2.0"
    }
    ```

    Use instead:
    ```hcl
    module "vpc" {
      source = "git::https://example.com/network.git//vpc?depth=1&ref=v1.2.0"
    }
    ```

    ## Fix safety
    Safe when the module's `required_version` (or that of every root module of the
    project that calls it) only allows Terraform 1.1 or newer: the same commit is
    fetched, so the plan does not change; `terraform init` must run again, as for
    any change of a source. Unsafe otherwise: before 1.1, Terraform cloned the default
    branch shallowly and then failed to check out any other tag or branch.

    ## Compared with tflint
    tflint's `terraform_module_shallow_clone` also reports a source whose `depth` is
    another number, and its fix then adds a second `depth`; we respect any `depth`
    already given. tflint skips only 40-digit commit ids, and finds `ref=` by a plain
    text search (which a path holding "ref=" would fool); we also skip abbreviated
    commit ids, read the query parameters, and say when an old Terraform would break.
    """

    code = "FX020"
    name = "module-shallow-clone"
    summary = "Git module source pinned to a tag or branch is cloned with its whole history"
    severity = Severity.INFO
    fix_availability = "sometimes"
    fix_safety = "safe or unsafe"
    explicit_only = True  # off by default, as in tflint: selected by its code or name
    reads = frozenset({"calls", "homes", "tests"})  # fixer.split

    def check(self, context: Context) -> Iterator[Finding]:
        project = context.project
        for module in project.modules.values():
            for call in module.module_calls.values():
                finding = _finding(context, project, module, call)
                if finding is not None:
                    yield finding


def _finding(
    context: Context, project: Project, module: Module, call: ModuleCall
) -> Finding | None:
    attribute = call.block.body.attribute("source")
    if attribute is None or call.source is None or not isinstance(attribute.expr, Template):
        return None
    git = git_source(call.source)
    if git is None or not git.ref or git.depth is not None or _COMMIT.match(git.ref):
        return None
    message = (
        f'module.{call.name} clones the whole history of "{call.source}": add depth=1 '
        "to fetch only the pinned ref"
    )
    template = attribute.expr
    raw = "".join(
        token.text
        for part in template.parts
        if isinstance(part, TemplateLiteral)
        for token in part.tokens
    )
    if raw != call.source or git.ref_offset is None:
        return context.finding(call.file, attribute.expr, message + " (no automatic fix)")
    at = template.start + 1 + git.ref_offset
    edit = TextEdit.insertion(call.file.rel, at, "depth=1&")
    if terraform_at_least(project, module, SHALLOW_REF_SINCE):
        fix = Fix.safe("Add depth=1 to the source", edit)
    else:
        fix = Fix.unsafe("Add depth=1 to the source (needs Terraform 1.1 or newer)", edit)
        message += " (Terraform before 1.1 fails to fetch a shallow tag or branch)"
    return context.finding(call.file, attribute.expr, message, fix)


def terraform_at_least(project: Project, module: Module, version: tuple[int, int, int]) -> bool:
    """Whether every Terraform that can run the module is `version` or newer: its own
    `required_version` says so, or it is called within the project and every root
    module that reaches it says so."""
    if guarantees(module.required_versions, version):
        return True
    roots = project.roots_reaching(module)
    return (
        bool(project.callers(module))
        and bool(roots)
        and all(guarantees(root.required_versions, version) for root in roots)
    )
