"""Terraform as an oracle for refactors: validate, seed a state, plan offline.

A refactor is proven by `terraform validate` on the result and by an offline `terraform
plan` whose prior state is the *old* configuration's planned objects at the old
addresses: the plan must destroy nothing. The state is seeded from the old tree's own
plan (`plan -out` then `show -json`): every object at its old address with the values
Terraform would have given it, so nothing differs but what the refactor changed.

Needs `terraform` on PATH and the local provider directory (no network): the AWS
provider is configured with fake credentials and every `skip_*` setting, and plans run
with `-refresh=false`. Tests call `require_terraform()`, which skips outside CI and fails
in CI (CI=true) when terraform or the plugins are missing.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest

PLUGIN_DIRS = (Path("/opt/tf-plugins"), Path("/usr/share/terraform/plugins"))
TIMEOUT = 300

# An AWS provider that never calls AWS: add to a root module (as providers_offline.tf).
OFFLINE_AWS_PROVIDER = """\
provider "aws" {
  region                      = "us-east-1"
  access_key                  = "offline"
  secret_key                  = "offline"
  skip_credentials_validation = true
  skip_requesting_account_id  = true
  skip_metadata_api_check     = true
  skip_region_validation      = true
}
"""


def plugin_dir() -> Path | None:
    """The local provider mirror (a directory holding registry.terraform.io)."""
    configured = os.environ.get("FIXER_TF_PLUGIN_DIR")
    candidates = ([Path(configured)] if configured else []) + list(PLUGIN_DIRS)
    for candidate in candidates:
        if (candidate / "registry.terraform.io").is_dir():
            return candidate
    return None


def require_terraform() -> Path:
    """The plugin directory; skips (fails when CI=true) if terraform or it is missing."""
    plugins = plugin_dir()
    missing = []
    if shutil.which("terraform") is None:
        missing.append("terraform is not on PATH")
    if plugins is None:
        missing.append("no local provider directory (registry.terraform.io) was found")
    if missing:
        reason = "; ".join(missing)
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"CI=true needs terraform as an oracle: {reason}")
        pytest.skip(f"terraform oracle unavailable: {reason}")
    assert plugins is not None
    return plugins


class TerraformError(AssertionError):
    """A terraform command failed; the message holds its output."""


def _environment(home: Path) -> dict[str, str]:
    env = dict(os.environ)
    config = home / "terraformrc"
    if not config.exists():
        config.write_text("", encoding="utf-8")
    env.update(
        TF_CLI_CONFIG_FILE=str(config),
        TF_IN_AUTOMATION="1",
        TF_INPUT="0",
        CHECKPOINT_DISABLE="1",
        NO_COLOR="1",
    )
    env.pop("TF_DATA_DIR", None)
    return env


def terraform(directory: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    """Run terraform in a directory (offline settings); raise TerraformError on failure."""
    done = subprocess.run(
        ["terraform", *args],
        cwd=directory,
        env=_environment(directory.parent),
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )
    if check and done.returncode != 0:
        raise TerraformError(
            f"terraform {' '.join(args)} failed in {directory} ({done.returncode}):\n"
            f"{done.stdout}\n{done.stderr}"
        )
    return done


def init(directory: Path) -> None:
    plugins = require_terraform()
    terraform(directory, "init", "-backend=false", f"-plugin-dir={plugins}", "-input=false")


def validate(directory: Path) -> dict:
    """`terraform validate -json` after an offline init; raises unless valid."""
    init(directory)
    done = terraform(directory, "validate", "-json", check=False)
    result = json.loads(done.stdout)
    if not result.get("valid"):
        raise TerraformError(f"terraform validate failed in {directory}:\n{done.stdout}")
    return result


def _with_local_backend(directory: Path) -> None:
    """Plans read `terraform.tfstate` of the directory: any backend is overridden."""
    (directory / "zz_oracle_backend_override.tf").write_text(
        'terraform {\n  backend "local" {}\n}\n', encoding="utf-8"
    )


def _plan_json(directory: Path, *extra: str) -> dict:
    plugins = require_terraform()
    _with_local_backend(directory)
    terraform(directory, "init", "-reconfigure", f"-plugin-dir={plugins}", "-input=false")
    terraform(
        directory,
        "plan",
        "-refresh=false",
        "-lock=false",
        "-input=false",
        "-no-color",
        "-out=oracle.plan",
        *extra,
    )
    shown = terraform(directory, "show", "-json", "oracle.plan")
    return json.loads(shown.stdout)


def _schemas(directory: Path) -> dict[str, dict]:
    """Resource type -> its block schema, from the providers the directory was inited with."""
    done = terraform(directory, "providers", "schema", "-json")
    found: dict[str, dict] = {}
    for provider in json.loads(done.stdout).get("provider_schemas", {}).values():
        for name, schema in provider.get("resource_schemas", {}).items():
            found[name] = schema["block"]
    return found


def _placeholder(attribute: str, kind: object) -> object:
    """A value of a schema type for a computed attribute the old plan left unknown."""
    if kind == "string":
        return f"seed-{attribute}"
    if kind == "number":
        return 0
    if kind == "bool":
        return False
    if isinstance(kind, list) and kind and kind[0] in ("list", "set"):
        return []
    if isinstance(kind, list) and kind and kind[0] in ("map", "object"):
        return {}
    return None


def seeded_state(old_tree: Path, *plan_args: str) -> dict:
    """A state holding every object the old tree plans to create, at its old address.

    The tree is copied, planned from an empty state, and each planned object becomes a
    state object with its planned values and a fake `id` (where none is known).
    """
    with tempfile.TemporaryDirectory(prefix="oracle-seed-") as scratch:
        copy = Path(scratch) / "tree"
        shutil.copytree(old_tree, copy)
        planned = _plan_json(copy, *plan_args)
        schemas = _schemas(copy)
    unknown = {
        change["address"]: change["change"].get("after_unknown") or {}
        for change in planned.get("resource_changes", [])
    }
    resources: list[dict] = []
    by_resource: dict[tuple[str, str], dict] = {}
    for module in _modules(planned["planned_values"]["root_module"]):
        for res in module.get("resources", []):
            if res["mode"] != "managed":
                continue
            key = (module.get("address", ""), res["address"].rsplit("[", 1)[0])
            entry = by_resource.get(key)
            if entry is None:
                entry = {
                    "mode": "managed",
                    "type": res["type"],
                    "name": res["name"],
                    "provider": f'provider["{res["provider_name"]}"]',
                    "instances": [],
                }
                if module.get("address"):
                    entry["module"] = module["address"]
                by_resource[key] = entry
                resources.append(entry)
            values = {k: v for k, v in res.get("values", {}).items() if v is not None}
            attributes = schemas.get(res["type"], {}).get("attributes", {})
            for name, is_unknown in unknown.get(res["address"], {}).items():
                if is_unknown is True and name in attributes:
                    value = _placeholder(name, attributes[name].get("type"))
                    if value is not None:
                        values[name] = value
            values["id"] = f"seed-{uuid.uuid4().hex[:12]}" if "id" not in values else values["id"]
            instance: dict = {"schema_version": res.get("schema_version", 0), "attributes": values}
            if "index" in res:
                instance["index_key"] = res["index"]
            entry["instances"].append(instance)
    return {
        "version": 4,
        "terraform_version": "1.11.4",
        "serial": 1,
        "lineage": str(uuid.uuid4()),
        "outputs": {},
        "resources": resources,
    }


def _modules(module: dict):
    yield module
    for child in module.get("child_modules", []):
        yield from _modules(child)


@dataclass
class PlanResult:
    """What an offline plan does to each object: address -> actions, and the moves."""

    actions: dict[str, list[str]]
    moved_from: dict[str, str]  # new address -> previous address
    raw: dict

    @property
    def destroyed(self) -> list[str]:
        return sorted(a for a, acts in self.actions.items() if "delete" in acts)

    @property
    def created(self) -> list[str]:
        return sorted(a for a, acts in self.actions.items() if "create" in acts)


def plan_with_state(tree: Path, state: dict, *plan_args: str) -> PlanResult:
    """An offline plan of a copy of `tree` whose prior state is `state`."""
    with tempfile.TemporaryDirectory(prefix="oracle-plan-") as scratch:
        copy = Path(scratch) / "tree"
        shutil.copytree(tree, copy)
        (copy / "terraform.tfstate").write_text(json.dumps(state), encoding="utf-8")
        planned = _plan_json(copy, *plan_args)
    actions: dict[str, list[str]] = {}
    moved_from: dict[str, str] = {}
    for change in planned.get("resource_changes", []):
        if change.get("mode") != "managed":
            continue
        actions[change["address"]] = list(change["change"]["actions"])
        if change.get("previous_address"):
            moved_from[change["address"]] = change["previous_address"]
    return PlanResult(actions, moved_from, planned)
