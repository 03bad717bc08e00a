"""The project model: modules, module calls, references, file placement, the real corpus."""

from __future__ import annotations

import os
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from fixer.model.files import SourceFile
from fixer.model.project import Project, build_project
from fixer.syntax.errors import HCLSyntaxError
from fixer.syntax.memo import facts
from fixer.syntax.source import decode

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"


def build(files: dict[str, str]) -> Project:
    """A project from path -> text, each text dedented."""
    return build_project(
        {rel: SourceFile(rel, textwrap.dedent(text)) for rel, text in files.items()}
    )


# ---------------------------------------------------------------- what a module declares

NETWORK = {
    "variables.tf": """
        variable "environment" {
          type        = string
          description = "Where this runs"
        }

        variable "nat_count" {
          type    = number
          default = 1
        }
    """,
    "main.tf": """
        locals {
          name = "net-${var.environment}"
          tags = { Name = local.name }
        }

        resource "aws_nat_gateway" "main" {
          count = var.nat_count
        }

        resource "aws_route" "private" {
          for_each       = toset(["a", "b"])
          nat_gateway_id = aws_nat_gateway.main[count.index].id
        }

        data "aws_iam_policy_document" "assume" {}

        provider "aws" {}

        provider "aws" {
          alias = "east"
        }
    """,
    "outputs.tf": """
        output "nat_ids" {
          value = aws_nat_gateway.main[*].id
        }
    """,
    "versions.tf": """
        terraform {
          required_version = ">= 1.5"

          backend "s3" {}

          required_providers {
            aws = {
              source  = "hashicorp/aws"
              version = "~> 5.0"
            }
          }
        }
    """,
}


def test_a_directory_of_tf_files_is_a_module_with_its_declarations():
    module = build(NETWORK).modules[""]

    assert [f.rel for f in module.files] == ["main.tf", "outputs.tf", "variables.tf", "versions.tf"]
    assert list(module.variables) == ["environment", "nat_count"]
    assert list(module.locals) == ["name", "tags"]
    assert list(module.outputs) == ["nat_ids"]
    assert list(module.resources) == ["aws_nat_gateway.main", "aws_route.private"]
    assert list(module.data) == ["data.aws_iam_policy_document.assume"]
    assert list(module.providers) == ["aws", "aws.east"]


def test_variables_know_their_type_default_description_and_file():
    module = build(NETWORK).modules[""]
    environment, nat_count = module.variables["environment"], module.variables["nat_count"]

    assert environment.description == "Where this runs"
    assert environment.default is None
    assert environment.file.rel == "variables.tf"
    assert environment.file.tree is not None
    assert environment.file.tree.source(environment.type) == "string"
    assert nat_count.file.tree is not None
    assert nat_count.file.tree.source(nat_count.default) == "1"


def test_locals_resources_and_data_know_their_blocks():
    module = build(NETWORK).modules[""]
    nat = module.resources["aws_nat_gateway.main"]
    route = module.resources["aws_route.private"]
    policy = module.data["data.aws_iam_policy_document.assume"]

    assert module.locals["name"].attribute.name == "name"
    assert module.locals["tags"].file.rel == "main.tf"
    assert (nat.type, nat.name, nat.address, nat.mode) == (
        "aws_nat_gateway",
        "main",
        "aws_nat_gateway.main",
        "managed",
    )
    assert nat.count is not None and nat.for_each is None
    assert route.for_each is not None and route.count is None
    assert (policy.type, policy.name, policy.mode) == ("aws_iam_policy_document", "assume", "data")
    assert module.resource_blocks("aws_nat_gateway") == [nat]
    assert module.resource_blocks("aws_vpc") == []
    assert module.data_blocks("aws_iam_policy_document") == [policy]


def test_terraform_blocks_give_backend_version_and_providers():
    module = build(NETWORK).modules[""]

    assert len(module.terraform_blocks) == 1
    assert module.terraform_blocks[0].file.rel == "versions.tf"
    assert module.backend is not None and module.backend.label_values == ("s3",)
    assert module.required_version == ">= 1.5"
    assert list(module.required_providers) == ["aws"]
    assert module.providers["aws.east"].alias == "east"


def test_files_that_do_not_parse_are_listed_as_errors_and_contribute_nothing():
    project = build({"main.tf": 'variable "a" {}\n', "broken.tf": 'variable "b" {\n'})
    module = project.modules[""]

    assert [f.rel for f in module.files] == ["main.tf"]
    assert [f.rel for f in module.errors] == ["broken.tf"]
    assert isinstance(module.errors[0].error, HCLSyntaxError)
    assert list(module.variables) == ["a"]
    assert [f.rel for f in project.errors] == ["broken.tf"]


def test_a_name_declared_twice_keeps_the_first_declaration():
    module = build({"a.tf": 'variable "x" { default = 1 }\n', "b.tf": 'variable "x" {}\n'})
    assert module.modules[""].variables["x"].file.rel == "a.tf"


# ---------------------------------------------------------------- module calls

CALLS = {
    "main.tf": """
        module "network" {
          source      = "./modules/network"
          environment = var.env
          nat_count   = 2
          count       = 1
        }

        module "vpc" {
          source  = "terraform-aws-modules/vpc/aws"
          version = "5.0.0"
        }

        module "git" {
          source = "git::https://example.com/modules.git//vpc?ref=v1"
        }

        module "missing" {
          source = "./modules/nowhere"
        }

        module "outside" {
          source = "../elsewhere"
        }
    """,
    "modules/network/main.tf": """
        variable "environment" {}
        variable "nat_count" {}

        module "subnets" {
          source = "../subnets"
          name   = var.environment
        }
    """,
    "modules/subnets/main.tf": """
        variable "name" {}
    """,
}


def test_local_module_calls_resolve_to_modules_of_the_same_project():
    project = build(CALLS)
    root, network, subnets = (
        project.modules[p] for p in ("", "modules/network", "modules/subnets")
    )
    call = root.module_calls["network"]

    assert call.source == "./modules/network"
    assert call.child is network and not call.remote
    assert call.caller is root
    assert list(call.arguments) == ["environment", "nat_count"]  # not source, count
    assert network.module_calls["subnets"].child is subnets
    assert project.callers(subnets) == [network.module_calls["subnets"]]
    assert project.root_modules == [root]
    assert project.descendants(root) == [root, network, subnets]


def test_roots_reaching_a_module_are_found_once_per_project(monkeypatch) -> None:
    project = build(
        {
            "a/main.tf": 'module "c" {\n  source = "../c"\n}\n',
            "b/main.tf": 'module "c" {\n  source = "../c"\n}\n',
            "c/main.tf": 'module "d" {\n  source = "../d"\n}\n',
            "d/main.tf": "",
            "e/main.tf": "",
        }
    )
    walks = []
    descendants = Project.descendants
    monkeypatch.setattr(
        Project, "descendants", lambda self, m: walks.append(m) or descendants(self, m)
    )
    a, b, c, d, e = (project.modules[p] for p in "abcde")
    assert project.roots_reaching(d) == [a, b]
    assert project.roots_reaching(c) == [a, b]
    assert [project.roots_reaching(m) for m in (a, b, e)] == [[a], [b], [e]]
    assert len(walks) == len(project.root_modules) == 3  # not once per module and root


def test_remote_module_calls_are_noted_not_fetched():
    root = build(CALLS).modules[""]

    assert root.module_calls["vpc"].remote and root.module_calls["vpc"].child is None
    assert root.module_calls["vpc"].version == "5.0.0"
    assert root.module_calls["git"].remote


def test_local_sources_without_a_module_resolve_to_nothing():
    root = build(CALLS).modules[""]

    assert root.module_calls["missing"].child is None
    assert not root.module_calls["missing"].remote
    assert root.module_calls["missing"].child_path == "modules/nowhere"
    assert root.module_calls["outside"].child is None
    assert root.module_calls["outside"].child_path is None  # outside the project root


def test_cyclic_module_calls_do_not_hang():
    project = build(
        {
            "a/main.tf": 'variable "x" {}\nmodule "b" {\n  source = "../b"\n  y = var.x\n}\n',
            "b/main.tf": 'variable "y" {}\nmodule "a" {\n  source = "../a"\n  x = var.y\n}\n',
            "self/main.tf": 'variable "z" {}\nmodule "me" {\n  source = "./"\n  z = var.z\n}\n',
        }
    )
    a, b, me = project.modules["a"], project.modules["b"], project.modules["self"]

    assert a.module_calls["b"].child is b and b.module_calls["a"].child is a
    assert project.root_modules == [me]  # a and b call each other; `self` only calls itself
    assert project.descendants(a) == [a, b]
    assert project.environment_variable(a) is None


# ---------------------------------------------------------------- references


def test_references_to_a_resource_carry_the_whole_traversal():
    project = build(NETWORK)
    module = project.modules[""]

    found = module.references_to("aws_nat_gateway.main")

    assert [(source.rel, source.text[ref.node.start : ref.node.end]) for source, ref in found] == [
        ("main.tf", "aws_nat_gateway.main[count.index].id"),
        ("outputs.tf", "aws_nat_gateway.main[*].id"),
    ]


def test_references_to_variables_and_locals():
    module = build(NETWORK).modules[""]

    assert [str(ref) for _, ref in module.references_to("var.environment")] == ["var.environment"]
    assert [str(ref) for _, ref in module.references_to("local.name")] == ["local.name"]
    assert module.references_to("var.unused") == []


# ---------------------------------------------------------------- where new blocks go


def test_file_for_prefers_the_conventional_file():
    module = build(NETWORK).modules[""]

    assert module.file_for("variable") == "variables.tf"
    assert module.file_for("output") == "outputs.tf"
    assert module.file_for("terraform") == "versions.tf"


def test_file_for_falls_back_to_where_such_blocks_live_then_standard_files():
    project = build(
        {
            "mod/network.tf": 'locals {\n  a = 1\n}\nvariable "x" {}\nvariable "y" {}\n',
            "mod/inputs.tf": 'variable "z" {}\n',
        }
    )
    module = project.modules["mod"]

    assert module.file_for("variable") == "mod/network.tf"  # holds most variables
    assert module.file_for("locals") == "mod/network.tf"
    assert module.file_for("local") == "mod/network.tf"
    assert module.file_for("output") == "mod/outputs.tf"  # does not exist yet: create it
    assert module.file_for("resource") == "mod/main.tf"


# ---------------------------------------------------------------- the project


def test_project_lists_other_files_tests_and_finds_the_module_of_a_file():
    project = build(
        {
            "main.tf": "",
            "README.md": "# hi\n",
            "scripts/deploy.sh": "terraform apply\n",
            "modules/x/main.tf": "",
            "modules/x/tests/basic.tftest.hcl": 'run "plan" {}\n',
            "dev.tfvars": "a = 1\n",
        }
    )

    assert [f.rel for f in project.other_files] == ["README.md", "scripts/deploy.sh"]
    assert [f.rel for f in project.modules["modules/x"].tests] == [
        "modules/x/tests/basic.tftest.hcl"
    ]
    assert project.module_for("modules/x/main.tf") is project.modules["modules/x"]
    assert project.module_for("modules/x/tests/basic.tftest.hcl") is project.modules["modules/x"]
    assert project.module_for("dev.tfvars") is project.modules[""]
    assert project.module_for("scripts/deploy.sh") is None
    assert project.config.production_environments == ["prod", "production", "prd", "live"]


def test_home_module_is_the_nearest_module_directory_else_the_only_root():
    project = build(
        {
            "main.tf": 'module "x" {\n  source = "./modules/x"\n}\n',
            "modules/x/main.tf": "",
            "modules/x/scripts/build.sh": "",
            "scripts/deploy.sh": "",
        }
    )
    root, child = project.modules[""], project.modules["modules/x"]
    assert project.home_module("README.md") is root
    assert project.home_module("scripts/deploy.sh") is root
    assert project.home_module("modules/x/README.md") is child
    assert project.home_module("modules/x/scripts/build.sh") is child
    assert project.home_module("modules/README.md") is root  # no module there: the root

    two_roots = build({"a/main.tf": "", "b/main.tf": ""})
    assert two_roots.home_module("docs/README.md") is None
    assert two_roots.home_module("a/docs/README.md") is two_roots.modules["a"]


def test_readme_of_is_the_readme_in_the_module_directory_in_any_case():
    project = build(
        {
            "main.tf": "",
            "docs/README.md": "",
            "modules/x/main.tf": "",
            "modules/x/Readme.MD": "",
            "modules/y/main.tf": "",
            "modules/y/README.txt": "",
        }
    )
    assert project.readme_of(project.modules[""]) is None  # docs/ is not the module's own
    readme = project.readme_of(project.modules["modules/x"])
    assert readme is not None and readme.rel == "modules/x/Readme.MD"
    assert project.readme_of(project.modules["modules/y"]) is None


def test_an_empty_project_has_no_modules():
    project = build({})
    assert project.modules == {} and project.root_modules == [] and project.environments == []


# ---------------------------------------------------------------- the real corpus


LARGEST_MODEL_REPOSITORIES = [
    "terraform-google-modules__terraform-google-kubernetes-engine",
    "terraform-aws-modules__terraform-aws-security-group",
]


def _corpus_repositories() -> list[str]:
    if not (CORPUS / "files").is_dir():
        return []
    return sorted(p.name for p in (CORPUS / "files").iterdir() if p.is_dir())


def corpus_repository_files(repo: str, prefix: str = "") -> dict[str, SourceFile]:
    """The valid files of one corpus repository, parsed, their paths under `prefix`."""
    invalid = {
        line.split("\t")[0]
        for line in (CORPUS / "fmt_status.tsv").read_text().splitlines()
        if line.endswith("\tinvalid")
    }
    root = CORPUS / "files" / repo
    files: dict[str, SourceFile] = {}
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root).as_posix()
        if path.is_file() and f"{repo}/{rel}" not in invalid:
            decoded = decode(path.read_bytes(), rel)
            files[prefix + rel] = SourceFile(prefix + rel, decoded.text, decoded.bom)
    for source in files.values():
        _ = source.tree
    return files


def python_calls(work: Callable[[], object]) -> int:
    """How many Python functions `work` calls: a measure of work that, unlike time, does
    not depend on the machine or its load."""
    calls = 0

    def count(frame: object, event: str, arg: object) -> None:
        nonlocal calls
        if event == "call":
            calls += 1

    sys.setprofile(count)
    try:
        work()
    finally:
        sys.setprofile(None)
    return calls


@pytest.mark.parametrize("repo", LARGEST_MODEL_REPOSITORIES)
def test_the_model_costs_the_same_per_module_for_twice_the_modules(repo: str) -> None:
    """Building the model of a repository twice over (two copies side by side) makes
    twice the calls of one copy: nothing in it grows with the square of the modules."""
    if not (CORPUS / "files" / repo).is_dir():
        if os.environ.get("CI") == "true":
            pytest.fail(f"corpus missing at {CORPUS}")
        pytest.skip(f"corpus missing at {CORPUS}")
    once = corpus_repository_files(repo)
    twice = {**corpus_repository_files(repo, "a/"), **corpus_repository_files(repo, "b/")}
    one_copy = python_calls(lambda: build_project(once))
    two_copies = python_calls(lambda: build_project(twice))
    assert len(build_project(twice).modules) == 2 * len(build_project(once).modules)
    assert two_copies <= 2.3 * one_copy, (one_copy, two_copies)


@pytest.mark.parametrize("repo", _corpus_repositories() or ["<no corpus>"])
def test_the_model_builds_for_every_corpus_repository(repo: str):
    if repo == "<no corpus>":
        if os.environ.get("CI") == "true":
            pytest.fail(f"corpus missing at {CORPUS}")
        pytest.skip(f"corpus missing at {CORPUS}")
    project = build_project(corpus_repository_files(repo))
    assert project.modules and project.root_modules
    assert not project.errors
    for module in project.modules.values():
        project.environment_variable(module)
        for local in module.locals.values():
            values = project.resolve_per_environment(module, local.expr)
            assert values  # one entry per environment, or "default"
        for call in module.module_calls.values():
            assert call.remote or call.source is None or call.child_path is not None
    assert all(env.module is not None for env in project.environments)


def test_reference_sites_and_the_one_flat_tuple_kept_per_item() -> None:
    text = (
        'resource "aws_instance" "a" {\n  ami = var.ami\n  tags = [local.n, var.m]\n'
        "  ebs_block_device {\n    size = var.size\n  }\n}\n"
    )
    module = build({"main.tf": text}).modules[""]
    sites = [(name, str(ref)) for _, _, name, _, ref in module.reference_sites()]
    assert sites == [
        ("ami", "var.ami"),
        ("tags", "local.n"),
        ("tags", "var.m"),
        ("ebs_block_device.size", "var.size"),
    ]
    # What is kept with the item for as long as the tree lives: one tuple, not a tuple
    # per attribute and per reference (4 MB on the corpus).
    (item,) = module.files[0].tree.body.items
    (kept,) = facts(item).values()
    assert len(kept) == 3 * len(sites) and not any(isinstance(x, tuple) for x in kept)
