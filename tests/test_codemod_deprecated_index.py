"""FX015 deprecated-index: `.0` and `.*` written with brackets, meaning kept."""

from __future__ import annotations

from tflint_helpers import apply, fixed_files, one, run, sources

from codemods.deprecated_index import DeprecatedIndex
from fixer.codemod import Context
from fixer.findings import Applicability
from fixer.model.config import ModelConfig

COUNTED = 'resource "aws_subnet" "public" {\n  count = 2\n}\n\n'


def test_legacy_index_becomes_brackets() -> None:
    text = "locals {\n  a = var.list.0.id\n}\n"
    finding = one(DeprecatedIndex, {"main.tf": text})
    assert finding.message == "Legacy index syntax .0: write [0]"
    assert finding.fix is not None and finding.fix.applicability is Applicability.SAFE
    assert apply(finding, text) == "locals {\n  a = var.list[0].id\n}\n"


def test_attribute_splat_at_the_end_becomes_a_full_splat() -> None:
    text = "locals {\n  a = var.list.*.id\n  b = var.list.*.tags.0\n}\n"
    fixed = fixed_files(DeprecatedIndex, {"main.tf": text})["main.tf"]
    assert fixed == "locals {\n  a = var.list[*].id\n  b = var.list[*].tags[0]\n}\n"


def test_splat_then_index_on_a_counted_resource_moves_the_index() -> None:
    # tflint writes aws_subnet.public[*].id[count.index]: an index into each id string.
    text = (
        COUNTED
        + 'resource "aws_eip" "nat" {\n  count     = 2\n  subnet_id = aws_subnet.public.*.id[count.index]\n}\n'
    )
    fixed = fixed_files(DeprecatedIndex, {"main.tf": text})["main.tf"]
    assert "subnet_id = aws_subnet.public[count.index].id\n" in fixed


def test_splat_then_index_elsewhere_keeps_the_order_with_parentheses() -> None:
    text = "locals {\n  a = local.subnets.*.id[0]\n  b = var.x.*.a.b[1].c\n}\n"
    fixed = fixed_files(DeprecatedIndex, {"main.tf": text})["main.tf"]
    assert fixed == "locals {\n  a = (local.subnets[*].id)[0]\n  b = (var.x[*].a.b)[1].c\n}\n"


def test_a_resource_without_count_is_not_treated_as_a_list() -> None:
    text = 'resource "aws_vpc" "main" {}\n\nlocals {\n  a = aws_vpc.main.*.id[0]\n}\n'
    fixed = fixed_files(DeprecatedIndex, {"main.tf": text})["main.tf"]
    assert "a = (aws_vpc.main[*].id)[0]\n" in fixed


def test_counted_data_source_and_module_call() -> None:
    text = (
        'data "aws_subnet" "a" {\n  count = 2\n}\n\n'
        'module "m" {\n  source = "./m"\n  count  = 2\n}\n\n'
        "locals {\n  a = data.aws_subnet.a.*.id[0]\n  b = module.m.*.out[1]\n}\n"
    )
    fixed = fixed_files(DeprecatedIndex, {"main.tf": text})["main.tf"]
    assert "a = data.aws_subnet.a[0].id\n  b = module.m[1].out\n" in fixed


def test_the_splat_message_says_why_the_index_moves() -> None:
    text = COUNTED + "locals {\n  a = aws_subnet.public.*.id[0]\n}\n"
    finding = one(DeprecatedIndex, {"main.tf": text})
    assert finding.message == (
        "Legacy splat syntax .* in aws_subnet.public.*.id[0]: [*] in its place would apply "
        "[0] to each element; write aws_subnet.public[0].id"
    )


def test_brackets_numbers_and_strings_are_not_reported() -> None:
    text = 'locals {\n  a = var.l[0].x\n  b = var.l[*].x\n  c = 1.5\n  d = "x.0.y"\n}\n'
    assert run(DeprecatedIndex, {"main.tf": text}) == []


def test_inside_templates_and_test_files() -> None:
    found = run(
        DeprecatedIndex,
        {
            "main.tf": 'locals {\n  a = "${var.l.0}"\n}\n',
            "t.tftest.hcl": 'run "x" {\n  assert {\n    condition     = output.l.0 == 1\n    error_message = "x"\n  }\n}\n',
        },
    )
    assert [f.path for f in found] == ["main.tf", "t.tftest.hcl"]


def test_items_with_dotted_numbers_only_in_strings_or_numbers_are_not_walked() -> None:
    # "10.0.0.0/16" and 1.5 matched the text filter, and each such item was walked
    # (0.12 s on the corpus); a walked item keeps what was found with it (its memo).
    text = (
        'locals {\n  cidr = "10.0.0.0/16"\n  ratio = 1.5\n}\n\n'
        "locals {\n  first = aws_subnet.a.0.id\n  all = aws_subnet.a.*.id\n}\n"
    )
    files = sources({"main.tf": text})
    codemod = DeprecatedIndex()
    assert len(list(codemod.check(Context(files, ModelConfig(), codemod)))) == 2
    tree = files["main.tf"].tree
    assert tree is not None
    assert [item.memo is None for item in tree.body.items] == [True, False]
