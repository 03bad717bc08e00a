"""The S3 backend: which of its settings are account-specific, and where they belong.

A backend block cannot use variables, so the settings that differ per account or
environment go to a partial configuration file passed at `terraform init
-backend-config=backend.hcl`; `backend.hcl.example`, next to the module, shows them.
"""

from __future__ import annotations

import re

from fixer.model.environments import matches, vocabulary
from fixer.model.module import Module
from fixer.model.project import Project
from fixer.syntax.cst import Attribute, Block
from fixer.syntax.values import try_literal

EXAMPLE_FILE = "backend.hcl.example"
LOCKFILE_VERSION = (1, 10, 0)  # S3 native state locking (`use_lockfile`)

# Settings that name an account, a role, credentials or where the state lives: they move
# to the backend configuration file. Everything else (encrypt, acl, use_lockfile,
# workspace_key_prefix, skip_* ...) says how the backend behaves and stays in the code.
ACCOUNT_SPECIFIC = frozenset(
    {
        "bucket",
        "region",
        "dynamodb_table",
        "dynamodb_endpoint",
        "profile",
        "role_arn",
        "external_id",
        "session_name",
        "assume_role",
        "assume_role_with_web_identity",
        "kms_key_id",
        "sse_customer_key",
        "access_key",
        "secret_key",
        "token",
        "shared_credentials_file",
        "shared_credentials_files",
        "shared_config_files",
        "allowed_account_ids",
        "forbidden_account_ids",
        "endpoint",
        "endpoints",
        "iam_endpoint",
        "sts_endpoint",
        "sts_region",
    }
)
# Blocks that name an account's role: they move (other blocks, `endpoints`, stay).
ROLE_BLOCKS = frozenset({"assume_role", "assume_role_with_web_identity"})
# Settings whose presence alone makes the backend account-specific (region alone does not).
TRIGGERS = frozenset(
    {
        "bucket",
        "dynamodb_table",
        "profile",
        "role_arn",
        "assume_role",
        "assume_role_with_web_identity",
        "kms_key_id",
        "access_key",
        "secret_key",
        "allowed_account_ids",
    }
)


def partial_backend(module: Module) -> str:
    """What FX007's fix provides and a README describing the partial backend requires
    (`Fix.provides` / `Fix.requires`): the module's backend made partial."""
    return f"s3-backend-partial:{module.path}"


_ACCOUNT_ID = re.compile(r"(?<![0-9])[0-9]{12}(?![0-9])")


Setting = Attribute | Block  # `bucket = "..."`, or a block such as `assume_role { ... }`


def setting_name(item: Setting) -> str:
    """The name of a backend setting: the attribute's name or the block's type."""
    return item.name if isinstance(item, Attribute) else item.type


def hardcoded_settings(project: Project, module: Module) -> list[Setting] | None:
    """The account-specific settings written in the module's S3 backend, in order.

    None when the module has no S3 backend, when none of them makes the backend
    account-specific (a `region` alone does not), or when one of them is not a literal
    (Terraform rejects that itself). `key` counts when the module serves several
    environments and the key names one of them or an account ID: in a directory per
    environment, the key rightly names it.
    """
    found = module.backend_block("s3")
    if found is None:
        return None
    moved = _account_specific(project, module, found.block)
    names = [setting_name(item) for item in moved or ()]
    if moved is None or not any(name in TRIGGERS or name == "key" for name in names):
        return None
    return moved


def _account_specific(project: Project, module: Module, backend: Block) -> list[Setting] | None:
    envs = project.environments_for(module)
    words = vocabulary(project.config) + [env.name for env in envs]
    moved: list[Setting] = []
    for item in backend.body.items:
        if isinstance(item, Block):
            # `assume_role { role_arn = ... }`: Terraform 1.6+ wants `assume_role = {...}`,
            # which is how it is written in the configuration file.
            if item.type in ROLE_BLOCKS and not item.labels:
                if not _literal_block(item):
                    return None
                moved.append(item)
            continue
        specific_key = item.name == "key" and len(envs) > 1 and _specific_key(item, words)
        if item.name in ACCOUNT_SPECIFIC or specific_key:
            ok, _ = try_literal(item.expr)
            if not ok:
                return None
            moved.append(item)
    return moved


def _literal_block(block: Block) -> bool:
    """Whether a block holds only attributes with literal values."""
    return all(
        isinstance(item, Attribute) and try_literal(item.expr)[0] for item in block.body.items
    )


def _specific_key(attr: Attribute, words: list[str]) -> bool:
    ok, value = try_literal(attr.expr)
    if not ok or not isinstance(value, str):
        return False
    return bool(_ACCOUNT_ID.search(value)) or matches(value, words)
