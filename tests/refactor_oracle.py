"""Terraform's judgement of refactorings: an offline plan against a prior state.

Built on the shared oracle (`terraform_oracle.py`: its Oracle runs Terraform offline with
the machine's providers). A refactoring is proven by `terraform validate` on the result
and by an offline `terraform plan` whose prior state holds the *old* configuration's
objects at the old addresses: the plan must destroy nothing (and, here, change nothing).

The state is seeded from the old tree's own plan (`plan` then `show -json`): every object
at its old address with the values Terraform would have given it, placeholders of the
schema's types for what the plan left unknown, then settled by planning the old tree
against it until it changes nothing (see `seeded_state`).
"""

from __future__ import annotations

import json
import shutil
import tempfile
import uuid
from dataclasses import dataclass
from pathlib import Path

from terraform_oracle import Oracle, Validation, oracle_or_skip, prepare_offline


def oracle() -> Oracle:
    """The shared oracle; skips (fails when CI=true) where terraform or the providers are
    missing."""
    return oracle_or_skip()


def validate(tree: Path) -> Validation:
    """`terraform validate` of a tree; raises TerraformError unless it is valid."""
    result = oracle().validate(tree)
    if not result.ok:
        raise TerraformError(
            f"terraform validate failed in {tree}:\n" + "\n".join(map(str, result.errors))
        )
    return result


class TerraformError(AssertionError):
    """A terraform command failed; the message holds its output."""


def terraform(directory: Path, *args: str, check: bool = True):
    """Run terraform in a directory with the oracle's offline environment."""
    done = oracle().run(list(args), directory)
    if check and done.returncode != 0:
        raise TerraformError(
            f"terraform {' '.join(args)} failed in {directory} ({done.returncode}):\n"
            f"{done.stdout[-4000:]}\n{done.stderr[-4000:]}"
        )
    return done


def _work_copy(tree: Path) -> Path:
    """A copy of the tree, offline (fake AWS credentials, local backend), initialised."""
    scratch = Path(tempfile.mkdtemp(prefix="refactor-"))
    work = scratch / "tree"
    shutil.copytree(tree, work, ignore=shutil.ignore_patterns(".terraform*", "*.tfstate"))
    prepare_offline(work)
    (work / "zz_refactor_backend_override.tf").write_text(
        'terraform {\n  backend "local" {}\n}\n', encoding="utf-8"
    )
    oracle().init(work, backend=True)
    return work


def _plan_json(directory: Path, *extra: str, only_if_changes: bool = False) -> dict | None:
    """The plan as `terraform show -json` gives it; with `only_if_changes`, None (and no
    `show`, which loads the providers again) when the plan changes nothing."""
    done = terraform(
        directory,
        "plan",
        "-refresh=false",
        "-lock=false",
        "-input=false",
        "-json",
        "-out=refactor.tfplan",
        *extra,
    )
    if only_if_changes and not any(
        json.loads(line).get("type") == "planned_change"
        for line in done.stdout.splitlines()
        if line.startswith("{")
    ):
        return None
    shown = terraform(directory, "show", "-json", "refactor.tfplan")
    return json.loads(shown.stdout)


_SCHEMAS: dict[str, dict[str, dict]] = {}


def _schemas(directory: Path) -> dict[str, dict]:
    """Resource type -> its block schema, from the providers the directory was inited with
    (remembered per set of providers: the lock file names them)."""
    lock = directory / ".terraform.lock.hcl"
    key = lock.read_text(encoding="utf-8") if lock.exists() else ""
    if key in _SCHEMAS:
        return _SCHEMAS[key]
    done = terraform(directory, "providers", "schema", "-json")
    found: dict[str, dict] = {}
    for provider in json.loads(done.stdout).get("provider_schemas", {}).values():
        for name, schema in provider.get("resource_schemas", {}).items():
            found[name] = schema["block"]
    _SCHEMAS[key] = found
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


def seeded_state(old_tree: Path, *plan_args: str, rounds: int = 5) -> dict:
    """A state holding every object the old tree plans to create, at its old address,
    settled so that a plan of the old tree against it changes nothing.

    Each planned object becomes a state object with its planned values, placeholders of
    the schema's types for the computed attributes the plan left unknown, and a fake
    `id`. Placeholders make values that other objects read (`aws_vpc.main.id` in a
    subnet's `vpc_id`) disagree, so the old tree is planned again against the state and
    the planned values taken, until no object would change, at most `rounds` times (a
    replaced object's new id is unknown until the next round, so a chain of n references
    needs n rounds; a test's own plan of the result shows whatever is left).
    """
    work = _work_copy(old_tree)
    try:
        planned = _plan_json(work, *plan_args)
        assert planned is not None
        state, instances = _initial_state(planned, _schemas(work))
        for _ in range(rounds):
            (work / "terraform.tfstate").write_text(json.dumps(state), encoding="utf-8")
            again = _plan_json(work, *plan_args, only_if_changes=True)
            if again is None or not _settle(again, instances):
                break
            state["serial"] += 1
    finally:
        shutil.rmtree(work.parent, ignore_errors=True)
    return state


def _initial_state(planned: dict, schemas: dict[str, dict]) -> tuple[dict, dict[str, dict]]:
    """The first state and its instances by address."""
    unknown = {
        change["address"]: change["change"].get("after_unknown") or {}
        for change in planned.get("resource_changes", [])
    }
    resources: list[dict] = []
    instances: dict[str, dict] = {}
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
            if "id" not in values:
                values["id"] = f"seed-{uuid.uuid4().hex[:12]}"
            instance: dict = {"schema_version": res.get("schema_version", 0), "attributes": values}
            if "index" in res:
                instance["index_key"] = res["index"]
            entry["instances"].append(instance)
            instances[res["address"]] = instance
    state = {
        "version": 4,
        "terraform_version": "1.11.4",
        "serial": 1,
        "lineage": str(uuid.uuid4()),
        "outputs": {},
        "resources": resources,
    }
    return state, instances


def _settle(planned: dict, instances: dict[str, dict]) -> bool:
    """Take the known planned values of every object the plan would change; returns
    whether any would change."""
    changed = False
    for change in planned.get("resource_changes", []):
        actions = change["change"]["actions"]
        instance = instances.get(change["address"])
        if instance is None or actions == ["no-op"]:
            continue
        after = change["change"].get("after") or {}
        unknown = change["change"].get("after_unknown") or {}
        attributes = instance["attributes"]
        for name, value in after.items():
            if unknown.get(name) is True:
                continue
            if value is None:
                attributes.pop(name, None)
            elif name != "id":
                attributes[name] = value
        changed = True
    return changed


def _modules(module: dict):
    yield module
    for child in module.get("child_modules", []):
        yield from _modules(child)


@dataclass
class PlanResult:
    """What an offline plan does to each object that it changes or moves.

    `actions` maps an address to Terraform's action for it ("create", "update",
    "delete", "replace", "move" ...); objects left alone are not listed.
    """

    actions: dict[str, str]
    moved_from: dict[str, str]  # new address -> previous address
    messages: list[dict]

    @property
    def destroyed(self) -> list[str]:
        return sorted(a for a, act in self.actions.items() if act in ("delete", "replace"))

    @property
    def changed(self) -> list[str]:
        """Objects the plan would do anything to but move."""
        return sorted(a for a, act in self.actions.items() if act not in ("move", "noop"))

    @property
    def created(self) -> list[str]:
        return sorted(a for a, act in self.actions.items() if act in ("create", "replace"))


def plan_with_state(tree: Path, state: dict, *plan_args: str) -> PlanResult:
    """An offline plan of a copy of `tree` whose prior state is `state` (the plan's
    machine-readable stream: no `show`, which would start the providers again)."""
    work = _work_copy(tree)
    try:
        (work / "terraform.tfstate").write_text(json.dumps(state), encoding="utf-8")
        done = terraform(
            work,
            "plan",
            "-refresh=false",
            "-lock=false",
            "-input=false",
            "-json",
            *plan_args,
            check=False,
        )
    finally:
        shutil.rmtree(work.parent, ignore_errors=True)
    messages = [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]
    if done.returncode != 0:
        errors = [m.get("@message", "") for m in messages if m.get("@level") == "error"]
        raise TerraformError(f"terraform plan failed in {tree}:\n" + "\n".join(errors))
    actions: dict[str, str] = {}
    moved_from: dict[str, str] = {}
    for message in messages:
        if message.get("type") != "planned_change":
            continue
        change = message["change"]
        address = change["resource"]["addr"]
        actions[address] = change["action"]
        previous = change.get("previous_resource")
        if previous:
            moved_from[address] = previous["addr"]
    return PlanResult(actions, moved_from, messages)
