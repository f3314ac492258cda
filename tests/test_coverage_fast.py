"""The fast paths of OM03's coverage model give what the plain definitions give: English
letters and digits counted without a regex, pinyin spellings of words with one reading
per character, the per-token stem tables."""
from __future__ import annotations

import itertools
import random
import re

from tqc import coverage
from tqc.coverage import MAX_SPELLINGS, _English, target_chars
from tqc.lexicon import cedict_index, content_stem, english_tokens, pinyin_readings

_ALNUM = re.compile(r"[A-Za-z0-9\uff10-\uff19\uff21-\uff3a\uff41-\uff5a\u00c0-\u024f]")


def test_target_chars_counts_latin_letters_and_digits():
    rng = random.Random(7)
    alphabet = ([chr(code) for code in range(0x300)] + [chr(code) for code in range(0xff00, 0xff70)]
                + ["’", "“", "—", "中", "\U0001F600", "\ud800", "\udcff", "\u0250", "\u1e00"])
    texts = ["", "Hello, world 42 — ÉtÉ", "It’s “fine”", "ＡＢＣ１２３ ｘ", "naïve café",
             "\u00c0\u024f\u0250"]
    texts += ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30))) for _ in range(5000)]
    for text in texts:
        assert target_chars(text) == float(len(_ALNUM.findall(text))), repr(text)


def _plain_spellings(word: str) -> tuple[str, ...]:
    readings = [pinyin_readings(char) for char in word if pinyin_readings(char)]
    spellings = ["".join(combination) for combination in itertools.product(*readings)]
    return tuple(spelling for spelling in spellings[:MAX_SPELLINGS] if len(spelling) >= 4)


def test_pinyin_spellings_are_every_combination_of_readings():
    words = ["陈吉宁", "蔡长奎", "重庆", "银行", "中国人民银行", "长长长长长", "ab中", "中", "行长行长"]
    words += [word for word in itertools.islice(cedict_index().translations, 0, 40000, 97)]
    for word in words:
        assert coverage._pinyin_spellings(word) == _plain_spellings(word), word


def test_english_stems_from_the_token_tables():
    english = _English("The U.S. economy’s growth, rock'n'roll and 3rd-quarter numbers grew.")
    stems = {content_stem(token) for token in english_tokens(english.text)} - {""}
    assert english.stems == stems
    expected = set(stems)
    for english_stem in stems:
        expected.update(prefix for prefix in (english_stem[:size] for size in range(4, len(english_stem)))
                        if prefix in cedict_index().english)
    assert english.stems_and_prefixes == expected


def test_remembered_tables_forget_past_their_limit():
    calls = []
    table = coverage._Remembered(lambda word: calls.append(word) or word.upper(), limit=2)
    assert [table[word] for word in "abab"] == ["A", "B", "A", "B"]
    assert calls == ["a", "b"]
    assert table["c"] == "C" and len(table) == 1  # emptied, then "c" remembered
