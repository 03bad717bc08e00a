"""One converter per inline argument of `aws_s3_bucket`: the resource AWS provider v4 made
of it, with the argument's settings in that resource's terms.

Facts from the provider's v4 upgrade guide and schemas (checked against v5.100): the
import ID of every new resource is the bucket name, `bucket,acl` for a canned ACL;
`versioning.enabled` becomes a status ("Enabled"/"Suspended"), `mfa_delete` one too;
a lifecycle rule's `enabled` becomes `status`, its `prefix`/`tags` a `filter` (an empty
prefix when it had neither, as the old API stored it), `days` of noncurrent-version
actions `noncurrent_days`, dates RFC 3339; replication's `rules` become `rule` with
`delete_marker_replication`, `replication_time.time`, `metrics.event_threshold`,
`encryption_configuration`, `account`, and a status for KMS-encrypted objects.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from codemods.s3_bucket_split.fragment import Attr, Blk, Dynamic, Expr, Fragment, quoted
from fixer.syntax.values import references

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}\Z")


@dataclass
class Split:
    """A resource made of an inline argument: its type, body (after `bucket`), and how
    the codemod wires it."""

    argument: str
    resource_type: str
    items: list[Fragment]
    per_element: Dynamic | None = None  # one resource per element of a single dynamic block
    exists_when: str | None = None  # `count = <cond> ? 1 : 0` (every rule is dynamic)
    import_id: Callable[[str], str] | None = None  # bucket id expression -> import id
    depends_on: list[str] = field(default_factory=list)  # argument names it must follow
    bucket_attribute: tuple[str, str] | None = None  # set on the bucket, e.g. object_lock_enabled
    moved_reads: dict[str, str] = field(default_factory=dict)  # bucket attribute -> ours


class Refusal(Exception):
    """An argument that cannot be converted mechanically; the message says why."""


# ---------------------------------------------------------------- small value rules


def may_be_null(value: Expr) -> bool:
    """Whether an expression reads like it may be null (`lookup(v, "k", null)`), as the
    settings of modules written for dynamic blocks do."""
    ok, _ = value.literal()
    return not ok and "null" in value.text


def status(value: Expr, yes: str, no: str) -> Expr:
    """A bool as a status word: a literal picks one, an expression a conditional (null,
    which the inline argument read as false, gives `no`)."""
    ok, literal = value.literal()
    if ok and isinstance(literal, bool):
        return quoted(yes if literal else no)
    if may_be_null(value):
        return Expr(f'{value.operand()} == true ? "{yes}" : "{no}"')
    return Expr(f'{value.operand()} ? "{yes}" : "{no}"')


def optional_block(block_type: str, name: str, attr: Attr) -> Blk:
    """`block_type { name = <value> }`; a dynamic block present only when the value is
    not null, if it may be null (an inline attribute set to null was simply absent)."""
    if not may_be_null(attr.value):
        return Blk(block_type, [Attr(name, attr.value, [], attr.line_comment)], attr.comments)
    value = attr.value.operand()
    dynamic = Dynamic(Expr(f"{value} == null ? [] : [{value}]"), block_type)
    inner = [Attr(name, Expr(f"{block_type}.value"))]
    return Blk(block_type, inner, attr.comments, attr.line_comment, dynamic)


def rfc3339(value: Expr) -> Expr:
    """A lifecycle date (`2023-01-31`, as the inline rule took it) as RFC 3339."""
    ok, literal = value.literal()
    if ok and isinstance(literal, str) and _DATE.match(literal):
        return quoted(f"{literal}T00:00:00Z")
    if ok:
        return value
    return Expr(f'try("${{{value.text}}}T00:00:00Z", null)')


def _renamed(attr: Attr, name: str, value: Expr | None = None) -> Attr:
    return Attr(name, value or attr.value, attr.comments, attr.line_comment)


def _block(type_: str, items: list[Fragment], like: Blk | None = None) -> Blk:
    if like is None:
        return Blk(type_, items)
    return Blk(type_, items, like.comments, like.line_comment, like.dynamic)


def _single(fragments: list[Fragment], argument: str) -> Fragment:
    if len(fragments) != 1:
        raise Refusal(f"{argument} is given {len(fragments)} times")
    return fragments[0]


def _as_block(fragment: Fragment, argument: str) -> Blk:
    if not isinstance(fragment, Blk):
        raise Refusal(f"{argument} is an attribute here, not a block")
    return fragment


def _as_attr(fragment: Fragment, argument: str) -> Attr:
    if not isinstance(fragment, Attr):
        raise Refusal(f"{argument} is a block here, not an attribute")
    return fragment


def _per_element(block: Blk) -> Dynamic | None:
    return block.dynamic


# ---------------------------------------------------------------- converters


def acl(fragments: list[Fragment]) -> Split:
    attr = _as_attr(_single(fragments, "acl"), "acl")
    value = attr.value

    def import_id(bucket: str) -> str:
        ok, literal = value.literal()
        if ok and isinstance(literal, str):
            return f'"${{{bucket}}},{literal}"'
        if value.node is not None and any(
            ref.root in ("count", "each") for ref in references(value.node)
        ):
            return bucket  # not known to an import block: the bucket name alone
        return f'"${{{bucket}}},${{{value.text}}}"'

    return Split(
        "acl", "aws_s3_bucket_acl", [attr], import_id=import_id, moved_reads={"acl": "acl"}
    )


def versioning(fragments: list[Fragment]) -> Split:
    block = _as_block(_single(fragments, "versioning"), "versioning")
    enabled = block.attr("enabled")
    items: list[Fragment] = [
        _renamed(enabled, "status", status(enabled.value, "Enabled", "Suspended"))
        if enabled is not None
        else Attr("status", quoted("Suspended"))
    ]
    mfa = block.attr("mfa_delete")
    if mfa is not None:
        items.append(_renamed(mfa, "mfa_delete", status(mfa.value, "Enabled", "Disabled")))
    items.extend(block.without("enabled", "mfa_delete"))
    body = [Blk("versioning_configuration", items, block.comments, block.line_comment)]
    return Split("versioning", "aws_s3_bucket_versioning", body, _per_element(block))


def server_side_encryption_configuration(fragments: list[Fragment]) -> Split:
    name = "server_side_encryption_configuration"
    block = _as_block(_single(fragments, name), name)
    return Split(
        name,
        "aws_s3_bucket_server_side_encryption_configuration",
        _with_comments(block.items, block),
        _per_element(block),
    )


def logging(fragments: list[Fragment]) -> Split:
    block = _as_block(_single(fragments, "logging"), "logging")
    items = list(block.items)
    if block.attr("target_prefix") is None:
        items.append(Attr("target_prefix", quoted("")))  # required by the new resource
    return Split(
        "logging", "aws_s3_bucket_logging", _with_comments(items, block), _per_element(block)
    )


def website(fragments: list[Fragment]) -> Split:
    block = _as_block(_single(fragments, "website"), "website")
    items: list[Fragment] = []
    for item in block.items:
        if isinstance(item, Attr) and item.name == "index_document":
            items.append(optional_block("index_document", "suffix", item))
        elif isinstance(item, Attr) and item.name == "error_document":
            items.append(optional_block("error_document", "key", item))
        elif isinstance(item, Attr) and item.name == "redirect_all_requests_to":
            items.append(_redirect(item))
        else:
            items.append(item)
    reads = {"website_endpoint": "website_endpoint", "website_domain": "website_domain"}
    return Split(
        "website",
        "aws_s3_bucket_website_configuration",
        _with_comments(items, block),
        _per_element(block),
        moved_reads=reads,
    )


def _redirect(attr: Attr) -> Blk:
    """`redirect_all_requests_to = "https://example.com"` as host name and protocol."""
    ok, literal = attr.value.literal()
    items: list[Fragment]
    if ok and isinstance(literal, str):
        scheme, _, host = literal.rpartition("://")
        items = [Attr("host_name", quoted(host))]
        if scheme:
            items.append(Attr("protocol", quoted(scheme)))
    else:
        if may_be_null(attr.value):  # present only when set, reading the iterator
            wrapped = optional_block("redirect_all_requests_to", "value", attr)
            assert wrapped.dynamic is not None
            inner = _redirect(Attr(attr.name, Expr("redirect_all_requests_to.value")))
            return Blk(inner.type, inner.items, attr.comments, attr.line_comment, wrapped.dynamic)
        value = attr.value.text
        items = [
            Attr("host_name", Expr(f'replace({value}, "/^https?:\\\\/\\\\//", "")')),
            Attr(
                "protocol",
                Expr(
                    f'startswith({value}, "https://") ? "https" : '
                    f'startswith({value}, "http://") ? "http" : null'
                ),
            ),
        ]
    return Blk("redirect_all_requests_to", items, attr.comments, attr.line_comment)


def cors_rule(fragments: list[Fragment]) -> Split:
    rules = [_as_block(f, "cors_rule") for f in fragments]
    return Split(
        "cors_rule",
        "aws_s3_bucket_cors_configuration",
        list(rules),
        exists_when=_some_rule(rules),
    )


def lifecycle_rule(fragments: list[Fragment]) -> Split:
    rules = [_as_block(f, "lifecycle_rule") for f in fragments]
    converted = [
        _block("rule", _lifecycle_items(rule, number), rule) for number, rule in enumerate(rules, 1)
    ]
    return Split(
        "lifecycle_rule",
        "aws_s3_bucket_lifecycle_configuration",
        list(converted),
        exists_when=_some_rule(rules),
    )


def _some_rule(rules: list[Blk]) -> str | None:
    """When every rule is dynamic, the condition under which there is one."""
    if any(rule.dynamic is None for rule in rules):
        return None
    return " || ".join(
        f"length({rule.dynamic.for_each.text}) > 0" for rule in rules if rule.dynamic
    )


def _lifecycle_items(rule: Blk, number: int) -> list[Fragment]:
    items: list[Fragment] = []
    rule_id = rule.attr("id")
    fallback = (
        Expr(f'"rule-${{{rule.dynamic.iterator}.key}}"')
        if rule.dynamic is not None
        else quoted(f"rule-{number}")
    )
    if rule_id is None:
        items.append(Attr("id", fallback))  # required now; AWS had generated one
    elif may_be_null(rule_id.value):
        items.append(
            _renamed(rule_id, "id", Expr(f"coalesce({rule_id.value.text}, {fallback.text})"))
        )
    else:
        items.append(rule_id)
    enabled = rule.attr("enabled")
    if enabled is not None:
        items.append(_renamed(enabled, "status", status(enabled.value, "Enabled", "Disabled")))
    else:
        items.append(Attr("status", quoted("Enabled")))
    items.append(_filter(rule.attr("prefix"), rule.attr("tags")))
    abort = rule.attr("abort_incomplete_multipart_upload_days")
    for item in rule.without("id", "enabled", "prefix", "tags"):
        if item is abort:
            assert isinstance(item, Attr)
            items.append(
                optional_block("abort_incomplete_multipart_upload", "days_after_initiation", item)
            )
        elif isinstance(item, Blk) and item.type in ("expiration", "transition"):
            items.append(_block(item.type, _dated(item.items), item))
        elif isinstance(item, Blk) and item.type in (
            "noncurrent_version_expiration",
            "noncurrent_version_transition",
        ):
            renamed = [
                _renamed(i, "noncurrent_days") if isinstance(i, Attr) and i.name == "days" else i
                for i in item.items
            ]
            items.append(_block(item.type, renamed, item))
        else:
            items.append(item)
    return items


def _dated(items: list[Fragment]) -> list[Fragment]:
    return [
        _renamed(i, "date", rfc3339(i.value)) if isinstance(i, Attr) and i.name == "date" else i
        for i in items
    ]


def _filter(prefix: Attr | None, tags: Attr | None) -> Blk:
    if tags is None:
        value = prefix if prefix is not None else Attr("prefix", quoted(""))
        return Blk("filter", [value])
    ok, literal = tags.value.literal()
    if prefix is None and ok and isinstance(literal, dict) and len(literal) == 1:
        ((key, value),) = literal.items()
        if isinstance(value, str):
            return Blk(
                "filter", [Blk("tag", [Attr("key", quoted(key)), Attr("value", quoted(value))])]
            )
    if may_be_null(tags.value):
        # `and` only when there are tags: a rule without them filters by prefix alone.
        tag_value = tags.value.operand()
        prefix_value = prefix.value.text if prefix is not None else '""'
        alone = Attr("prefix", Expr(f"{tag_value} == null ? {prefix_value} : null"))
        both = Blk(
            "and",
            [Attr("prefix", Expr(prefix_value)), Attr("tags", Expr("and.value"))],
            dynamic=Dynamic(Expr(f"{tag_value} == null ? [] : [{tag_value}]"), "and"),
        )
        return Blk("filter", [alone, both])
    inner: list[Fragment] = [prefix] if prefix is not None else []
    inner.append(tags)
    return Blk("filter", [Blk("and", inner)])


def policy(fragments: list[Fragment]) -> Split:
    attr = _as_attr(_single(fragments, "policy"), "policy")
    return Split("policy", "aws_s3_bucket_policy", [attr], moved_reads={"policy": "policy"})


def request_payer(fragments: list[Fragment]) -> Split:
    attr = _as_attr(_single(fragments, "request_payer"), "request_payer")
    return Split(
        "request_payer",
        "aws_s3_bucket_request_payment_configuration",
        [_renamed(attr, "payer")],
        moved_reads={"request_payer": "payer"},
    )


def acceleration_status(fragments: list[Fragment]) -> Split:
    attr = _as_attr(_single(fragments, "acceleration_status"), "acceleration_status")
    return Split(
        "acceleration_status",
        "aws_s3_bucket_accelerate_configuration",
        [_renamed(attr, "status")],
        moved_reads={"acceleration_status": "status"},
    )


def object_lock_configuration(fragments: list[Fragment]) -> Split:
    name = "object_lock_configuration"
    block = _as_block(_single(fragments, name), name)
    if block.dynamic is not None:
        raise Refusal(
            "a dynamic object_lock_configuration: object lock is enabled when the bucket is "
            "created (object_lock_enabled forces a new bucket), so it is not split by rule"
        )
    enabled = block.attr("object_lock_enabled")
    value = "true"
    if enabled is not None:
        ok, literal = enabled.value.literal()
        value = "true" if ok and literal == "Enabled" else f'{enabled.value.operand()} == "Enabled"'
    rules = block.blocks("rule")
    return Split(
        name,
        "aws_s3_bucket_object_lock_configuration",
        _with_comments(rules, block) if rules else [],
        bucket_attribute=("object_lock_enabled", value),
    )


def replication_configuration(fragments: list[Fragment]) -> Split:
    name = "replication_configuration"
    block = _as_block(_single(fragments, name), name)
    if block.dynamic is not None:
        raise Refusal("a dynamic replication_configuration: split it by hand")
    items: list[Fragment] = []
    for item in block.items:
        if isinstance(item, Blk) and item.type == "rules":
            items.append(_block("rule", _replication_rule(item), item))
        else:
            items.append(item)
    return Split(
        name,
        "aws_s3_bucket_replication_configuration",
        _with_comments(items, block),
        depends_on=["versioning"],
    )


def _replication_rule(rule: Blk) -> list[Fragment]:
    items: list[Fragment] = []
    for item in rule.items:
        if isinstance(item, Attr) and item.name == "delete_marker_replication_status":
            items.append(optional_block("delete_marker_replication", "status", item))
        elif isinstance(item, Blk) and item.type == "destination":
            items.append(_block("destination", _destination(item), item))
        elif isinstance(item, Blk) and item.type == "source_selection_criteria":
            items.append(_block(item.type, _selection(item), item))
        elif isinstance(item, Blk) and item.type == "filter":
            prefix, tags = item.attr("prefix"), item.attr("tags")
            if tags is None:
                items.append(item)
            else:
                filtered = _filter(prefix, tags)
                items.append(_block("filter", filtered.items, item))
        else:
            items.append(item)
    return items


def _destination(block: Blk) -> list[Fragment]:
    items: list[Fragment] = []
    for item in block.items:
        if isinstance(item, Attr) and item.name == "replica_kms_key_id":
            items.append(optional_block("encryption_configuration", "replica_kms_key_id", item))
        elif isinstance(item, Attr) and item.name == "account_id":
            items.append(_renamed(item, "account"))
        elif isinstance(item, Blk) and item.type in ("replication_time", "metrics"):
            inner = "time" if item.type == "replication_time" else "event_threshold"
            minutes = item.attr("minutes")
            rest = item.without("minutes")
            if minutes is not None:
                rest.append(Blk(inner, [minutes]))
            items.append(_block(item.type, rest, item))
        else:
            items.append(item)
    return items


def _selection(block: Blk) -> list[Fragment]:
    items: list[Fragment] = []
    for item in block.items:
        if isinstance(item, Blk) and item.type == "sse_kms_encrypted_objects":
            enabled = item.attr("enabled")
            inner = [
                _renamed(enabled, "status", status(enabled.value, "Enabled", "Disabled"))
                if enabled is not None
                else Attr("status", quoted("Enabled"))
            ]
            items.append(_block(item.type, inner, item))
        else:
            items.append(item)
    return items


def _with_comments(items: list[Fragment], block: Blk) -> list[Fragment]:
    """Items that take the argument block's own comments (it disappears)."""
    if not items or not block.comments:
        return list(items)
    first = items[0]
    moved = (
        Attr(first.name, first.value, block.comments + first.comments, first.line_comment)
        if isinstance(first, Attr)
        else Blk(
            first.type,
            first.items,
            block.comments + first.comments,
            first.line_comment,
            first.dynamic,
        )
    )
    return [moved, *items[1:]]


# Each argument, in the order the new resources are written, with its converter.
CONVERTERS: dict[str, Callable[[list[Fragment]], Split]] = {
    "acl": acl,
    "versioning": versioning,
    "server_side_encryption_configuration": server_side_encryption_configuration,
    "lifecycle_rule": lifecycle_rule,
    "logging": logging,
    "website": website,
    "cors_rule": cors_rule,
    "policy": policy,
    "replication_configuration": replication_configuration,
    "object_lock_configuration": object_lock_configuration,
    "request_payer": request_payer,
    "acceleration_status": acceleration_status,
}
