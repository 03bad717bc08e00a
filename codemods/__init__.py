"""The codemods, one module each, and their registry: an explicit table, sorted by code,
from which a run imports only the codemods it runs (`fixer.registry`)."""

from __future__ import annotations

from collections import namedtuple

# A codemod as the registry knows it before importing it: what selecting it by code or
# name, listing it and reporting its findings need, and where its class is. A test
# (tests/test_registry_table.py) compares every entry with the class it names. A named
# tuple, not a dataclass: reading the table imports nothing else.
Entry = namedtuple(
    "Entry",
    (
        "code",
        "name",
        "module",
        "cls",
        "summary",
        "severity",  # a fixer.findings.Severity value
        "fix_availability",
        "fix_safety",
        "explicit_only",  # off by default: selected only by its code or name
    ),
    defaults=(False,),
)

TABLE: tuple[Entry, ...] = (
    Entry(
        "FX001",
        "unformatted",
        "codemods.unformatted",
        "Unformatted",
        "File is not formatted the way `terraform fmt` formats it",
        "info",
        "always",
        "safe",
    ),
    Entry(
        "FX002",
        "aurora-serverless-provisioned-instance",
        "codemods.aurora_serverless_provisioned_instance",
        "AuroraServerlessProvisionedInstance",
        "Aurora cluster has a Serverless v2 scaling configuration but provisioned instances",
        "error",
        "sometimes",
        "safe",
    ),
    Entry(
        "FX003",
        "lambda-package-not-built",
        "codemods.lambda_package_not_built",
        "LambdaPackageNotBuilt",
        "Lambda package zip is built outside Terraform and not in the repository",
        "error",
        "sometimes",
        "unsafe",
    ),
    Entry(
        "FX004",
        "iam-policy-wildcard-resource",
        "codemods.iam_policy_wildcard_resource",
        "IamPolicyWildcardResource",
        "IAM policy allows actions on every resource though they can be scoped",
        "warning",
        "sometimes",
        "unsafe",
    ),
    Entry(
        "FX005",
        "lambda-url-public",
        "codemods.lambda_url_public",
        "LambdaUrlPublic",
        "Lambda function URL is callable by anyone, from any origin, outside development",
        "error",
        "sometimes",
        "unsafe",
    ),
    Entry(
        "FX006",
        "random-password-special-characters",
        "codemods.random_password_special_characters",
        "RandomPasswordSpecialCharacters",
        "Generated password may contain `@`, which many services reject",
        "warning",
        "always",
        "unsafe",
    ),
    Entry(
        "FX007",
        "s3-backend-hardcoded",
        "codemods.s3_backend_hardcoded",
        "S3BackendHardcoded",
        "S3 backend hard-codes account-specific settings",
        "warning",
        "sometimes",
        "unsafe",
    ),
    Entry(
        "FX008",
        "nat-gateway-per-az",
        "codemods.nat_gateway_per_az",
        "NatGatewayPerAz",
        "One NAT gateway per availability zone in non-production environments",
        "warning",
        "sometimes",
        "unsafe",
    ),
    Entry(
        "FX009",
        "aurora-instance-count-per-environment",
        "codemods.aurora_instance_count_per_environment",
        "AuroraInstanceCountPerEnvironment",
        "Fixed count of Aurora instances in development environments too",
        "warning",
        "sometimes",
        "unsafe",
    ),
    Entry(
        "FX010",
        "workspace-environment-drift",
        "codemods.workspace_environment_drift",
        "WorkspaceEnvironmentDrift",
        "Workspaces and an environment variable both select the environment, unchecked",
        "warning",
        "sometimes",
        "safe or unsafe",
    ),
    Entry(
        "FX011",
        "build-script-requires-zip",
        "codemods.build_script_requires_zip",
        "BuildScriptRequiresZip",
        "Build script needs the `zip` command, which many machines lack",
        "warning",
        "sometimes",
        "safe",
    ),
    Entry(
        "FX012",
        "readme-manual-backend-setup",
        "codemods.readme_manual_backend_setup",
        "ReadmeManualBackendSetup",
        "README creates the state bucket or lock table by hand",
        "warning",
        "sometimes",
        "safe or unsafe",
    ),
    Entry(
        "FX013",
        "readme-backend-undocumented",
        "codemods.readme_backend_undocumented",
        "ReadmeBackendUndocumented",
        "README does not document the S3 backend configuration",
        "info",
        "always",
        "safe or unsafe",
    ),
    Entry(
        "FX014",
        "comment-syntax",
        "codemods.comment_syntax",
        "CommentSyntax",
        "Comment uses `//` or `/* */` where Terraform's style is `#`",
        "info",
        "sometimes",
        "safe",
        True,
    ),
    Entry(
        "FX015",
        "deprecated-index",
        "codemods.deprecated_index",
        "DeprecatedIndex",
        "Legacy `.0` index or `.*` splat syntax instead of brackets",
        "warning",
        "sometimes",
        "safe",
    ),
    Entry(
        "FX016",
        "deprecated-interpolation",
        "codemods.deprecated_interpolation",
        "DeprecatedInterpolation",
        'String is a lone interpolation `"${expr}"` instead of the expression',
        "warning",
        "sometimes",
        "safe",
    ),
    Entry(
        "FX017",
        "deprecated-lookup",
        "codemods.deprecated_lookup",
        "DeprecatedLookup",
        "`lookup` without a default instead of the index syntax `map[key]`",
        "warning",
        "always",
        "safe",
    ),
    Entry(
        "FX018",
        "empty-list-equality",
        "codemods.empty_list_equality",
        "EmptyListEquality",
        "Comparison with `[]` is false for every list, set or map",
        "warning",
        "always",
        "unsafe",
    ),
    Entry(
        "FX019",
        "json-syntax",
        "codemods.json_syntax",
        "JsonSyntax",
        "JSON configuration has an array at its root instead of an object",
        "warning",
        "sometimes",
        "safe",
    ),
    Entry(
        "FX020",
        "module-shallow-clone",
        "codemods.module_shallow_clone",
        "ModuleShallowClone",
        "Git module source pinned to a tag or branch is cloned with its whole history",
        "info",
        "sometimes",
        "safe or unsafe",
        True,
    ),
    Entry(
        "FX021",
        "required-providers",
        "codemods.required_providers",
        "RequiredProviders",
        "Provider without a `source` and `version` in `required_providers`",
        "warning",
        "sometimes",
        "safe or unsafe",
    ),
    Entry(
        "FX022",
        "unused-declarations",
        "codemods.unused_declarations",
        "UnusedDeclarations",
        "Variable, local, data source or provider alias is declared but never used",
        "warning",
        "sometimes",
        "safe or unsafe",
    ),
    Entry(
        "FX023",
        "s3-bucket-inline-arguments",
        "codemods.s3_bucket_inline_arguments",
        "S3BucketInlineArguments",
        "aws_s3_bucket arguments that AWS provider v4 moved to resources of their own",
        "warning",
        "sometimes",
        "unsafe",
    ),
)

# What a codemod can find something in: it reports nothing on files whose texts
# (lowercased) contain none of these strings, because every finding starts from one of
# them (the resource types it reads, the registry modules it knows by their source, a
# backend block, a use of workspaces, a zip call, a policy statement).
# A check then runs a stand-in that finds nothing instead of importing the codemod
# (`fixer.registry.codemods_for_texts`). Codemods not listed run on every project.
NEEDS: dict[str, tuple[str, ...]] = {
    "FX002": ("aws_rds_cluster", "rds-aurora"),
    "FX003": ("aws_lambda_function", "aws_lambda_layer_version"),
    "FX004": ("statement",),  # a policy document's Statement key or statement block
    "FX005": ("lambda",),  # aws_lambda_function_url, terraform-aws-modules/lambda/aws
    "FX006": ("random_password", "random_string"),
    "FX007": ("backend",),  # an s3 backend block
    "FX008": ("aws_nat_gateway", "vpc"),
    "FX009": ("aws_rds_cluster_instance", "rds-aurora"),
    "FX010": ("workspace",),  # terraform.workspace, `terraform workspace` in docs
    "FX011": ("zip",),
    "FX012": ("backend",),  # a README of modules with an s3 backend
    "FX013": ("backend",),
    "FX023": ("aws_s3_bucket",),
}


def __getattr__(name: str) -> object:
    """`ALL_CODEMODS`: every codemod class, in the table's order (imports them all)."""
    if name == "ALL_CODEMODS":
        from fixer.registry import load

        return tuple(load(entry) for entry in TABLE)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
