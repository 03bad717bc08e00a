"""What a role acts on: the resources of the module it serves, as IAM targets with ARNs."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

from fixer.model.files import SourceFile
from fixer.model.module import Module, Resource
from fixer.syntax.cst import Attribute, Block, Expression, Template
from fixer.syntax.values import references, try_literal

POLICY_DOCUMENT = "aws_iam_policy_document"


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


def arn_of(target: Target, form: str) -> Arn:
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
        self._role_targets: dict[str, list[Target] | None] = {}

    @cached_property
    def usages(self) -> dict[str, list[Usage]]:
        """Subject -> its uses; built on first need, from the items that mention IAM
        (most modules have no policy, and most items no IAM reference)."""
        usages: dict[str, list[Usage]] = {}
        for _, item, name, expr, ref in self.module.reference_sites(mentioning="aws_iam_"):
            if isinstance(item, Block) and ref.subject.startswith(_INDEXED):
                usages.setdefault(ref.subject, []).append(Usage(item, name, expr))
        return usages

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
