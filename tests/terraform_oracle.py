"""Terraform as a test oracle: `terraform validate` and an offline `terraform plan` of a
configuration, with the providers of the machine's plugin directory.

Reusable by any test (`from terraform_oracle import oracle_or_skip`):

    oracle = oracle_or_skip()            # skips with the reason, fails under CI=true
    report = oracle.validate(tree)       # Validation: .ok, .errors (message, file, line)
    plan = oracle.plan(tree, "dev.tfvars")
    plan.count("aws_nat_gateway")        # instances the plan creates
    plan.values("aws_lambda_function_url", "authorization_type")

What it needs: `terraform` on PATH and a plugin directory holding
`registry.terraform.io/hashicorp/aws` (found as `find / -maxdepth 4 -name
registry.terraform.io` would, or named by FIXER_TF_PLUGIN_DIR). Providers missing from
it are handled so:

- `hashicorp/random` and `hashicorp/archive` get schema-only stand-ins
  (`terraform_standin.py`): small Python plugins speaking Terraform's plugin protocol
  with the real providers' schemas, so `validate` checks their arguments and `plan`
  works (unknown computed values; `archive_file` really zips its sources). Terraform
  cannot do without a provider's schema: `terraform test`'s `mock_provider` still needs
  the real provider installed (`terraform init` fails without it), and no provider can
  be built here without a Go toolchain; the stand-ins cost one Python process each.
- any other provider: `missing_providers()` names it, and callers skip that tree.

Offline plans: the tree is copied, every `provider "aws"` gets an override with fake
credentials and `skip_credentials_validation`, `skip_requesting_account_id`,
`skip_metadata_api_check`, `skip_region_validation` (the provider then calls no AWS
API while planning new resources), a backend is overridden by `backend "local"`, and
`-refresh=false -lock=false`. Nothing is applied.

Cost: the AWS provider's schema takes Terraform ~5 s to load, once per command; init is
~1 s (providers are symlinked, never copied). `validate_many` validates many trees in
one Terraform run (each tree a module of one root), so its cost does not grow with the
number of trees.
"""

from __future__ import annotations

import atexit
import functools
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))

from fixer.model.files import SourceFile  # noqa: E402
from fixer.model.project import build_project  # noqa: E402

REGISTRY = "registry.terraform.io"
STANDINS = ("random", "archive")
BUILTIN_PREFIXES = ("terraform_",)  # terraform_data, terraform_remote_state
TIMEOUT = 600
_PLUGIN_CANDIDATES = (
    "/opt/tf-plugins",
    "/usr/share/terraform/plugins",
    "/usr/local/share/terraform/plugins",
    os.path.expanduser("~/.terraform.d/plugins"),
)
MOCK_AWS = """\
  access_key                  = "mock_access_key"
  secret_key                  = "mock_secret_key"
  skip_credentials_validation = true
  skip_requesting_account_id  = true
  skip_metadata_api_check     = true
  skip_region_validation      = true
"""


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() == "true"


def find_plugin_dir() -> Path | None:
    """The directory holding `registry.terraform.io` (FIXER_TF_PLUGIN_DIR, a usual place,
    else `find / -maxdepth 4 -name registry.terraform.io`)."""
    named = os.environ.get("FIXER_TF_PLUGIN_DIR")
    if named:
        return Path(named) if (Path(named) / REGISTRY).is_dir() else None
    for candidate in _PLUGIN_CANDIDATES:
        if (Path(candidate) / REGISTRY).is_dir():
            return Path(candidate)
    try:
        done = subprocess.run(
            ["find", "/", "-maxdepth", "4", "-name", REGISTRY, "-type", "d"],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    found = [line for line in done.stdout.splitlines() if line.strip()]
    return Path(found[0]).parent if found else None


def unavailable_reason() -> str | None:
    """Why the oracle cannot run here, or None."""
    if shutil.which("terraform") is None:
        return "terraform is not on PATH"
    plugins = find_plugin_dir()
    if plugins is None:
        return f"no plugin directory with {REGISTRY} (find / -maxdepth 4 -name {REGISTRY})"
    if not (plugins / REGISTRY / "hashicorp" / "aws").is_dir():
        return f"{plugins} has no hashicorp/aws provider"
    try:
        import grpc  # noqa: F401  (the stand-in providers serve gRPC)
    except ImportError:
        return "grpcio is not installed (pip install -e '.[test]')"
    return None


def oracle_or_skip() -> Oracle:
    """The shared oracle; skips the test with the reason when it cannot run, and fails
    instead under CI=true (CI must run it)."""
    import pytest

    reason = unavailable_reason()
    if reason is not None:
        if in_ci():
            pytest.fail(f"terraform conformance check cannot run in CI: {reason}")
        pytest.skip(reason)
    return shared_oracle()


@functools.cache
def shared_oracle() -> Oracle:
    plugins = find_plugin_dir()
    assert plugins is not None
    return Oracle(Path(shutil.which("terraform") or "terraform"), plugins)


# ---------------------------------------------------------------- results


@dataclass(frozen=True)
class Diagnostic:
    severity: str
    summary: str
    detail: str
    file: str | None
    line: int | None

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}: " if self.file else ""
        return f"{where}{self.summary}: {self.detail}".rstrip(": ")


@dataclass
class Validation:
    ok: bool
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == "error"]


@dataclass
class Plan:
    """A saved plan as `terraform show -json` gives it."""

    document: dict

    @property
    def created(self) -> list[dict]:
        return [
            change
            for change in self.document.get("resource_changes", [])
            if "create" in change["change"]["actions"] and change.get("mode") == "managed"
        ]

    def count(self, resource_type: str) -> int:
        """Instances of a resource type the plan creates (in any module)."""
        return sum(1 for change in self.created if change["type"] == resource_type)

    def counts(self) -> Counter[str]:
        return Counter(change["type"] for change in self.created)

    def values(self, resource_type: str, attribute: str) -> list[object]:
        """The planned value of an attribute of each created instance of a type."""
        return [
            (change["change"].get("after") or {}).get(attribute)
            for change in self.created
            if change["type"] == resource_type
        ]


class OracleError(RuntimeError):
    """Terraform failed where the oracle itself went wrong (init, a crash)."""


# ---------------------------------------------------------------- the oracle


class Oracle:
    """Runs Terraform on copies of configurations, offline."""

    def __init__(self, terraform: Path, plugins: Path) -> None:
        self.terraform = terraform
        self.plugins = plugins
        self.scratch = Path(tempfile.mkdtemp(prefix="fixer-oracle-"))
        atexit.register(shutil.rmtree, self.scratch, ignore_errors=True)
        self.standins = self._write_standins()
        config = self.scratch / "terraformrc"
        config.write_text("")  # no user configuration, no network mirrors
        self.environment = {
            key: value for key, value in os.environ.items() if not key.startswith(("AWS_", "TF_"))
        } | {
            "TF_CLI_CONFIG_FILE": str(config),
            "TF_IN_AUTOMATION": "1",
            "TF_INPUT": "0",
            "CHECKPOINT_DISABLE": "1",
            "TF_DISABLE_PLUGIN_TLS": "1",  # the stand-ins serve plain gRPC on a socket
            "AWS_EC2_METADATA_DISABLED": "true",
        }

    def _write_standins(self) -> Path:
        """A plugin directory with launchers of the stand-in providers."""
        root = self.scratch / "standins"
        for name in STANDINS:
            from terraform_standin import VERSIONS

            version = VERSIONS[name]
            where = root / REGISTRY / "hashicorp" / name / version / "linux_amd64"
            where.mkdir(parents=True)
            launcher = where / f"terraform-provider-{name}_v{version}_x5"
            launcher.write_text(
                f"#!/bin/sh\nexec {sys.executable} {HERE / 'terraform_standin.py'} {name}\n"
            )
            launcher.chmod(0o755)
        return root

    def available_providers(self) -> set[str]:
        """`hashicorp/aws` ... : the providers the real directory and the stand-ins hold."""
        found = set()
        for base in (self.plugins, self.standins):
            for namespace in (base / REGISTRY).iterdir():
                found.update(f"{namespace.name}/{p.name}" for p in namespace.iterdir())
        return found

    # ------------------------------------------------------------ commands

    def run(self, args: Sequence[str], cwd: Path) -> subprocess.CompletedProcess[str]:
        """Run terraform in its own process group, so that a timeout also ends the
        provider plugins it started."""
        command = [str(self.terraform), *args]
        process = subprocess.Popen(
            command,
            cwd=cwd,
            env=self.environment,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            start_new_session=True,
        )
        try:
            stdout, stderr = process.communicate(timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
            raise OracleError(f"terraform {args[0]} timed out after {TIMEOUT} s in {cwd}") from None
        return subprocess.CompletedProcess(command, process.returncode, stdout, stderr)

    def init(self, tree: Path, backend: bool = False) -> None:
        args = ["init", "-input=false", "-no-color", f"-plugin-dir={self.plugins}"]
        args.append(f"-plugin-dir={self.standins}")
        if not backend:
            args.append("-backend=false")
        done = self.run(args, tree)
        if done.returncode != 0:
            raise OracleError(f"terraform init failed in {tree}:\n{done.stderr[-3000:]}")

    def validate(self, tree: Path) -> Validation:
        """`terraform init -backend=false` then `terraform validate` on a copy of tree."""
        work = self._copy(tree)
        self.init(work)
        return self._validate(work)

    def _validate(self, work: Path) -> Validation:
        done = self.run(["validate", "-json", "-no-color"], work)
        try:
            document = json.loads(done.stdout)
        except ValueError as error:
            raise OracleError(f"terraform validate: {done.stderr[-3000:]}") from error
        diagnostics = [
            Diagnostic(
                d.get("severity", "error"),
                d.get("summary", ""),
                d.get("detail", ""),
                (d.get("range") or {}).get("filename"),
                ((d.get("range") or {}).get("start") or {}).get("line"),
            )
            for d in document.get("diagnostics", [])
        ]
        return Validation(bool(document.get("valid")), diagnostics)

    def validate_many(self, trees: dict[str, Path]) -> dict[str, Validation]:
        """Validate several configurations in one Terraform run: each becomes a module of
        one root (required variables given an unknown value), so the providers are
        initialized and their schemas loaded once. Diagnostics go back to their tree.

        A tree Terraform cannot even load (`terraform init` fails on it: a syntax or
        structure error) is reported invalid with init's errors and left out of the run.
        """
        results = {name: Validation(True) for name in trees}
        labels = {f"case_{index}": name for index, name in enumerate(sorted(trees))}
        pending = dict(labels)
        while pending:
            root = Path(tempfile.mkdtemp(prefix="many-", dir=self.scratch))
            calls = ['variable "unknown" {\n  type = any\n}\n']
            for label, name in pending.items():
                shutil.copytree(trees[name], root / label, symlinks=True)
                required = root_variables_without_default(root / label)
                arguments = "".join(f"  {v} = var.unknown\n" for v in required)
                calls.append(f'module "{label}" {{\n  source = "./{label}"\n{arguments}}}\n')
            (root / "main.tf").write_text("\n".join(calls))
            try:
                self.init(root)
            except OracleError as error:
                broken = _init_failures(str(error), pending)
                if not broken:
                    raise
                for label, diagnostics in broken.items():
                    results[pending.pop(label)] = Validation(False, diagnostics)
                continue
            whole = self._validate(root)
            for diagnostic in whole.diagnostics:
                label, _, rel = (diagnostic.file or "").partition("/")
                if label not in pending:
                    if diagnostic.severity == "error":
                        raise OracleError(f"validation of the combined root failed: {diagnostic}")
                    continue
                moved = Diagnostic(
                    diagnostic.severity, diagnostic.summary, diagnostic.detail, rel, diagnostic.line
                )
                result = results[pending[label]]
                result.diagnostics.append(moved)
                result.ok = result.ok and moved.severity != "error"
            break
        return results

    def plan(self, tree: Path, var_file: str | None = None, workspace: str | None = None) -> Plan:
        """An offline `terraform plan` of a copy of tree (see the module docstring)."""
        work = self._copy(tree)
        prepare_offline(work)
        self.init(work, backend=True)
        if workspace is not None:
            done = self.run(["workspace", "new", "-no-color", workspace], work)
            if done.returncode != 0:
                raise OracleError(f"terraform workspace new: {done.stderr[-3000:]}")
        args = ["plan", "-input=false", "-no-color", "-lock=false", "-refresh=false"]
        args += ["-out=oracle.tfplan"]
        if var_file is not None:
            args.append(f"-var-file={var_file}")
        done = self.run(args, work)
        if done.returncode != 0:
            raise OracleError(f"terraform plan failed:\n{done.stdout[-3000:]}{done.stderr[-3000:]}")
        shown = self.run(["show", "-json", "-no-color", "oracle.tfplan"], work)
        return Plan(json.loads(shown.stdout))

    def _copy(self, tree: Path) -> Path:
        work = Path(tempfile.mkdtemp(prefix="tree-", dir=self.scratch)) / tree.name
        shutil.copytree(
            tree, work, symlinks=True, ignore=shutil.ignore_patterns(".terraform*", "*.tfstate")
        )
        return work


_INIT_ERROR = re.compile(
    r"Error: (?P<summary>[^\n]+)\n\s*\n\s*on (?P<file>case_\d+/[^ ]+) line (?P<line>\d+)"
)


def _init_failures(output: str, pending: dict[str, str]) -> dict[str, list[Diagnostic]]:
    """The trees a failed `terraform init` names in its errors, with those errors."""
    found: dict[str, list[Diagnostic]] = {}
    for match in _INIT_ERROR.finditer(output):
        label, _, rel = match.group("file").partition("/")
        if label in pending:
            diagnostic = Diagnostic(
                "error", match.group("summary"), "", rel, int(match.group("line"))
            )
            found.setdefault(label, []).append(diagnostic)
    return found


# ---------------------------------------------------------------- reading trees


def read_tree(tree: Path) -> dict[str, SourceFile]:
    files = {}
    for path in sorted(tree.rglob("*")):
        rel = path.relative_to(tree).as_posix()
        if path.is_file() and rel.endswith((".tf", ".tfvars")) and ".terraform" not in rel:
            files[rel] = SourceFile(rel, path.read_text(encoding="utf-8-sig"))
    return files


def root_variables_without_default(tree: Path) -> list[str]:
    project = build_project(read_tree(tree))
    module = project.modules.get("")
    if module is None:
        return []
    return sorted(name for name, v in module.variables.items() if v.default is None)


_TYPE_PREFIX = re.compile(r"^([a-z0-9]+)_")


def missing_providers(tree: Path, available: Iterable[str]) -> list[str]:
    """The providers a tree needs (its required_providers and its resource types'
    prefixes) that `available` (`hashicorp/aws` ...) lacks."""
    have = {name.split("/")[-1] for name in available}
    project = build_project(read_tree(tree))
    needed: set[str] = set()
    for module in project.modules.values():
        needed.update(module.required_providers)
        for resource in [*module.resources.values(), *module.data.values()]:
            if resource.type.startswith(BUILTIN_PREFIXES):
                continue
            match = _TYPE_PREFIX.match(resource.type)
            if match:
                needed.add(match.group(1))
        for call in module.module_calls.values():
            if call.remote:
                needed.add(f"module {call.source}")
    return sorted(needed - have)


def prepare_offline(tree: Path) -> None:
    """Override files that let `terraform plan` run without AWS or a remote backend."""
    project = build_project(read_tree(tree))
    for module in project.modules.values():
        directory = tree / module.path
        blocks = []
        for provider in module.providers.values():
            if provider.name != "aws":
                continue
            alias = f'  alias = "{provider.alias}"\n' if provider.alias else ""
            region = "" if provider.block.body.attribute("region") else '  region = "us-east-1"\n'
            blocks.append(f'provider "aws" {{\n{alias}{region}{MOCK_AWS}}}\n')
        if module.backend is not None:
            blocks.append('terraform {\n  backend "local" {}\n}\n')
        if blocks:
            (directory / "zz_oracle_override.tf").write_text("\n".join(blocks))
        elif module.path == "" and not module.providers:
            (directory / "zz_oracle_provider.tf").write_text(
                f'provider "aws" {{\n  region = "us-east-1"\n{MOCK_AWS}}}\n'
            )


# terraform fmt as the formatter's oracle: only terraform itself, no providers.
FMT_ENV = {**os.environ, "CHECKPOINT_DISABLE": "1", "TF_CLI_CONFIG_FILE": os.devnull}
_FMT_ERROR = re.compile(r"^  on (\S+\.tf) line \d+", re.MULTILINE)


def terraform_fmt(
    terraform: str, directory: Path, *flags: str, timeout: float = TIMEOUT
) -> tuple[set[str], subprocess.CompletedProcess[bytes]]:
    """Run `terraform fmt -list=false -no-color <flags> .` in the directory (in place
    unless a flag says otherwise): the names of the files it rejects, and the run."""
    result = subprocess.run(
        [terraform, "fmt", *flags, "-list=false", "-no-color", "."],
        cwd=directory,
        capture_output=True,
        env=FMT_ENV,
        timeout=timeout,
        check=False,
    )
    return set(_FMT_ERROR.findall(result.stderr.decode("utf-8", "replace"))), result
