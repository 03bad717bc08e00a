"""fixer.module_edits: verbs that choose the module's file (add_local), and local names."""

from __future__ import annotations

import pytest

from fixer.apply import apply_fixes
from fixer.edits import EditError
from fixer.findings import CreateFile, Fix
from fixer.model.files import SourceFile
from fixer.model.project import build_project
from fixer.module_edits import add_local, local_name
from fixer.syntax.format import format_source

RESOURCE = 'resource "aws_eip" "nat" {\n  domain = "vpc"\n}\n'


def added(texts: dict[str, str], fallback: str | None = "main.tf") -> dict[str, str]:
    """The module's texts after add_local(..., "count", "2") (only the changed ones)."""
    files = {rel: SourceFile(rel, text) for rel, text in texts.items()}
    module = build_project(files).modules[""]
    changes = add_local(files, module, "count", "2", files[fallback] if fallback else None)
    result = apply_fixes(texts, [Fix.safe("t", *changes)], {})
    for text in result.values():
        assert format_source(text) == text
    return result


def test_into_the_last_locals_block_of_the_locals_file() -> None:
    texts = {
        "main.tf": RESOURCE,
        "locals.tf": 'locals {\n  a = 1\n}\n\nlocals {\n  name = "x"\n}\n',
    }
    assert added(texts) == {
        "locals.tf": 'locals {\n  a = 1\n}\n\nlocals {\n  name  = "x"\n  count = 2\n}\n'
    }


def test_after_a_multi_line_value_with_a_blank_line() -> None:
    texts = {"main.tf": RESOURCE, "locals.tf": 'locals {\n  tags = {\n    a = "b"\n  }\n}\n'}
    assert added(texts) == {
        "locals.tf": 'locals {\n  tags = {\n    a = "b"\n  }\n\n  count = 2\n}\n'
    }


def test_a_new_block_at_the_end_of_the_file_that_holds_locals() -> None:
    texts = {"main.tf": RESOURCE, "locals.tf": 'variable "x" {}\n'}
    assert added(texts) == {"locals.tf": 'variable "x" {}\n\nlocals {\n  count = 2\n}\n'}


def test_without_locals_into_main_tf() -> None:
    texts = {"main.tf": RESOURCE, "network.tf": RESOURCE.replace("nat", "b")}
    assert added(texts, fallback="network.tf") == {
        "main.tf": RESOURCE + "\nlocals {\n  count = 2\n}\n"
    }


def test_without_locals_or_main_tf_into_the_fallback() -> None:
    texts = {"eip.tf": RESOURCE, "network.tf": RESOURCE.replace("nat", "b")}
    assert added(texts, fallback="network.tf") == {
        "network.tf": RESOURCE.replace("nat", "b") + "\nlocals {\n  count = 2\n}\n"
    }


def test_without_a_locals_file_or_fallback_the_file_is_created() -> None:
    files = {"network.tf": SourceFile("network.tf", RESOURCE)}
    module = build_project(files).modules[""]
    assert add_local(files, module, "count", "2") == [
        CreateFile("main.tf", "locals {\n  count = 2\n}\n")
    ]


def test_a_locals_file_that_does_not_parse() -> None:
    texts = {"main.tf": RESOURCE, "locals.tf": "locals {\n"}
    assert added(texts) == {"main.tf": RESOURCE + "\nlocals {\n  count = 2\n}\n"}
    files = {rel: SourceFile(rel, text) for rel, text in texts.items()}
    module = build_project(files).modules[""]
    with pytest.raises(EditError):
        add_local(files, module, "count", "2")


def test_local_name_is_per_resource_when_there_are_several() -> None:
    files = {"main.tf": SourceFile("main.tf", RESOURCE + "\n" + RESOURCE.replace("nat", "b"))}
    module = build_project(files).modules[""]
    nat, other = module.resource_blocks("aws_eip")
    assert local_name([nat], nat, "eip_count") == "eip_count"
    assert local_name([nat, other], other, "eip_count") == "b_eip_count"
