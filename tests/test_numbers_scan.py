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
                         _en_candidate_word, _en_candidates, _en_tokens, _fold, extract_numbers)

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
]


def soup(rng: random.Random) -> str:
    return "".join(rng.choice(PIECES) + rng.choice(["", " ", " ", "-", "\n", ", "])
                   for _ in range(rng.randint(1, 25)))


@pytest.mark.parametrize("text", [
    "", "one", "someone one", "The two sides met", "that the past decade", "Elizabeth II said",
    "The II", "a hundred and five", "in 2010 and 2011", "'90s", "1.5", "x.5", "abc123def456",
    "the two\nsides", "ends with a", "a-hundred", "Phase III", "CHAPTER IV", "THE ONE", "March on",
    "5\u00a0million", "it is 7:30 now",
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
