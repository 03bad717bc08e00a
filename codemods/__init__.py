"""The codemods, one module each, and their registry: an explicit tuple, sorted by code."""

from __future__ import annotations

from codemods.aurora_instance_count_per_environment import AuroraInstanceCountPerEnvironment
from codemods.aurora_serverless_provisioned_instance import AuroraServerlessProvisionedInstance
from codemods.build_script_requires_zip import BuildScriptRequiresZip
from codemods.comment_syntax import CommentSyntax
from codemods.deprecated_index import DeprecatedIndex
from codemods.deprecated_interpolation import DeprecatedInterpolation
from codemods.deprecated_lookup import DeprecatedLookup
from codemods.empty_list_equality import EmptyListEquality
from codemods.iam_policy_wildcard_resource import IamPolicyWildcardResource
from codemods.json_syntax import JsonSyntax
from codemods.lambda_package_not_built import LambdaPackageNotBuilt
from codemods.lambda_url_public import LambdaUrlPublic
from codemods.module_shallow_clone import ModuleShallowClone
from codemods.nat_gateway_per_az import NatGatewayPerAz
from codemods.random_password_special_characters import RandomPasswordSpecialCharacters
from codemods.readme_backend_undocumented import ReadmeBackendUndocumented
from codemods.readme_manual_backend_setup import ReadmeManualBackendSetup
from codemods.required_providers import RequiredProviders
from codemods.s3_backend_hardcoded import S3BackendHardcoded
from codemods.s3_bucket_inline_arguments import S3BucketInlineArguments
from codemods.unformatted import Unformatted
from codemods.unused_declarations import UnusedDeclarations
from codemods.workspace_environment_drift import WorkspaceEnvironmentDrift
from fixer.codemod import Codemod

ALL_CODEMODS: tuple[type[Codemod], ...] = (
    Unformatted,
    AuroraServerlessProvisionedInstance,
    LambdaPackageNotBuilt,
    IamPolicyWildcardResource,
    LambdaUrlPublic,
    RandomPasswordSpecialCharacters,
    S3BackendHardcoded,
    NatGatewayPerAz,
    AuroraInstanceCountPerEnvironment,
    WorkspaceEnvironmentDrift,
    BuildScriptRequiresZip,
    ReadmeManualBackendSetup,
    ReadmeBackendUndocumented,
    CommentSyntax,
    DeprecatedIndex,
    DeprecatedInterpolation,
    DeprecatedLookup,
    EmptyListEquality,
    JsonSyntax,
    ModuleShallowClone,
    RequiredProviders,
    UnusedDeclarations,
    S3BucketInlineArguments,
)
