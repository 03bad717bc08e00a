"""Origins: passes of edits composed into hunks that map a fixed text back to the original."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from fixer.origins import Origins

ALPHABET = "ab\n"


@st.composite
def passes(draw: st.DrawFn) -> tuple[str, list[list[tuple[int, int, str]]]]:
    """An original text and up to four passes of non-overlapping edits on the text so far."""
    text = draw(st.text(ALPHABET, max_size=30))
    current = text
    out = []
    for _ in range(draw(st.integers(0, 4))):
        points = sorted(draw(st.lists(st.integers(0, len(current)), max_size=6)))
        edits = []
        last = -1
        for start, end in zip(points[::2], points[1::2], strict=False):
            if start == last:  # two edits touching at one point: one pass never has them
                continue
            edits.append((start, end, draw(st.text("XY\n", max_size=4))))
            last = end
        out.append(edits)
        pieces, cursor = [], 0
        for start, end, content in edits:
            pieces += [current[cursor:start], content]
            cursor = end
        current = "".join(pieces) + current[cursor:]
    return text, out


def run(text: str, all_passes: list[list[tuple[int, int, str]]]) -> tuple[str, Origins]:
    origins = Origins()
    current = text
    for edits in all_passes:
        origins.record((start, end, len(content)) for start, end, content in edits)
        pieces, cursor = [], 0
        for start, end, content in edits:
            pieces += [current[cursor:start], content]
            cursor = end
        current = "".join(pieces) + current[cursor:]
    return current, origins


@settings(max_examples=400, deadline=None)
@given(passes())
def test_hunks_rebuild_the_final_text_from_the_original(case: tuple) -> None:
    text, all_passes = case
    final, origins = run(text, all_passes)
    rebuilt, cursor, new_cursor = [], 0, 0
    for hunk in origins.hunks:
        assert cursor <= hunk.old_start <= hunk.old_end
        assert text[cursor : hunk.old_start] == final[new_cursor : hunk.new_start]
        rebuilt += [text[cursor : hunk.old_start], final[hunk.new_start : hunk.new_end]]
        cursor, new_cursor = hunk.old_end, hunk.new_end
    rebuilt.append(text[cursor:])
    assert "".join(rebuilt) == final


@settings(max_examples=400, deadline=None)
@given(passes(), st.data())
def test_unchanged_offsets_map_back_exactly_and_ranges_widen_to_exact_ones(
    case: tuple, data: st.DataObject
) -> None:
    text, all_passes = case
    final, origins = run(text, all_passes)
    inside = {x for h in origins.hunks for x in range(h.new_start + 1, h.new_end)}
    for offset in range(len(final) + 1):
        back = origins.to_original(offset)
        assert 0 <= back <= len(text)
        assert origins.to_original(offset, right=True) >= back
        if (
            offset not in inside
            and offset < len(final)
            and not any(h.new_start <= offset < h.new_end for h in origins.hunks)
        ):
            assert final[offset] == text[back]
    start = data.draw(st.integers(0, len(final)))
    end = data.draw(st.integers(start, len(final)))
    old_start, old_end, new_start, new_end = origins.widen(start, end)
    assert new_start <= start <= end <= new_end
    # Replacing original[old_start:old_end] by final[new_start:new_end] in a text where only
    # the hunks outside that range are applied gives the final text.
    outside = [
        h
        for h in origins.hunks
        if (h.old_end <= old_start and h.new_end <= new_start)
        or (h.old_start >= old_end and h.new_start >= new_end)
    ]
    pieces, cursor = [], 0
    replaced = False
    for hunk in [*outside, None]:
        if not replaced and (hunk is None or hunk.old_start >= old_end):
            pieces += [text[cursor:old_start], final[new_start:new_end]]
            cursor, replaced = old_end, True
        if hunk is None:
            break
        pieces += [text[cursor : hunk.old_start], final[hunk.new_start : hunk.new_end]]
        cursor = hunk.old_end
    pieces.append(text[cursor:])
    assert "".join(pieces) == final


def test_a_deletion_then_an_insertion_inside_the_inserted_text() -> None:
    origins = Origins()
    origins.record([(2, 4, 3)])  # "abcdef" -> "abXYZef"
    origins.record([(3, 3, 1)])  # -> "abXqYZef"
    assert [(h.old_start, h.old_end, h.new_start, h.new_end) for h in origins.hunks] == [
        (2, 4, 2, 6)
    ]
    assert origins.to_original(7) == 5
    assert origins.to_original(4) == 2 and origins.to_original(4, right=True) == 4
    assert origins.widen(3, 3) == (2, 4, 2, 6)


@settings(max_examples=400, deadline=None)
@given(st.text("ab \n", max_size=40), st.text("ab \n", max_size=40))
def test_refined_edits_rebuild_the_new_text(old: str, new: str) -> None:
    from fixer.origins import refined

    assert rebuilt(old, new, refined(old, new)) == new


def rebuilt(old: str, new: str, edits: list[tuple[int, int, int]]) -> str:
    """old with the refined edits (start, end, length in new) applied, in order."""
    pieces, cursor = [], 0
    offset_in_new = 0
    for start, end, length in edits:
        assert cursor <= start <= end <= len(old)
        pieces.append(old[cursor:start])
        offset_in_new += start - cursor
        pieces.append(new[offset_in_new : offset_in_new + length])
        offset_in_new += length
        cursor = end
    pieces.append(old[cursor:])
    return "".join(pieces)


def test_refined_anchors_a_large_reformat_on_its_unchanged_lines() -> None:
    """Above fixer.line_diff.SMALL_REGION line pairs the lines are matched by anchors
    (difflib is quadratic there): still exact, unchanged lines left alone."""
    from fixer.line_diff import SMALL_REGION
    from fixer.origins import refined

    old = "".join(f'resource "r" "n{i}" {{\nx="{i}"\n}}\n' for i in range(400))
    new = "".join(f'resource "r" "n{i}" {{\n  x = "{i}"\n}}\n' for i in range(400))
    assert len(old.splitlines()) * len(new.splitlines()) > SMALL_REGION
    edits = refined(old, new)
    assert rebuilt(old, new, edits) == new
    assert sum(end - start for start, end, _ in edits) == 0, "only insertions: the spaces"
    assert len(edits) == 400 * 3  # the indentation, a space either side of =


def test_refined_leaves_unchanged_tokens_alone() -> None:
    from fixer.origins import refined

    old = 'url {\n  authorization_type="NONE"\n}\n'
    new = 'url {\n  authorization_type = "NONE"\n}\n'
    assert refined(old, new) == [(26, 26, 1), (27, 27, 1)]
