"""The English number scanner (tqc.numbers._en_candidates, _en_tokens).

The candidates must be exactly the offsets of the plain definition -- every run of
letters, run of digits, or "."/"'" before a digit, kept when ``_en_candidate_word``
accepts it -- while the other words are skipped inside the regex engine; and the
tokens must be those of all the alternatives tried at each candidate, although each
candidate is tried against the share of its alternatives that can match there.
"""
from __future__ import annotations

import json
import random
import re
from pathlib import Path

import pytest

from tqc.numbers import (_EN_FIGURE_GROUPS, _EN_TOKEN_ALTERNATIVES, _EN_WORD_GROUPS,
                         _en_candidate_word, _en_candidates, _en_matchable_candidates, _en_tokens,
                         _fold, extract_numbers)

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
MQM = SHARED / "data" / "mqm-newstest2020-zhen" / "segments.jsonl"

_EVERY_TOKEN = re.compile(r"[A-Za-z]+|\d+|[.'](?=\d)")
# Every alternative, tried at every candidate.
_EN_TOKEN = re.compile("|".join(_EN_TOKEN_ALTERNATIVES))


def reference_candidates(text: str) -> list[tuple[int, bool]]:
    """The definition, one token at a time."""
    return [(token.start(), token.group()[0].isalpha()) for token in _EVERY_TOKEN.finditer(text)
            if not token.group()[0].isalpha() or _en_candidate_word(token.group(), text, token.end())]


def reference_tokens(text: str) -> list[tuple[str, int, int]]:
    """All the alternatives tried at each candidate that the previous match left."""
    tokens, position = [], 0
    for start, _ in reference_candidates(text):
        if start < position:
            continue
        match = _EN_TOKEN.match(text, start)
        if match and match.end() > start:
            position = match.end()
            tokens.append((match.lastgroup, start, match.end()))
    return tokens


def check(text: str) -> None:
    folded = _fold(text)
    assert list(_en_candidates(folded)) == reference_candidates(folded), text
    assert [(match.lastgroup, *match.span()) for match in _en_tokens(folded)] == \
        reference_tokens(folded), text
    # the shortcut _en_tokens takes leaves out only candidates where no token starts
    assert set(_en_matchable_candidates(folded)) <= set(_en_candidates(folded)), text


PIECES = [
    "one", "ONE", "oNe", "someone", "done", "The", "the", "THE", "two", "sides", "II", "III", "IV",
    "Elizabeth", "That", "a", "A", "an", "hundred", "third", "thirds", "half", "decade", "past",
    "last", "next", "whole", "golden", "lost", "1", "2.5", ".5", "'90s", "3rd", "2nd", "x",
    "first", "of", "all", "May", "may", "mayor", "March", "Marches", "-", " ", "  ", ",", ".", "'",
    "’", "\n", "\t", "\u00a0", "ſecond", "K", "Ⅱ", "٣", "１２", "fold", "tenfold", "World", "War",
    "GMT", "utc", "+8", "COVID-19", "5G", "%", "per cent", "$", "m", "bn", "ThAT", "Phase",
    "1,000", "12,345.6", "3/4", "2020-01-02", "7:30", "’s", "x2", "abc123def", "twenty-five",
    "seventy", "Seventeenth", "thousandth", "firstly", "Thirdly", "Xi", "Jinping", "type",
    "decades", "10-fold", "twice", "Jan.", "Sept", "second to none", "GMT+8", "group of 20",
    "5th", "1990s", "11/12/2020", "quarter", "dozen", "of all", "x", "km", "per cent",
    "entire", "full", "none", "only", "halves", "i.e.", "\u212aone", "İ", "café", "naïve",
    "\u2003", "\u3000", "“", "—", "TWO",
]


def soup(rng: random.Random) -> str:
    return "".join(rng.choice(PIECES) + rng.choice(["", " ", " ", "-", "\u00a0", "\n", ", "])
                   for _ in range(rng.randint(1, 25)))


@pytest.mark.parametrize("text", [
    "", "one", "someone one", "The two sides met", "that the past decade", "Elizabeth II said",
    "The II", "a hundred and five", "in 2010 and 2011", "'90s", "1.5", "x.5", "abc123def456",
    "the two\nsides", "ends with a", "a-hundred", "Phase III", "CHAPTER IV", "THE ONE", "March on",
    "5\u00a0million", "it is 7:30 now", "a\u00a0hundred people", "the past\u2003decade",
    "THE\u00a0TWO sides", "\u212aone", "in 2010 and the ’90s", "one-third", "i.e. two",
    "the last lost decade", "café one", "the two-thirds", "No. 5", "May 4", "last May",
])
def test_candidates_and_tokens_match_the_definition(text):
    check(text)


def test_candidates_and_tokens_match_the_definition_on_random_text():
    rng = random.Random(20200)
    for _ in range(3000):
        check(soup(rng))


def test_candidates_and_tokens_match_the_definition_on_mqm_english():
    if not MQM.exists():
        pytest.skip("../shared is not available")
    seen = set()
    with open(MQM, encoding="utf-8") as handle:
        for line in handle:
            text = json.loads(line)["tgt"]
            if text in seen:
                continue
            seen.add(text)
            check(text)
            if len(seen) >= 6000:
                break


def test_scale_word_after_any_whitespace():
    """A no-break space or a tab before "million" once raised KeyError."""
    for text in ("5\u00a0million people", "5\tmillion people", "5 - million people"):
        [quantity] = extract_numbers(text, "en")
        assert quantity.value == 5e6 and quantity.text.endswith("million")
    assert extract_numbers("3 billion", "en")[0].value == 3e9


def test_every_alternative_is_tried_somewhere():
    names = {re.match(r"\(\?P<(\w+)>", alternative).group(1) for alternative in _EN_TOKEN_ALTERNATIVES}
    assert _EN_FIGURE_GROUPS | _EN_WORD_GROUPS == names


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
