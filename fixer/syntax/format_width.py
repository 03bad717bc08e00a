"""Text width as hclwrite measures it for alignment: extended grapheme clusters."""

from __future__ import annotations

import unicodedata

# Characters that join the character after them into one grapheme cluster.
_PREPEND = frozenset(
    "\u0600\u0601\u0602\u0603\u0604\u0605\u06dd\u070f\u0890\u0891\u08e2\u0d4e"
    "\U000110bd\U000110cd\U000111c2\U000111c3\U0001193f\U00011941\U00011a3a"
    "\U00011a84\U00011a85\U00011a86\U00011a87\U00011a88\U00011a89\U00011d46"
)


def grapheme_count(text: str) -> int:
    """The number of extended grapheme clusters (UAX #29) in text, closely approximated."""
    if text.isascii():
        return len(text) - text.count("\r\n")
    count = 0
    previous = ""
    regional_run = 0
    pictographic_run = False  # inside a pictograph followed by extending characters
    for char in text:
        if not previous or _breaks_between(previous, char, regional_run, pictographic_run):
            count += 1
            pictographic_run = _is_pictographic(char)
        elif pictographic_run and char != "\u200d" and not _is_extend(char):
            pictographic_run = _is_pictographic(char)
        regional_run = regional_run + 1 if _is_regional_indicator(char) else 0
        previous = char
    return count


def _breaks_between(previous: str, char: str, regional_run: int, pictographic_run: bool) -> bool:
    """Whether a grapheme cluster boundary falls between two code points."""
    if previous == "\r":
        return char != "\n"
    if _is_control(previous) or _is_control(char):
        return True
    if previous in _PREPEND or _is_extend(char) or char == "\u200d":
        return False
    if previous == "\u200d" and pictographic_run and _is_pictographic(char):
        return False  # emoji joined by a zero-width joiner
    if _is_regional_indicator(char) and regional_run % 2 == 1:
        return False  # the second letter of a flag
    return not _hangul_joins(previous, char)


def _is_extend(char: str) -> bool:
    return (
        unicodedata.category(char) in ("Mn", "Me", "Mc")
        or char in "\u200c\u0e33\u0eb3"
        or "\U0001f3fb" <= char <= "\U0001f3ff"  # emoji skin tone modifiers
        or "\U000e0020" <= char <= "\U000e007f"  # tags, as in subdivision flags
    )


def _is_pictographic(char: str) -> bool:
    return unicodedata.category(char) == "So" or "\U0001f000" <= char <= "\U0001faff"


def _is_regional_indicator(char: str) -> bool:
    return "\U0001f1e6" <= char <= "\U0001f1ff"


def _is_control(char: str) -> bool:
    category = unicodedata.category(char)
    if category == "Cf":
        return not (char in "\u200c\u200d" or char in _PREPEND or _is_extend(char))
    return category in ("Cc", "Zl", "Zp")


def _hangul_joins(previous: str, char: str) -> bool:
    """Hangul syllable sequences (L, V, T jamo and precomposed LV/LVT) form one cluster."""
    p, c = ord(previous), ord(char)
    p_is_l = 0x1100 <= p <= 0x115F
    p_is_v = 0x1160 <= p <= 0x11A7
    p_is_t = 0x11A8 <= p <= 0x11FF
    p_is_syllable = 0xAC00 <= p <= 0xD7A3
    c_is_l = 0x1100 <= c <= 0x115F
    c_is_v = 0x1160 <= c <= 0x11A7
    c_is_t = 0x11A8 <= c <= 0x11FF
    c_is_syllable = 0xAC00 <= c <= 0xD7A3
    if p_is_l:
        return c_is_l or c_is_v or c_is_syllable
    p_is_lv = p_is_syllable and (p - 0xAC00) % 28 == 0
    if p_is_v or p_is_lv:
        return c_is_v or c_is_t
    if p_is_t or p_is_syllable:
        return c_is_t
    return False
