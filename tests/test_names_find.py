"""SourceReadings.find against its definition: the first offset where consecutive
characters read the syllables, each character by one of its readings."""
from __future__ import annotations

import random

from tqc.rules.names import SourceReadings, readings


def first_run(text: str, syllables: tuple[str, ...]) -> int:
    for start in range(len(text) - len(syllables) + 1):
        if all(syllable in readings(text[start + k]) for k, syllable in enumerate(syllables)):
            return start
    return -1


TEXT = "欧阳伟教授在北京说，张伟和王伟、李长江与长城都在重庆；曾经的曾先生行走在银行旁。"


def test_find_is_the_first_run_that_reads_the_syllables():
    rng = random.Random(4)
    syllables = sorted({reading for char in TEXT for reading in readings(char)}) + ["zzz", "ê"]
    for _ in range(3000):
        text = "".join(rng.choice(TEXT) for _ in range(rng.randint(0, 30)))
        source = SourceReadings(text)
        wanted = tuple(rng.choice(syllables) for _ in range(rng.randint(1, 4)))
        if rng.random() < 0.5 and len(text) > 4:  # often one that is there
            start = rng.randrange(len(text) - 2)
            wanted = tuple(rng.choice(sorted(readings(char)) or ["zzz"])
                           for char in text[start:start + rng.randint(1, 3)])
        assert source.find(wanted) == first_run(text, wanted), (text, wanted)
        assert source.readable(wanted) == all(
            any(syllable in readings(char) for char in text) for syllable in wanted)


def test_repeated_lookups_in_one_text_agree():
    source = SourceReadings(TEXT)
    for _ in range(2):
        assert source.find(("zhang", "chang")) == first_run(TEXT, ("zhang", "chang"))
        assert source.find(("chong", "qing")) == TEXT.index("重庆")
        assert source.find(("zeng",)) == TEXT.index("曾")
        assert source.find(("beng", "jing")) == -1
