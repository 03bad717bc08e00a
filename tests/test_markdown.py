"""fixer.markdown: lines and code fences, ATX and setext headings, where a section ends."""

from __future__ import annotations

from fixer.markdown import Heading, Line, headings, markdown_lines, section_end


def test_lines_inside_a_fence_are_marked_with_the_fence_lines() -> None:
    text = "intro\n```sh\naws s3 mb s3://x\n```\nafter\n"
    assert markdown_lines(text) == [
        Line(0, "intro", False),
        Line(6, "```sh", True),
        Line(12, "aws s3 mb s3://x", True),
        Line(29, "```", True),
        Line(33, "after", False),
    ]


def test_a_fence_closes_only_with_its_own_character_at_least_as_long() -> None:
    text = "````\n```\n~~~~\n````\nout\n"
    assert [line.fenced for line in markdown_lines(text)] == [True, True, True, True, False]


def test_offsets_count_crlf_line_endings_and_the_text_drops_them() -> None:
    lines = markdown_lines("# A\r\n\r\nB\r\n")
    assert [(line.start, line.text) for line in lines] == [(0, "# A"), (5, ""), (7, "B")]


def test_headings_skip_code_fences_and_read_setext() -> None:
    text = (
        "Title\n=====\n\n```sh\n# not a heading\n```\n\n~~~~\n## nor this\n```\n~~~~\n"
        "    # indented code\n\nSub\n---\n\n### Closed ###\n#hashtag\n"
    )
    found = [(h.level, h.title) for h in headings(text)]
    assert found == [(1, "Title"), (2, "Sub"), (3, "Closed")]


def test_a_heading_starts_at_its_first_line() -> None:
    text = "# One\n\nTwo\n---\n"
    assert headings(text) == [Heading(1, "One", 0), Heading(2, "Two", 7)]


def test_a_list_item_or_quote_over_dashes_is_not_a_heading() -> None:
    assert headings("- item\n---\n\n> quote\n===\n") == []


def test_section_ends_at_the_next_heading_of_its_level_or_higher() -> None:
    text = "# A\n## B\n### C\n## D\n# E\n"
    found = headings(text)
    assert [section_end(text, found, i) for i in range(len(found))] == [
        text.index("# E"),
        text.index("## D"),
        text.index("## D"),
        text.index("# E"),
        len(text),
    ]
