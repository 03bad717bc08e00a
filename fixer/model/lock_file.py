"""The dependency lock file (`.terraform.lock.hcl`): the provider versions `terraform init` chose."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Mapping

from fixer.model.files import SourceFile
from fixer.syntax.errors import HCLSyntaxError
from fixer.syntax.parser import parse
from fixer.syntax.values import try_literal

LOCK_FILE = ".terraform.lock.hcl"
DEFAULT_HOST = "registry.terraform.io"
_RELEASE = re.compile(r"^([0-9]+)\.([0-9]+)\.([0-9]+)$")


def lock_file_path(module_path: str) -> str:
    """Where a module directory's lock file is (relative to the project root)."""
    return posixpath.join(module_path, LOCK_FILE) if module_path else LOCK_FILE


def locked_versions(files: Mapping[str, SourceFile], module_path: str) -> dict[str, str] | None:
    """Provider address (`registry.terraform.io/hashicorp/aws`) -> locked version, from the
    module directory's lock file; None when there is none or it does not parse."""
    source = files.get(lock_file_path(module_path))
    if source is None:
        return None
    try:
        tree = parse(source.text, source.rel)
    except HCLSyntaxError:
        return None
    found: dict[str, str] = {}
    for block in tree.body.blocks_of_type("provider"):
        if len(block.labels) != 1:
            continue
        attribute = block.body.attribute("version")
        ok, version = try_literal(attribute.expr if attribute else None)
        if ok and isinstance(version, str):
            found.setdefault(full_address(block.labels[0].value), version)
    return found


def full_address(source: str) -> str:
    """A provider source address with its host: `hashicorp/aws` ->
    `registry.terraform.io/hashicorp/aws`; lower case, as Terraform compares them."""
    parts = source.strip().lower().split("/")
    if len(parts) == 2:
        parts.insert(0, DEFAULT_HOST)
    return "/".join(parts)


def pessimistic_constraint(version: str) -> str | None:
    """The constraint that keeps the locked release and allows the updates its major
    version promises: `5.100.0` -> `~> 5.100` (5.100 or newer, below 6.0); for a 0.x
    release, whose minor versions may break, `0.9.1` -> `~> 0.9.1`. None for a
    pre-release or a version that is not `major.minor.patch`."""
    match = _RELEASE.match(version)
    if match is None:
        return None
    major, minor, patch = match.groups()
    if major == "0":
        return f"~> 0.{minor}.{patch}"
    return f"~> {major}.{minor}"
