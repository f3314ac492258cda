"""NE01's lookups: names found by their syllables, runs of words pruned early, jieba tags."""
from __future__ import annotations

import random

from tqc.rules.names import (SourceReadings, _may_continue, _spelled_syllables, name_kind,
                             readings, syllabify)

SAMPLE = "欧阳伟习近平北京上海中国重庆长安行银行乐音乐曾经和平台湾的了是在有人大会议发展经济"


def first_run(text: str, syllables: tuple[str, ...]) -> int:
    """The definition: the first offset where each character has the next syllable."""
    size = len(syllables)
    for start in range(len(text) - size + 1):
        if all(syllables[k] in readings(text[start + k]) for k in range(size)):
            return start
    return -1


def test_find_is_the_first_run_read_as_the_syllables():
    rng = random.Random(7)
    syllable_pool = sorted({reading for char in SAMPLE for reading in readings(char)})
    for _ in range(400):
        text = "".join(rng.choice(SAMPLE + "，。A1 ") for _ in range(rng.randint(0, 30)))
        lookup = SourceReadings(text)
        for _ in range(10):
            size = rng.randint(1, 4)
            if rng.random() < 0.5 and len(text) >= size:  # a run that is there
                start = rng.randrange(len(text) - size + 1)
                syllables = tuple(rng.choice(sorted(readings(char)) or ["x"])
                                  for char in text[start:start + size])
            else:
                syllables = tuple(rng.choice(syllable_pool) for _ in range(size))
            assert lookup.find(syllables) == first_run(text, syllables), (text, syllables)


def test_find_examples():
    assert SourceReadings("会见欧阳伟教授").find(("ou", "yang", "wei")) == 2
    assert SourceReadings("重庆和长安").find(("chong", "qing")) == 0
    assert SourceReadings("重庆和长安").find(("zhong", "qing")) == 0  # 重 has both readings
    assert SourceReadings("北京").find(("shang", "hai")) == -1


def test_may_continue_never_prunes_a_run_that_could_still_spell_a_name():
    """_may_continue(w) is False only when no longer run of letters starting with w
    can be cut into at most four syllables."""
    spellings = sorted(spelling for spelling in _spelled_syllables() if len(spelling) <= 6)
    rng = random.Random(11)
    words = ["the", "bei", "ouy", "xi", "jin", "zhang", "wei", "chinese", "president", "s",
             "zh", "shanghai", "ouyangwei", "liang", "lyu", "lü", "q", "v", "a", "an", "ng"]
    words += ["".join(rng.choice("abcdeghijklmnopqrstuwxyz") for _ in range(rng.randint(1, 9)))
              for _ in range(300)]
    for word in words:
        extendable = any(syllabify(word + spelling) for spelling in spellings) or any(
            syllabify(word + first + second) for first in ("n", "g", "ng", "a", "i", "u", "e")
            for second in ("", "a", "i"))
        if extendable:
            assert _may_continue(word), word
    assert _may_continue("ouy") and _may_continue("bei") and _may_continue("xi")
    assert not _may_continue("the") and not _may_continue("president")
    assert not _may_continue("ouyangweiweiwei")  # four syllables already: no room for one more


def test_name_kind_uses_jiebas_person_and_place_tags():
    assert name_kind("北京") == "place"  # ns
    assert name_kind("毛泽东") == "person"  # nr
    assert name_kind("欧阳伟") == "person"  # a compound surname
    assert name_kind("人民币") == ""  # a word, and no name
