"""Registry modules as resources: the inputs of the most used Terraform Registry modules.

Most teams write a VPC, an Aurora cluster or a Lambda function as a call of a
terraform-aws-modules module rather than as resources, so the failures the codemods look
for show up as module arguments (`single_nat_gateway = false`, `instances = {...}`,
`authorization_type = "NONE"`). This table says, per module source and version range,
which inputs matter and what they default to, read from the modules' own
`variables.tf` and `main.tf` at the tags named below.

| source | versions | inputs |
|---|---|---|
| terraform-aws-modules/vpc/aws | >= 2.0, < 4.0 | NAT gateways: `enable_nat_gateway` (false), `single_nat_gateway` (false), `one_nat_gateway_per_az` (false), `azs` ([]); otherwise one per subnet of the longest of `private_subnets`, `elasticache_subnets`, `database_subnets`, `redshift_subnets` (v3.19.0 main.tf) |
| terraform-aws-modules/vpc/aws | >= 4.0, < 5.1.2 | the same, the longest of `private`, `public`, `intra`, `elasticache`, `database`, `redshift` subnets (v4.0.1, v5.1.1) |
| terraform-aws-modules/vpc/aws | >= 5.1.2 | the same, the longest of `private`, `public`, `elasticache`, `database`, `redshift` subnets (v5.1.2 to v6.6.0) |
| terraform-aws-modules/rds-aurora/aws | >= 7.0, < 10.0 | `instances` ({}: one instance per key), each's `instance_class` else `instance_class` (""), `serverlessv2_scaling_configuration` ({}: absent when empty) (v7.0.0, v9.0.0) |
| terraform-aws-modules/rds-aurora/aws | >= 10.0 | `instances`, each's `instance_class` else `cluster_instance_class` (null), `serverlessv2_scaling_configuration` (null: absent) (v10.2.0) |
| terraform-aws-modules/lambda/aws | >= 3.2 | `create_lambda_function_url` (false), `authorization_type` ("NONE"), `cors` ({}: its `allow_origins`, `allow_methods`); IAM: `policy_json` (a JSON document), `policy_statements` (statements) (v3.2.0 to v8.8.1) |
| terraform-aws-modules/iam/aws//modules/iam-policy | any | `policy` (a JSON document) |
| terraform-aws-modules/iam/aws//modules/iam-role, iam-role-for-service-accounts | >= 6.0 | `inline_policy_permissions` (statements) |
| terraform-aws-modules/eks/aws//modules/eks-managed-node-group, self-managed-node-group, fargate-profile | >= 19.0 | `iam_role_policy_statements` (statements) |
| terraform-aws-modules/eks/aws//modules/karpenter | >= 19.0 | `iam_policy_statements` (statements) |

The version a call uses is the lowest its `version` constraint allows (for a git source,
its `?ref=`); without a version, the newest range. Statements are objects with `effect`,
`actions`, `resources` (as in `aws_iam_policy_document`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from fixer.model.module import ModuleCall
from fixer.model.unknown import UNKNOWN
from fixer.model.versions import Version, version_bounds

if TYPE_CHECKING:
    from fixer.model.environments import Environment
    from fixer.model.project import Project

VPC = "terraform-aws-modules/vpc/aws"
AURORA = "terraform-aws-modules/rds-aurora/aws"
LAMBDA = "terraform-aws-modules/lambda/aws"
_NAT = {"enable_nat_gateway": False, "single_nat_gateway": False, "one_nat_gateway_per_az": False}
_SUBNETS = ("private", "public", "intra", "elasticache", "database", "redshift")


@dataclass(frozen=True)
class RegistryModule:
    """One row of the table: a module source, a version range, and its inputs."""

    source: str
    versions: str  # a version constraint ("" for any)
    defaults: dict[str, object]  # input -> default value (Python, as the evaluator gives)
    facts: dict[str, object] = field(default_factory=dict)  # what a codemod needs to know

    def allows(self, version: Version | None) -> bool:
        if not self.versions or version is None:
            return True
        bounds = version_bounds([self.versions])
        if bounds is None:
            return False
        if bounds.floor is not None and version < bounds.floor:
            return False
        return bounds.ceiling is None or version < bounds.ceiling


def _vpc(versions: str, subnets: tuple[str, ...]) -> RegistryModule:
    inputs = {f"{kind}_subnets": [] for kind in _SUBNETS}
    return RegistryModule(
        VPC,
        versions,
        {**_NAT, "azs": [], **inputs},
        {"nat_subnet_inputs": tuple(f"{kind}_subnets" for kind in subnets)},
    )


TABLE: tuple[RegistryModule, ...] = (
    _vpc(">= 2.0, < 4.0", ("private", "elasticache", "database", "redshift")),
    _vpc(">= 4.0, < 5.1.2", _SUBNETS),
    _vpc(">= 5.1.2", ("private", "public", "elasticache", "database", "redshift")),
    RegistryModule(
        AURORA,
        ">= 7.0, < 10.0",
        {"instances": {}, "instance_class": "", "serverlessv2_scaling_configuration": {}},
        {"instance_class_input": "instance_class"},
    ),
    RegistryModule(
        AURORA,
        ">= 10.0",
        {
            "instances": {},
            "cluster_instance_class": None,
            "serverlessv2_scaling_configuration": None,
        },
        {"instance_class_input": "cluster_instance_class"},
    ),
    RegistryModule(
        LAMBDA,
        ">= 3.2",
        {
            "create_lambda_function_url": False,
            "authorization_type": "NONE",
            "cors": {},
            "policy_json": None,
            "policy_statements": {},
        },
        {"policy_inputs": {"policy_json": "json", "policy_statements": "statements"}},
    ),
    RegistryModule(
        "terraform-aws-modules/iam/aws//modules/iam-policy",
        "",
        {"policy": ""},
        {"policy_inputs": {"policy": "json"}},
    ),
    *(
        RegistryModule(
            f"terraform-aws-modules/iam/aws//modules/{name}",
            ">= 6.0",
            {"inline_policy_permissions": None},
            {"policy_inputs": {"inline_policy_permissions": "statements"}},
        )
        for name in ("iam-role", "iam-role-for-service-accounts")
    ),
    *(
        RegistryModule(
            f"terraform-aws-modules/eks/aws//modules/{name}",
            ">= 19.0",
            {"iam_role_policy_statements": []},
            {"policy_inputs": {"iam_role_policy_statements": "statements"}},
        )
        for name in ("eks-managed-node-group", "self-managed-node-group", "fargate-profile")
    ),
    RegistryModule(
        "terraform-aws-modules/eks/aws//modules/karpenter",
        ">= 19.0",
        {"iam_policy_statements": []},
        {"policy_inputs": {"iam_policy_statements": "statements"}},
    ),
)

_GITHUB = re.compile(
    r"^(?:git::)?(?:https://|ssh://git@|git@)?github\.com[/:]terraform-aws-modules/"
    r"terraform-aws-(?P<name>[a-z0-9-]+?)(?:\.git)?(?P<sub>//[^?]*)?(?:\?ref=(?P<ref>[^&]+))?$"
)
_VERSION = re.compile(r"^v?(\d+(?:\.\d+){0,2})$")


def registry_address(call: ModuleCall) -> tuple[str, Version | None] | None:
    """The registry address of a remote module call (`terraform-aws-modules/vpc/aws`, with
    `//modules/...` for a submodule) and the lowest version it may use, or None."""
    source = call.source
    if source is None or not call.remote:
        return None
    source = source.removeprefix("registry.terraform.io/")
    match = _GITHUB.match(source)
    if match is not None:
        address = f"terraform-aws-modules/{match.group('name')}/aws{match.group('sub') or ''}"
        ref = match.group("ref")
        version = _floor(ref.lstrip("v")) if ref and _VERSION.match(ref) else None
        return address, version
    if source.count("/") < 2 or "::" in source or source.startswith((".", "/")):
        return None
    return source, _floor(call.version) if call.version else None


def _floor(constraint: str) -> Version | None:
    bounds = version_bounds([constraint])
    return bounds.floor if bounds is not None else None


def registry_module(call: ModuleCall) -> RegistryModule | None:
    """The table's row for a module call, if the module is in the table."""
    found = registry_address(call)
    if found is None:
        return None
    address, version = found
    rows = [row for row in TABLE if row.source == address]
    if version is None:
        return rows[-1] if rows else None
    return next((row for row in rows if row.allows(version)), None)


def calls_of(project: Project, *sources: str) -> list[tuple[ModuleCall, RegistryModule]]:
    """The module calls of the project to the given registry modules, with their rows."""
    found = []
    for module in project.modules.values():
        for call in module.module_calls.values():
            row = registry_module(call)
            if row is not None and row.source in sources and call.for_each is None:
                found.append((call, row))
    return found


def input_value(
    project: Project, call: ModuleCall, row: RegistryModule, name: str, env: Environment | None
) -> object:
    """An input of a module call in an environment: the argument, evaluated where the
    call is, else the module's default (UNKNOWN when neither is known)."""
    attr = call.arguments.get(name)
    if attr is None:
        return row.defaults.get(name, UNKNOWN)
    return project.evaluate(call.caller, attr.expr, env)


def environments_of(project: Project, call: ModuleCall) -> list[Environment | None]:
    """The environments a call takes part in (those of its module), or [None]."""
    envs = project.environments_for(call.caller)
    return list(envs) if envs else [None]


def aurora_instances(
    project: Project, call: ModuleCall, row: RegistryModule, env: Environment | None
) -> dict[str, object] | None:
    """The instances an rds-aurora module call creates in an environment, each with its
    instance class (a string, or UNKNOWN); None when the instances are not known."""
    create = input_value(project, call, row, "create", env)
    legacy_create = input_value(project, call, row, "create_cluster", env)
    if create is False or legacy_create is False:
        return {}
    if input_value(project, call, row, "engine_mode", env) == "serverless":
        return {}  # Serverless v1: no instances
    instances = input_value(project, call, row, "instances", env)
    if not isinstance(instances, dict):
        return None
    shared = input_value(project, call, row, str(row.facts["instance_class_input"]), env)
    classes: dict[str, object] = {}
    for key, settings in instances.items():
        own = settings.get("instance_class") if isinstance(settings, dict) else UNKNOWN
        value = own if own is not None else shared
        classes[key] = value if isinstance(value, str) and value else UNKNOWN
    return classes


def aurora_scaling(
    project: Project, call: ModuleCall, row: RegistryModule, env: Environment | None
) -> object:
    """Whether a call sets a Serverless v2 scaling configuration (True/False/UNKNOWN)."""
    value = input_value(project, call, row, "serverlessv2_scaling_configuration", env)
    if value is None:
        return False
    if isinstance(value, dict):
        return bool(value)
    return UNKNOWN
