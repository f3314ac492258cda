"""PU01/PU03's fast patterns give what their plain forms give.

The plain forms start with a look-behind, which makes the regex engine try every
position; the fast ones start with the mark they look for.  Here both run on text
made of the characters they care about.
"""
from __future__ import annotations

import random
import re

from tqc.rules import punctuation
from tqc.rules.punctuation import full_width_spans, spacing_problems

PLAIN_GLUED_QUOTE = re.compile(r"(?<=[A-Za-z0-9,.;:])[“”](?=[A-Za-z0-9])")
PLAIN_LETTER_THEN_DIGIT = re.compile(r"[a-z]\d")
PLAIN_DIGIT_THEN_LETTER = re.compile(r"\d[\d,.]*[a-z]")
PLAIN_CJK_DASH = re.compile(r"—{2,}|―{2,}")
PLAIN_SPACE_BEFORE_PUNCTUATION = re.compile(
    r"(?<=[A-Za-z0-9)\]\"”’%])[ \t]+(?=[,;:.!?](?:\s|$))")

ALPHABET = list("aZ9 ,.;:!?()“”\"’%—―\t$") + ["ab", "Xy", "12", "  ", "——", "1,5"]


def samples(count: int = 4000):
    rng = random.Random(3)
    for _ in range(count):
        yield "".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, 24)))


def spans(pattern: re.Pattern, text: str) -> list[tuple[int, int]]:
    return [match.span() for match in pattern.finditer(text)]


def test_glued_quote_and_dash_patterns():
    for text in samples():
        assert spans(punctuation._GLUED_QUOTE, text) == spans(PLAIN_GLUED_QUOTE, text), text
        dashes = [(start, end) for start, end, fix in full_width_spans(text) if fix == "—"]
        assert dashes == spans(PLAIN_CJK_DASH, text), text


def test_word_touching_a_number():
    for text in samples():
        plain = bool(PLAIN_LETTER_THEN_DIGIT.search(text) or PLAIN_DIGIT_THEN_LETTER.search(text))
        assert bool(punctuation._WORD_TOUCHES_NUMBER.search(text)) == plain, text


def test_space_before_punctuation_is_found_wherever_it_is():
    for text in samples():
        found = [(start, end) for start, end, description, _ in spacing_problems(text)
                 if description == "space before punctuation"]
        assert found == spans(PLAIN_SPACE_BEFORE_PUNCTUATION, text), text


def test_list_markers_are_skipped_only_before_a_closing_bracket():
    assert punctuation.unbalanced_marks("Steps: 1) mix 2) bake") == []
    assert punctuation.unbalanced_marks("(a) and (b") == [(8, "is never closed")]
