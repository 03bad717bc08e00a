"""FX019 json-syntax: root arrays of `.tf.json` files merged into one object, text kept."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tflint_helpers import fixed_files, one, run

from codemods.json_syntax import JsonSyntax, root_object
from fixer.discover import JSON_NOTICE, discover
from fixer.findings import Applicability
from fixer.json_text import JsonSyntaxError, parse_json


def merged(text: str) -> str:
    return fixed_files(JsonSyntax, {"main.tf.json": text})["main.tf.json"]


def test_root_array_is_reported_at_its_bracket_with_a_safe_fix() -> None:
    finding = one(JsonSyntax, {"main.tf.json": '\n[{"locals": {"a": 1}}]\n'})
    assert finding.message == (
        "JSON configuration has an array at its root; Terraform documents an object"
    )
    assert (finding.span.start_line, finding.span.start_column) == (2, 1)
    assert finding.fix is not None and finding.fix.applicability is Applicability.SAFE


def test_members_keep_their_text_and_order() -> None:
    text = '[{"locals": {"b": 2.50, "a": "\\u00e9"}}, {"output": {"o": {"value": 1}}}]\n'
    assert (
        merged(text) == '{"locals": {"b": 2.50, "a": "\\u00e9"}, "output": {"o": {"value": 1}}}\n'
    )


def test_repeated_block_types_become_one_array() -> None:
    text = '[{"resource": {"a": {}}}, {"locals": {}}, {"resource": [{"b": {}}, {"c": {}}]}]'
    assert merged(text) == '{"resource": [{"a": {}}, {"b": {}}, {"c": {}}], "locals": {}}'


def test_multi_line_values_move_left_with_the_nesting_they_lose() -> None:
    text = '[\n    {\n        "locals": {\n            "a": 1\n        }\n    }\n]\n'
    assert merged(text) == '{\n    "locals": {\n        "a": 1\n    }\n}\n'


def test_empty_root_array() -> None:
    assert merged("[]\n") == "{}\n"


def test_root_object_tfvars_json_and_invalid_json_are_not_reported() -> None:
    files = {
        "a.tf.json": '{"locals": {}}',
        "b.tfvars.json": '[{"a": 1}]',
        "c.tf.json": "[{",
    }
    assert run(JsonSyntax, files) == []


def test_array_of_something_else_is_reported_without_a_fix() -> None:
    assert one(JsonSyntax, {"main.tf.json": '[{"locals": {}}, 1]'}).fix is None


def test_crlf_file_keeps_its_line_endings() -> None:
    text = '[\r\n  {"locals": {"a": 1}},\r\n  {"locals": {"b": 2}}\r\n]\r\n'
    assert merged(text) == '{\r\n  "locals": [\r\n    {"a": 1},\r\n    {"b": 2}\r\n  ]\r\n}\r\n'


objects = st.dictionaries(
    st.sampled_from(["resource", "locals", "variable", "output", "//"]),
    st.dictionaries(st.text("abc", min_size=1, max_size=3), st.integers() | st.text(max_size=4)),
    max_size=3,
)


@settings(max_examples=200, deadline=None)
@given(st.lists(objects, max_size=5), st.sampled_from([None, 2, 4]))
def test_the_merged_object_holds_every_block_in_order(
    items: list[dict], indent: int | None
) -> None:
    text = json.dumps(items, indent=indent)
    result = json.loads(root_object(text, parse_json(text)) or "null")
    expected: dict[str, list] = {}
    for item in items:
        for key, value in item.items():
            expected.setdefault(key, []).append(value)
    assert list(result) == list(expected)
    for key, values in expected.items():
        assert result[key] == (values[0] if len(values) == 1 else values)


@pytest.mark.parametrize("text", ["", "[", '{"a" 1}', "[1,]", "[1] x", "{'a': 1}", "[" * 300])
def test_parse_json_rejects_what_is_not_json(text: str) -> None:
    with pytest.raises(JsonSyntaxError):
        parse_json(text)


def test_discovery_reads_tf_json_with_a_notice_and_skips_tfvars_json(tmp_path: Path) -> None:
    (tmp_path / "main.tf.json").write_text('[{"locals": {}}]')
    (tmp_path / "x.tfvars.json").write_text('{"a": 1}')
    (tmp_path / "bad.tf.json").write_bytes(b"\xff\xfe")
    target = discover(tmp_path, ".")
    assert sorted(target.files) == ["main.tf.json"]
    assert target.files["main.tf.json"].kind == "tfjson"
    assert dict(target.skipped) == {
        "bad.tf.json": JSON_NOTICE,
        "main.tf.json": JSON_NOTICE,
        "x.tfvars.json": "JSON configuration (.tfvars.json) is not supported",
    }
    assert not target.errors
