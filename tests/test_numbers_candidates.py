"""tqc.numbers._en_matchable_candidates: the word candidates it leaves out are ones no
token can start at, so _en_tokens finds exactly the tokens of every alternative tried at
every candidate of _en_candidates (the word-by-word scan)."""
from __future__ import annotations

import random
import re

import pytest

from tqc.numbers import (_EN_TOKEN_ALTERNATIVES, _en_candidates, _en_matchable_candidates,
                         _en_tokens, _fold, extract_numbers)

_EN_TOKEN = re.compile("|".join(_EN_TOKEN_ALTERNATIVES))


def scanned_tokens(text: str) -> list[tuple[str, int, int]]:
    """Every alternative tried at every candidate of the full scan."""
    tokens, position = [], 0
    for start, _ in _en_candidates(text):
        if start < position:
            continue
        match = _EN_TOKEN.match(text, start)
        if match and match.end() > start:
            position = match.end()
            tokens.append((match.lastgroup, start, match.end()))
    return tokens


def check(text: str) -> None:
    folded = _fold(text)
    assert [(match.lastgroup, *match.span()) for match in _en_tokens(folded)] == \
        scanned_tokens(folded), text
    full = set(_en_candidates(folded))
    assert set(_en_matchable_candidates(folded)) <= full, text


PIECES = [
    "a", "an", "A", "The", "the", "THE", "this", "that", "past", "last", "next", "full",
    "whole", "entire", "golden", "lost", "decade", "decades", "two", "TWO", "sides", "hundred",
    "million", "dozen", "half", "halves", "third", "thirds", "quarter", "one", "first", "of",
    "all", "second", "to", "none", "only", "May", "may", "March", "Sept", "World", "War", "I",
    "II", "IV", "x", "i.e.", "Phase", "Elizabeth", "group", "GMT", "utc", "+8", "twice",
    "tenfold", "10-fold", "5", "2.5", ".5", "'90s", "’90s", "3rd", "1,000", "3/4", "7:30",
    "someone", "money", "mayor", "\u212aone", "K", "İ", "café", "naïve", "ſecond", "١٢",
    "-", " ", "  ", "\u00a0", "\u2003", "\u3000", "\n", ",", ".", "'", "’", "“", "—",
]


def soup(rng: random.Random) -> str:
    return "".join(rng.choice(PIECES) + rng.choice(["", " ", " ", "-", "\u00a0", "\n", ", "])
                   for _ in range(rng.randint(1, 30)))


@pytest.mark.parametrize("text", [
    "", "a\u00a0hundred people", "the past\u2003decade", "that the two sides met",
    "THE\u00a0TWO sides", "\u212aone", "in 2010 and the ’90s", "a-hundred", "one-third",
    "Elizabeth II and World War I", "i.e. two", "the last lost decade", "that the", "x.5",
    "about 3.5 million", "café one", "the two-thirds", "No. 5", "May 4", "last May",
])
def test_tokens_are_those_of_the_full_scan(text):
    check(text)


def test_tokens_are_those_of_the_full_scan_on_random_text():
    rng = random.Random(31)
    for _ in range(4000):
        check(soup(rng))


def test_lead_words_before_a_scale_across_unicode_spaces():
    assert [q.value for q in extract_numbers("a\u00a0hundred people", "en")] == [100.0]
    assert [q.value for q in extract_numbers("the past\u2003decade", "en")] == [10.0]


APPROX_PIECES = ("more than over nearly about around almost some approximately approx approx. "
                 "roughly close to up at least less fewer under upwards of in excess an estimated "
                 "just well not quite no most as many much or so circa c. a the US$ HK $ € £ ¥ RMB "
                 "USD yuan ſome ABOUT Over x 5").split()


def test_approximate_before_is_the_search_it_replaces():
    from tqc.numbers import _EN_APPROX_BEFORE, _en_approximate_before

    rng = random.Random(5)
    for _ in range(3000):
        text = "".join(rng.choice(APPROX_PIECES) + rng.choice([" ", "", "  ", "\n", "\u00a0", "-"])
                       for _ in range(rng.randint(1, 10)))
        for start in range(len(text) + 1):
            expected = _EN_APPROX_BEFORE.search(text, max(0, start - 40), start) is not None
            assert _en_approximate_before(text, start) == expected, (text, start)


def test_frozen_quantities_are_those_the_constructor_makes():
    """Item.freeze fills a Quantity's dict directly; it must stay the dataclass's object."""
    import dataclasses

    from tqc.numbers import Quantity

    assert not hasattr(Quantity, "__post_init__") and not hasattr(Quantity, "__slots__")
    for quantity in extract_numbers("about 3.5 million people, 40% in 2010; the first two", "en") \
            + extract_numbers("约3.5亿人，百分之四十，2010年，第一", "zh"):
        fields = {field.name: getattr(quantity, field.name) for field in dataclasses.fields(Quantity)}
        built = Quantity(**fields)
        assert quantity == built and hash(quantity) == hash(built) and repr(quantity) == repr(built)
        assert vars(quantity) == vars(built)
        with pytest.raises(dataclasses.FrozenInstanceError):
            quantity.value = 0.0
