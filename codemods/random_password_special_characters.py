"""FX006 random-password-special-characters: generated passwords with the default specials."""

from __future__ import annotations

import re
from collections.abc import Iterator

from fixer.codemod import Codemod, Context
from fixer.edits import Editor
from fixer.findings import Finding, Fix, Severity
from fixer.model.module import Module, Resource
from fixer.model.project import Project
from fixer.syntax.cst import Attribute, Block, Body, Expression, Item, ObjectItem
from fixer.syntax.memo import memoized
from fixer.syntax.values import Reference, references

DEFAULT_SPECIAL = "!@#$%&*()-_=+[]{}<>:?"
SAFE_SPECIAL = "!#$%&*()-_=+[]{}<>:?"
MINIMUM = 2
# min_* attribute -> the attributes that switch its character class off when false.
MINIMUMS: dict[str, tuple[str, ...]] = {
    "min_special": ("special",),
    "min_upper": ("upper",),
    "min_lower": ("lower",),
    "min_numeric": ("numeric", "number"),
}
_SETTINGS = frozenset({"length", "special", "upper", "lower", "numeric", "number", *MINIMUMS})
_SECRET_STORE = re.compile(r"secret|ssm_parameter|vault_|parameter_store|^local[.]")
_GENERATORS = frozenset({"random_password", "random_string"})
_PASSWORD_NAME = re.compile(r"passw(or)?d|secret|token", re.IGNORECASE)
# Names that hold something about a secret rather than the secret: `secret_name`, `token_arn`.
_NOT_THE_SECRET = re.compile(
    r"(name|id|ids|arn|arns|prefix|suffix|path|length|version|count|type|ttl)$", re.IGNORECASE
)


class RandomPasswordSpecialCharacters(Codemod):
    """Reports generated passwords that may contain `@`, and sets the special characters.

    ## What it does
    Finds `random_password` resources, and `random_string` resources whose `result` is
    used as a password (it flows, directly or through a local, into an attribute or key
    named like `*password*`, `*secret*` or `*token*`), that draw special characters
    (`special` is true or absent: true is the default) from the default set because
    `override_special` is absent. The fix sets `override_special` to the default set
    without `@`, and `min_special`, `min_upper`, `min_lower` and `min_numeric` of 2 where
    they are absent, when their sum fits `length` (otherwise only `override_special`).

    ## Why is this bad?
    The default special characters are `!@#$%&*()-_=+[]{}<>:?`. RDS, Aurora and
    DocumentDB master passwords refuse `@` (with `/`, `"` and space, which the default
    set lacks), and an `@` in a password breaks `user:password@host` connection strings.
    Only some generated passwords contain one: a 24-character password holds an `@`
    about one time in four, so the first environment works and the next one fails to
    create its database.

    ## Example
    ```hcl
    resource "random_password" "db" {
      length = 24
    }
    ```

    Use instead:
    ```hcl
    resource "random_password" "db" {
      length           = 24
      override_special = "!#$%&*()-_=+[]{}<>:?"
      min_special      = 2
      min_upper        = 2
      min_lower        = 2
      min_numeric      = 2
    }
    ```

    ## Fix safety
    Unsafe: every argument of `random_password` and `random_string` forces a new
    resource, so the plan replaces the password; whatever uses it (a database's master
    password, a secret) is updated to the new value, and clients holding the old one
    fail until they read it again.

    ## References
    - [random_password](https://registry.terraform.io/providers/hashicorp/random/latest/docs/resources/password)
    - [RDS master password constraints](https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/CHAP_Limits.html#RDS_Limits.Constraints)
    """

    code = "FX006"
    name = "random-password-special-characters"
    summary = "Generated password may contain `@`, which many services reject"
    severity = Severity.WARNING
    fix_availability = "always"
    fix_safety = "unsafe"
    reads = frozenset({"calls", "homes", "tests"})  # fixer.split

    def check(self, context: Context) -> Iterator[Finding]:
        project = context.project
        for module in project.modules.values():
            passwords = module.resource_blocks("random_password")
            strings = module.resource_blocks("random_string")
            if not (passwords or strings):
                continue  # nothing to report: where passwords go need not be looked for
            sinks = password_sinks(module)
            candidates = passwords + [res for res in strings if res.address in sinks]
            for resource in candidates:
                if _default_specials(project, module, resource):
                    sink = sinks.get(resource.address)
                    yield _finding(context, project, module, resource, sink)


def password_sinks(module: Module) -> dict[str, str]:
    """`random_string.x` / `random_password.x` -> where its `result` is used as a password
    (`aws_rds_cluster.main master_password`), first seen in file order."""
    named_locals = {local.name: local for local in module.locals.values()}
    via_locals: dict[str, set[str]] = {}  # the generators a local reads, when asked
    sinks: dict[str, tuple[int, str]] = {}
    for source in module.files:
        assert source.tree is not None
        text = source.tree.text
        for item in source.tree.body.items:
            if not _may_name_a_password(text, item):
                continue
            for owner, name, results, locals_read in memoized(item, _password_values):
                subjects = set(results)
                for local in locals_read:
                    if local not in via_locals:
                        found = named_locals.get(local)
                        via_locals[local] = set() if found is None else _results(found.expr)
                    subjects |= via_locals[local]
                rank = _sink_rank(owner, name)
                for subject in sorted(subjects):
                    if subject not in sinks or rank < sinks[subject][0]:
                        sinks[subject] = (rank, _describe_sink(owner, name))
    return {subject: described for subject, (_, described) in sinks.items()}


def _sink_rank(owner: str, name: str) -> int:
    """Where a password is used, best named first: a password argument of the resource
    that takes it (`aws_rds_cluster.main master_password`), then a password kept in a
    secret store (`aws_secretsmanager_secret_version.db password`), then the rest
    (`secret_string`, a token)."""
    if "passw" not in name.lower():
        return 2
    return 1 if _SECRET_STORE.search(owner) else 0


def _may_name_a_password(text: str, item: Item) -> bool:
    """Whether the item's text may name a password: every name `_password_values` tests
    is spelled out in it, unless a quoted key hides letters behind escapes."""
    return (
        _PASSWORD_NAME.search(text, item.start, item.end) is not None
        or text.find("\\", item.start, item.end) >= 0
    )


def _password_values(item: Item) -> tuple[tuple[str, str, frozenset[str], tuple[str, ...]], ...]:
    """(owner, name, generators whose result it reads, locals it reads) of every value in
    the item whose name says it is a password."""
    found = []
    for owner, name, expr in _named_values([item], ""):
        if not _PASSWORD_NAME.search(name) or _NOT_THE_SECRET.search(name):
            continue
        refs = references(expr)
        locals_read = tuple(
            str(ref.parts[1]) for ref in refs if ref.root == "local" and len(ref.parts) > 1
        )
        found.append((owner, name, frozenset(_results(expr, refs)), locals_read))
    return tuple(found)


def _describe_sink(owner: str, name: str) -> str:
    """`aws_rds_cluster.main master_password`, or `local.db_password` alone."""
    if not owner or owner == f"local.{name}":
        return owner or name
    return f"{owner} {name}"


def _owner(block: Block) -> str:
    """How a message names a top-level block: `aws_rds_cluster.main`, `module.db` ..."""
    labels = block.label_values
    if block.type == "resource" and len(labels) == 2:
        return ".".join(labels)
    return ".".join((block.type, *labels))


def _results(expr: Expression, refs: list[Reference] | None = None) -> set[str]:
    """The random_string / random_password resources whose `result` the expression reads
    (`refs` are its references, when known)."""
    return {
        ref.subject
        for ref in (references(expr) if refs is None else refs)
        if ref.root in _GENERATORS and "result" in ref.parts[2:]
    }


def _named_values(items: list[Item], owner: str) -> Iterator[tuple[str, str, Expression]]:
    """(owner, name, value) of every attribute, in nested blocks too, and of every object
    item with a plain key; the owner names the top-level block (`local.x` in `locals`)."""
    stack = [(iter(items), owner)]  # iterative: nested blocks may be deep
    while stack:
        item = next(stack[-1][0], None)
        if item is None:
            stack.pop()
            continue
        owner = stack[-1][1]
        if isinstance(item, Block):
            stack.append((iter(item.body.items), owner or _owner(item)))
            continue
        assert isinstance(item, Attribute)
        where = owner if owner != "locals" else f"local.{item.name}"
        yield where, item.name, item.expr
        for node in item.expr.walk():
            if isinstance(node, ObjectItem) and node.key_name is not None:
                yield where, node.key_name, node.value


def _default_specials(project: Project, module: Module, resource: Resource) -> bool:
    """Whether the resource surely draws from the default special characters."""
    body = resource.block.body
    if body.attribute("override_special") is not None:
        return False
    special = body.attribute("special")
    if special is None:
        return True
    values = project.resolve_per_environment(module, special.expr).values()
    return all(isinstance(v, bool) for v in values) and any(v is True for v in values)


def _finding(
    context: Context, project: Project, module: Module, resource: Resource, sink: str | None
) -> Finding:
    used = f", used as {sink}," if sink else ""
    message = (
        f'{resource.address}{used} can contain "@" (override_special is not set, so special '
        f"characters come from {DEFAULT_SPECIAL}), which RDS and many services reject in "
        "passwords"
    )
    block = resource.block
    return context.finding(
        resource.file,
        (block.start, block.open_brace.end),
        message,
        _fix(project, module, resource),
    )


def _fix(project: Project, module: Module, resource: Resource) -> Fix:
    body = resource.block.body
    lines = [f'override_special = "{SAFE_SPECIAL}"']
    lines += [f"{name} = {MINIMUM}" for name in minimums_to_add(project, module, resource)]
    settings = [item for item in body.items if isinstance(item, Attribute)]
    anchor = next(
        (item for item in reversed(settings) if item.name in _SETTINGS),
        settings[-1] if settings else None,
    )
    edits = Editor(resource.file).insert_after(resource.block, "\n".join(lines), anchor)
    title = f"Set override_special (without @) on {resource.address}"
    return Fix.unsafe(title, *edits)


def minimums_to_add(project: Project, module: Module, resource: Resource) -> list[str]:
    """The absent min_* attributes to set to 2, or none when their sum may not fit."""
    body = resource.block.body
    lengths = _whole_numbers(project, module, body.attribute("length"))
    if lengths is None:
        return []
    total = 0
    missing: list[str] = []
    for name, switches in MINIMUMS.items():
        existing = body.attribute(name)
        if existing is not None:
            values = _whole_numbers(project, module, existing)
            if values is None:
                return []
            total += max(values)
        elif _enabled(project, module, body, switches):
            missing.append(name)
    if total + MINIMUM * len(missing) > min(lengths):
        return []
    return missing


def _enabled(project: Project, module: Module, body: Body, switches: tuple[str, ...]) -> bool:
    """Whether a character class is surely on (its switches absent or true everywhere)."""
    for name in switches:
        attr = body.attribute(name)
        if attr is None:
            continue
        values = project.resolve_per_environment(module, attr.expr).values()
        if not all(v is True for v in values):
            return False
    return True


def _whole_numbers(project: Project, module: Module, attr: Attribute | None) -> list[int] | None:
    """The attribute's value in every environment, when each is a known whole number."""
    if attr is None:
        return None
    values = list(project.resolve_per_environment(module, attr.expr).values())
    numbers: list[int] = []
    for value in values:
        if isinstance(value, bool) or not isinstance(value, int | float) or value != int(value):
            return None
        numbers.append(int(value))
    return numbers or None
