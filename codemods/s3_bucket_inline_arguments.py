"""FX023 s3-bucket-inline-arguments: `aws_s3_bucket` arguments AWS provider v4 split out."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from codemods.s3_bucket_split.arguments import CONVERTERS, Refusal, Split
from codemods.s3_bucket_split.fragment import (
    Attr,
    Blk,
    Expr,
    Fragment,
    read_item,
    rename_roots,
    render,
)
from codemods.s3_bucket_split.wiring import (
    bucket_edits,
    has_resource,
    import_blocks,
    read_rewrites,
)
from fixer.codemod import Codemod, Context
from fixer.findings import Change, Finding, Fix, Severity
from fixer.model.module import Module, Resource
from fixer.model.versions import excludes
from fixer.syntax.cst import Attribute, Block, Item
from fixer.syntax.format import format_fragment
from fixer.syntax.values import references, try_literal

ATTRIBUTES = frozenset({"acl", "policy", "request_payer", "acceleration_status"})
BLOCKS = frozenset(
    {
        "versioning",
        "server_side_encryption_configuration",
        "lifecycle_rule",
        "logging",
        "website",
        "cors_rule",
        "replication_configuration",
        "object_lock_configuration",
    }
)
SINGLE_BLOCKS = BLOCKS - {"lifecycle_rule", "cors_rule"}


def argument_of(item: Item) -> str | None:
    """The deprecated inline argument an item of a bucket sets (`grant` included)."""
    if isinstance(item, Attribute) and item.name in ATTRIBUTES:
        return item.name
    if isinstance(item, Block):
        name = item.labels[0].value if item.type == "dynamic" and item.labels else item.type
        if item.type != "dynamic" and item.labels:
            return None
        if name in BLOCKS or name == "grant":
            return name
    return None


@dataclass
class Bucket:
    """A bucket with inline arguments: what each argument holds, and what becomes of it."""

    module: Module
    resource: Resource
    items: dict[str, list[Item]] = field(default_factory=dict)  # argument -> its items
    splits: list[Split] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.resource.name

    @property
    def meta(self) -> tuple[str, str] | None:
        """("count" | "for_each", expression) of the bucket, if it has one."""
        for meta in ("count", "for_each"):
            attr = self.resource.block.body.attribute(meta)
            if attr is not None:
                return meta, self.source_text(attr.expr)
        return None

    def source_text(self, node) -> str:
        return self.resource.file.text[node.start : node.end]


class S3BucketInlineArguments(Codemod):
    """Finds `aws_s3_bucket` arguments that AWS provider v4 moved to resources of their own.

    ## What it does
    Reports an `aws_s3_bucket` that sets any of `acl`, `versioning`,
    `server_side_encryption_configuration`, `lifecycle_rule`, `logging`, `website`,
    `cors_rule`, `policy`, `replication_configuration`, `object_lock_configuration`,
    `request_payer` or `acceleration_status` inline (or through `dynamic` blocks), in a
    module whose AWS provider constraint allows v4 or later.

    The fix writes, after the bucket, one resource per argument
    (`aws_s3_bucket_acl`, `aws_s3_bucket_versioning`,
    `aws_s3_bucket_server_side_encryption_configuration`,
    `aws_s3_bucket_lifecycle_configuration`, `aws_s3_bucket_logging`,
    `aws_s3_bucket_website_configuration`, `aws_s3_bucket_cors_configuration`,
    `aws_s3_bucket_policy`, `aws_s3_bucket_replication_configuration`,
    `aws_s3_bucket_object_lock_configuration`,
    `aws_s3_bucket_request_payment_configuration`,
    `aws_s3_bucket_accelerate_configuration`), named like the bucket, with the same
    `count`/`for_each` and `provider`, and the settings in the new resources' terms
    (`enabled = true` becomes `status = "Enabled"`, a rule's `prefix` a `filter`,
    `noncurrent_version_expiration.days` `noncurrent_days`, dates RFC 3339, replication
    `rules` a `rule` with `delete_marker_replication`, ...). It removes the arguments
    from the bucket (object lock leaves `object_lock_enabled = true`), rewrites reads
    of the attributes that moved (`website_endpoint`, `website_domain`, `policy`,
    `acl`, `request_payer`, `acceleration_status`) to the new resources, and in a root
    module adds an `import` block per new resource so that the next plan adopts the
    configuration the bucket has instead of creating it.

    `dynamic` blocks are converted too: a dynamic `lifecycle_rule` or `cors_rule`
    becomes a dynamic `rule` or `cors_rule` (its iterator keeps its name, so the
    content reads the same); a dynamic single block (`website`, `versioning`, ...)
    becomes a resource with one instance per element (`for_each`), its content reading
    `each.value`. When every rule is dynamic, the resource exists only when some rule
    does (`count`), since the new resources need at least one rule.

    ## Why is this bad?
    Since AWS provider v4 these arguments are deprecated: v4.0 made them read-only
    (plans failed until code moved), later versions warn on every plan, and the
    provider's next major version removes them. A bucket configured both ways (an
    inline `policy` and an `aws_s3_bucket_policy`) makes each plan undo the other.

    ## Example
    ```hcl
    resource "aws_s3_bucket" "logs" {
      bucket = "acme-logs"
      acl    = "log-delivery-write"

      versioning {
        enabled = true
      }
    }
    ```

    Use instead:
    ```hcl
    resource "aws_s3_bucket" "logs" {
      bucket = "acme-logs"
    }

    resource "aws_s3_bucket_acl" "logs" {
      bucket = aws_s3_bucket.logs.id
      acl    = "log-delivery-write"
    }

    resource "aws_s3_bucket_versioning" "logs" {
      bucket = aws_s3_bucket.logs.id

      versioning_configuration {
        status = "Enabled"
      }
    }

    import {
      to = aws_s3_bucket_acl.logs
      id = "${aws_s3_bucket.logs.id},log-delivery-write"
    }

    import {
      to = aws_s3_bucket_versioning.logs
      id = aws_s3_bucket.logs.id
    }
    ```

    ## Fix safety
    Unsafe. The bucket is kept (no replacement), and the import blocks make the plan
    adopt each configuration; but the plan then updates whatever differs from the
    bucket's real configuration, and some conversions are approximations: a lifecycle
    rule without `id` gets `rule-<n>` (AWS had generated one), `versioning { enabled =
    false }` becomes "Suspended" (an unversioned bucket becomes suspended), and a
    non-literal `redirect_all_requests_to` is split by expression. The import blocks
    need Terraform 1.5 (1.7 with `count`/`for_each`) and are written in root modules
    only (a module's callers must import in their root); in a state without the
    bucket (a new environment) the plan fails on them, so remove them once every
    state has been applied. `grant` blocks (and an `acl` beside them) are left for a
    hand-written `access_control_policy`; an argument whose resource already exists
    for the bucket, or whose new name is taken, is left as it is, as are a dynamic
    `object_lock_configuration` or `replication_configuration` and dynamic single
    blocks in a bucket with `count`/`for_each`. Reads of deprecated blocks
    (`aws_s3_bucket.b.versioning[0].enabled`) still work in v5 and are not rewritten.

    ## References
    - [AWS provider v4 upgrade guide: S3 bucket refactor](https://registry.terraform.io/providers/hashicorp/aws/latest/docs/guides/version-4-upgrade#s3-bucket-refactor)
    - [Import blocks](https://developer.hashicorp.com/terraform/language/import)
    """

    code = "FX023"
    name = "s3-bucket-inline-arguments"
    summary = "aws_s3_bucket arguments that AWS provider v4 moved to resources of their own"
    severity = Severity.WARNING
    fix_availability = "sometimes"
    fix_safety = "unsafe"
    reads = frozenset({"calls", "homes", "tests"})  # fixer.split

    def check(self, context: Context) -> Iterator[Finding]:
        project = context.project
        for module in project.modules.values():
            buckets = module.resource_blocks("aws_s3_bucket")
            if not buckets or not _allows_v4(project, module):
                continue
            for resource in buckets:
                bucket = _bucket(module, resource)
                if bucket is None:
                    continue
                yield self._finding(context, bucket)

    def _finding(self, context: Context, bucket: Bucket) -> Finding:
        arguments = ", ".join(bucket.items)
        message = (
            f"aws_s3_bucket.{bucket.name} sets {arguments} inline, deprecated since AWS "
            "provider v4: each is a resource of its own"
        )
        changes = self._changes(context, bucket)
        if bucket.notes:
            message += "; " + "; ".join(bucket.notes)
        first = next(iter(bucket.items.values()))[0]
        fix = None
        if changes:
            converted = ", ".join(split.argument for split in bucket.splits)
            fix = Fix.unsafe(f"Split {converted} out of aws_s3_bucket.{bucket.name}", *changes)
        return context.finding(bucket.resource.file, first, message, fix)

    def _changes(self, context: Context, bucket: Bucket) -> list[Change]:
        _convert(bucket)
        if not bucket.splits:
            return []
        resources = [_resource_text(bucket, s) for s in bucket.splits if has_resource(s)]
        blocks = "\n".join(resources)
        imports = import_blocks(context.project, bucket)
        if imports:
            blocks += "\n" + imports
        text = format_fragment(blocks.strip("\n") + "\n", 0) if blocks.strip() else ""
        changes: list[Change] = list(bucket_edits(bucket, text))
        changes.extend(read_rewrites(bucket))
        return changes


def _allows_v4(project, module: Module) -> bool:
    """Whether the AWS provider constraint of the module (or, without one, of the roots
    that call it) allows v4 or later."""
    constraints = _aws_constraints(module)
    if not constraints:
        for root in project.roots_reaching(module):
            constraints.extend(_aws_constraints(root))
    return not (constraints and excludes(constraints, (4, 0, 0)))


def _aws_constraints(module: Module) -> list[str]:
    attr = module.required_providers.get("aws")
    if attr is None:
        return []
    ok, value = try_literal(attr.expr)
    if ok and isinstance(value, dict) and isinstance(value.get("version"), str):
        return [value["version"]]
    if ok and isinstance(value, str):
        return [value]
    return []


def _bucket(module: Module, resource: Resource) -> Bucket | None:
    bucket = Bucket(module, resource)
    for item in resource.block.body.items:
        argument = argument_of(item)
        if argument is not None:
            bucket.items.setdefault(argument, []).append(item)
    return bucket if bucket.items else None


def _convert(bucket: Bucket) -> None:
    """Fill bucket.splits, and bucket.notes with what stays and why."""
    text = bucket.resource.file.text
    if "grant" in bucket.items:
        bucket.notes.append(
            "grant is left as it is (an aws_s3_bucket_acl access_control_policy needs the "
            "owner's canonical ID)" + ("; so is acl beside it" if "acl" in bucket.items else "")
        )
    for argument, converter in CONVERTERS.items():
        items = bucket.items.get(argument)
        if not items or (argument == "acl" and "grant" in bucket.items):
            continue
        reason = _blocked(bucket, argument, items)
        if reason:
            bucket.notes.append(f"{argument} stays: {reason}")
            continue
        fragments = [read_item(text, item) for item in items]
        if any(fragment is None for fragment in fragments):
            bucket.notes.append(f"{argument} stays: it does not read as that argument")
            continue
        if argument in SINGLE_BLOCKS:
            fragments = [_each(fragment) for fragment in fragments]
        try:
            split = converter([f for f in fragments if f is not None])
        except Refusal as refusal:
            bucket.notes.append(f"{argument} stays: {refusal}")
            continue
        if split.exists_when is not None and bucket.meta is not None:
            bucket.notes.append(
                f"{argument} stays: every rule is dynamic in a bucket with {bucket.meta[0]}"
            )
            continue
        bucket.splits.append(split)


def _each(fragment: Fragment | None) -> Fragment | None:
    """A dynamic single block's content reads `each` (one resource per element)."""
    if isinstance(fragment, Blk) and fragment.dynamic is not None:
        return rename_roots(fragment, {fragment.dynamic.iterator: "each"})
    return fragment


def _blocked(bucket: Bucket, argument: str, items: list[Item]) -> str:
    """Why an argument cannot be split, or ""."""
    resource_type = _TYPES[argument]
    module = bucket.module
    address = f"{resource_type}.{bucket.name}"
    if address in module.resources:
        existing = module.resources[address]
        if _reads_bucket(existing, bucket.name):
            return f"{address} already configures this bucket; remove one of the two"
        return f"the name {address} is taken"
    for other in module.resource_blocks(resource_type):
        if _reads_bucket(other, bucket.name):
            return f"{other.address} already configures this bucket; remove one of the two"
    dynamic = any(isinstance(i, Block) and i.type == "dynamic" for i in items)
    if dynamic and argument in SINGLE_BLOCKS and bucket.meta is not None:
        return f"a dynamic {argument} in a bucket with {bucket.meta[0]}: split it by hand"
    return ""


def _reads_bucket(resource: Resource, name: str) -> bool:
    attr = resource.block.body.attribute("bucket")
    if attr is None:
        return False
    return any(ref.subject == f"aws_s3_bucket.{name}" for ref in references(attr.expr))


def _resource_text(bucket: Bucket, split: Split) -> str:
    """The new resource: meta-arguments and `bucket` first, then the converted settings
    (one aligned run with them when they start with attributes), then `depends_on`."""
    name = bucket.name
    head: list[Fragment] = []
    meta = bucket.meta
    reference = f"aws_s3_bucket.{name}.id"
    for item in bucket.resource.block.body.items:  # the bucket's meta-arguments, in order
        if isinstance(item, Attribute) and item.name in ("count", "for_each", "provider"):
            head.append(Attr(item.name, Expr(bucket.source_text(item.expr))))
    if meta is not None:
        key = "count.index" if meta[0] == "count" else "each.key"
        reference = f"aws_s3_bucket.{name}[{key}].id"
    if meta is None and split.per_element is not None:
        head.append(Attr("for_each", Expr(per_element_map(split))))
    elif split.exists_when is not None:
        head.append(Attr("count", Expr(f"{split.exists_when} ? 1 : 0")))
    head.append(Attr("bucket", Expr(reference)))
    body = render([*head, *split.items])
    needs = [s for s in bucket.splits if s.argument in split.depends_on]
    if needs:
        listed = ", ".join(f"{s.resource_type}.{name}" for s in needs)
        body += f"\n\ndepends_on = [{listed}]"
    return f'resource "{split.resource_type}" "{name}" {{\n{body}\n}}\n'


def per_element_map(split: Split) -> str:
    """The for_each of a resource made of a dynamic single block: its elements by key."""
    assert split.per_element is not None
    return f"{{ for k, v in {split.per_element.for_each.text} : k => v }}"


_TYPES = {
    "acl": "aws_s3_bucket_acl",
    "versioning": "aws_s3_bucket_versioning",
    "server_side_encryption_configuration": "aws_s3_bucket_server_side_encryption_configuration",
    "lifecycle_rule": "aws_s3_bucket_lifecycle_configuration",
    "logging": "aws_s3_bucket_logging",
    "website": "aws_s3_bucket_website_configuration",
    "cors_rule": "aws_s3_bucket_cors_configuration",
    "policy": "aws_s3_bucket_policy",
    "replication_configuration": "aws_s3_bucket_replication_configuration",
    "object_lock_configuration": "aws_s3_bucket_object_lock_configuration",
    "request_payer": "aws_s3_bucket_request_payment_configuration",
    "acceleration_status": "aws_s3_bucket_accelerate_configuration",
}
