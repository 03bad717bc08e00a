"""FX001's pieces: the changed region of a file, and the canonical text it compares with."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from codemods.unformatted import _changed_region
from fixer.model.files import SourceFile

texts = st.text(alphabet="ab \n", max_size=40)


def _by_characters(old: str, new: str) -> tuple[int, int, str]:
    """The region found one character at a time, the obvious way."""
    prefix = 0
    while prefix < min(len(old), len(new)) and old[prefix] == new[prefix]:
        prefix += 1
    prefix = old.rfind("\n", 0, prefix) + 1
    suffix = 0
    while suffix < min(len(old), len(new)) - prefix and old[-1 - suffix] == new[-1 - suffix]:
        suffix += 1
    while suffix and suffix < len(old) and old[len(old) - suffix - 1] != "\n":
        suffix -= 1
    return prefix, len(old) - suffix, new[prefix : len(new) - suffix]


@given(old=texts, new=texts)
def test_changed_region_turns_old_into_new_on_line_boundaries(old: str, new: str) -> None:
    start, end, replacement = _changed_region(old, new)
    assert old[:start] + replacement + old[end:] == new
    assert start == 0 or old[start - 1] == "\n"
    assert end in (0, len(old)) or old[end - 1] == "\n"
    assert (start, end, replacement) == _by_characters(old, new)


def test_changed_region_of_a_long_file_is_the_edited_lines() -> None:
    old = "".join(f"line {i}\n" for i in range(5000))
    new = old.replace("line 2500\n", "line  2500\nextra\n")
    start, end, replacement = _changed_region(old, new)
    assert old[start:end] == "line 2500\n"
    assert replacement == "line  2500\nextra\n"


def test_canonical_text_keeps_crlf_and_is_remembered() -> None:
    source = SourceFile("main.tf", 'a=1\r\nbb = "x"\r\n')
    assert source.canonical == 'a  = 1\r\nbb = "x"\r\n'
    assert source.canonical is source.canonical
