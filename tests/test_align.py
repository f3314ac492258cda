"""Alignment: bead shapes, omissions, truncation, reordering and coverage invariants.

Every sentence here is written for these tests.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from hypothesis import given, settings, strategies as st

from tqc.align import align, beads_to_lines, lexical_llr, length_delta, length_llr
from tqc.glossary import Glossary, Term
from tqc.model import Bead, Segment


def make_segments(texts, paragraphs=None, kinds=None):
    segments = []
    for index, text in enumerate(texts):
        paragraph = paragraphs[index] if paragraphs else 0
        kind = kinds[index] if kinds else "body"
        segments.append(Segment(index, text, paragraph, 0, len(text), index + 1, kind))
    return segments


def pairs(beads):
    return [(list(bead.source), list(bead.target)) for bead in beads]


def assert_valid(beads, n, m):
    assert [i for bead in beads for i in bead.source] == list(range(n))
    assert [j for bead in beads for j in bead.target] == list(range(m))
    for bead in beads:
        assert bead.source or bead.target
        assert 0.0 <= bead.score <= 1.0


def bead_of(beads, source_id):
    return next(bead for bead in beads if source_id in bead.source)


ZH = [
    "今年春天，小镇的图书馆重新开放了。",
    "新馆有三层楼，藏书超过两万册。",
    "馆长说，每个周末都会为孩子们举办故事会。",
    "许多家长认为，这让孩子们更喜欢阅读了。",
    "图书馆还开设了一间安静的自习室，供附近的中学生使用。",
    "明年，镇政府计划再建一座小型博物馆。",
]
EN = [
    "This spring, the town library reopened.",
    "The new building has three floors and more than 20,000 books.",
    "The librarian said there would be a story hour for children every weekend.",
    "Many parents believe this has made their children enjoy reading more.",
    "The library has also opened a quiet study room for nearby secondary school students.",
    "Next year, the town government plans to build a small museum.",
]

# A second text, two paragraphs, for omissions, truncation and reordering.
ZH_FARM = [
    "这家农场位于山谷南侧，种植苹果和梨。",
    "每年九月，游客可以来这里亲手采摘水果。",
    "农场主人姓李，他的祖父在一九五零年开垦了这片土地。",
    "去年秋天的暴雨冲毁了一座木桥。",
    "村民们用了两个星期修好了桥，并在桥边种了柳树。",
    "现在，这座桥已经成为当地孩子们最喜欢的钓鱼地点。",
]
EN_FARM = [
    "The farm lies on the south side of the valley and grows apples and pears.",
    "Every September, visitors can come and pick the fruit by hand.",
    "The owner of the farm is named Li; his grandfather cleared this land in 1950.",
    "Heavy rain last autumn washed away a wooden bridge.",
    "The villagers spent two weeks repairing the bridge and planted willow trees beside it.",
    "Now the bridge has become the local children's favourite fishing spot.",
]
FARM_PARAGRAPHS = [0, 0, 0, 1, 1, 1]


def test_one_to_one():
    beads = align(make_segments(ZH), make_segments(EN))
    assert pairs(beads) == [([k], [k]) for k in range(6)]
    assert all(bead.score > 0.8 for bead in beads)  # six short sentences: modest evidence


def test_one_to_two_split():
    english = EN[:4] + [
        "The library has also opened a quiet study room.",
        "It is meant for secondary school students who live nearby.",
    ] + EN[5:]
    beads = align(make_segments(ZH), make_segments(english))
    assert ([4], [4, 5]) in pairs(beads)
    assert_valid(beads, 6, 7)


def test_two_to_one_merge():
    english = EN[:2] + [
        "The librarian said there would be a story hour for children every weekend, "
        "and many parents believe this has made their children enjoy reading more.",
    ] + EN[4:]
    beads = align(make_segments(ZH), make_segments(english))
    assert ([2, 3], [2]) in pairs(beads)
    assert_valid(beads, 6, 5)


def test_two_to_two():
    chinese = ZH[:2] + ["馆长说，每个周末", "都会为孩子们举办故事会，许多家长认为，这让孩子们更喜欢阅读了。"] + ZH[4:]
    english = EN[:2] + [
        "The librarian said there would be a story hour for children every weekend, and many",
        "parents believe this has made their children enjoy reading more.",
    ] + EN[4:]
    beads = align(make_segments(chinese), make_segments(english))
    assert ([2, 3], [2, 3]) in pairs(beads)
    assert_valid(beads, 6, 6)


def test_one_to_three():
    english = EN[:4] + [
        "The library has also opened a study room.",
        "The room is quiet.",
        "Secondary school students from nearby can use it.",
    ] + EN[5:]
    beads = align(make_segments(ZH), make_segments(english))
    assert ([4], [4, 5, 6]) in pairs(beads)


def test_three_to_one():
    chinese = ZH[:4] + ["图书馆还开设了一间自习室。", "自习室很安静。", "附近的中学生都可以使用。"] + ZH[5:]
    beads = align(make_segments(chinese), make_segments(EN))
    assert ([4, 5, 6], [4]) in pairs(beads)


def test_one_to_four():
    english = EN[:4] + [
        "The library has also opened a room.",
        "It is a study room.",
        "The room is quiet.",
        "Secondary school students from nearby can use it.",
    ] + EN[5:]
    beads = align(make_segments(ZH), make_segments(english))
    assert pairs(beads) == [([k], [k]) for k in range(4)] + [([4], [4, 5, 6, 7]), ([5], [8])]


def test_four_to_one():
    chinese = ZH[:4] + ["图书馆还开设了一间房间。", "这是一间自习室。", "房间很安静。", "附近的中学生都可以使用。"] + ZH[5:]
    beads = align(make_segments(chinese), make_segments(EN))
    assert pairs(beads) == [([k], [k]) for k in range(4)] + [([4, 5, 6, 7], [4]), ([8], [5])]


def test_pieces_of_one_sentence_join():
    # A segment that stops at a comma goes on in the next one.
    chinese = ZH[:2] + ["馆长说，", "每个周末都会为孩子们举办故事会。"] + ZH[3:]
    beads = align(make_segments(chinese), make_segments(EN))
    assert ([2, 3], [2]) in pairs(beads)
    assert_valid(beads, 7, 6)


def test_short_untranslated_sentence_is_not_absorbed():
    # Nothing in the English says the weather was fine: it is left out, not merged
    # into the neighbouring bead.
    chinese = ZH[:2] + ["那天天气很好。"] + ZH[2:]
    beads = align(make_segments(chinese), make_segments(EN))
    assert pairs(beads) == [([0], [0]), ([1], [1]), ([2], []), ([3], [2]), ([4], [3]),
                            ([5], [4]), ([6], [5])]


def test_added_english_sentence_is_zero_to_one():
    english = EN[:3] + ["Admission to all events is free of charge."] + EN[3:]
    beads = align(make_segments(ZH), make_segments(english))
    assert ([], [3]) in pairs(beads)
    assert pairs(beads).count(([], [3])) == 1
    assert_valid(beads, 6, 7)


def test_omission_in_the_middle():
    english = EN_FARM[:2] + EN_FARM[3:]
    beads = align(make_segments(ZH_FARM, FARM_PARAGRAPHS), make_segments(english))
    assert pairs(beads) == [([0], [0]), ([1], [1]), ([2], []), ([3], [2]), ([4], [3]), ([5], [4])]
    assert bead_of(beads, 2).score > 0.8  # confident that nothing nearby translates it


def test_truncated_tail():
    # The English stops early: the last two Chinese sentences have no counterpart.
    beads = align(make_segments(ZH_FARM, FARM_PARAGRAPHS), make_segments(EN_FARM[:4]))
    assert pairs(beads)[-2:] == [([4], []), ([5], [])]
    assert pairs(beads)[:4] == [([k], [k]) for k in range(4)]


def test_sentence_cut_off_still_pairs():
    english = EN_FARM[:5] + ["Now the bridge has become the local"]
    beads = align(make_segments(ZH_FARM, FARM_PARAGRAPHS), make_segments(english))
    assert pairs(beads)[-1] == ([5], [5])


def test_truncated_translation_is_paired_with_a_lower_score():
    # The last English sentence of a paragraph stops half-way: still the translation
    # of its Chinese sentence, but not a confident one.
    english = EN_FARM[:2] + ["The owner of the farm is"] + EN_FARM[3:]
    paragraphs = [0, 0, 0, 1, 1, 1]
    beads = align(make_segments(ZH_FARM, FARM_PARAGRAPHS), make_segments(english, paragraphs))
    assert pairs(beads) == [([k], [k]) for k in range(6)]
    full = align(make_segments(ZH_FARM, FARM_PARAGRAPHS), make_segments(EN_FARM, paragraphs))
    assert bead_of(beads, 2).score < bead_of(full, 2).score


def test_swapped_paragraphs_are_not_forced():
    # The English gives the second paragraph first: a monotone alignment cannot pair
    # both, and whatever it pairs across the swap must not look confident.
    english = EN_FARM[3:] + EN_FARM[:3]
    beads = align(make_segments(ZH_FARM, FARM_PARAGRAPHS), make_segments(english, [0, 0, 0, 1, 1, 1]))
    assert_valid(beads, 6, 6)
    for bead in beads:
        if bead.source and bead.target:
            wrong = any((i + 3) % 6 != j for i in bead.source for j in bead.target)
            if wrong:
                assert bead.score < 0.5
    lone = [bead for bead in beads if not bead.source or not bead.target]
    assert len(lone) >= 6  # one paragraph's worth on each side is left unpaired


def test_news_box_stays_alone():
    chinese = ZH + ["【本报讯】本周六上午九点，图书馆将举办开放日活动。"]
    kinds = ["body"] * 6 + ["news"]
    beads = align(make_segments(chinese, kinds=kinds), make_segments(EN))
    assert pairs(beads)[-1] == ([6], [])
    assert pairs(beads)[:6] == [([k], [k]) for k in range(6)]


def test_headings_pair_with_headings():
    chinese = ["一、图书馆的历史", ZH[0], ZH[1], "二、未来的计划", ZH[5]]
    english = ["I. History of the library", EN[0], EN[1], "II. Plans for the future", EN[5]]
    kinds = ["heading", "body", "body", "heading", "body"]
    beads = align(make_segments(chinese, kinds=kinds), make_segments(english, kinds=kinds))
    assert pairs(beads) == [([k], [k]) for k in range(5)]


def test_glossary_terms_count_as_evidence():
    # 漓江书院 is not in CC-CEDICT; the glossary says how it is rendered.
    chinese = ["漓江书院今天宣布了新的决定。", "所有的课程都将免费开放。"]
    english = ["Lijiang Academy announced a new decision today.", "All courses will be open free of charge."]
    glossary = Glossary([Term("漓江书院", ("Lijiang Academy",))])
    without = align(make_segments(chinese), make_segments(english))
    with_terms = align(make_segments(chinese), make_segments(english), glossary)
    assert pairs(with_terms) == [([0], [0]), ([1], [1])]
    assert with_terms[0].score > without[0].score


def test_numbers_and_enumerators_count_as_evidence():
    chinese = ["一是加强管理。", "二是提高效率，预计节省3.5万元。"]
    english = ["Firstly, management will be strengthened.",
               "Secondly, efficiency will improve, saving an estimated 35,000 yuan."]
    beads = align(make_segments(chinese), make_segments(english))
    assert pairs(beads) == [([0], [0]), ([1], [1])]
    assert all(bead.score > 0.5 for bead in beads)


def test_names_count_by_their_sound():
    # Neither name is in CC-CEDICT: a Chinese name is matched by its pinyin spelling,
    # a foreign one by its consonants (阿科斯塔 a-ke-si-ta ~ Acosta).
    for chinese, right, wrong in (("刘昆这样说。", "Liu Kun said so.", "Wang Yi said so."),
                                  ("阿科斯塔昨天辞职了。", "Yesterday, Acosta resigned.",
                                   "Yesterday, Morris resigned.")):
        matched = align(make_segments([chinese]), make_segments([right]))[0].score
        unmatched = align(make_segments([chinese]), make_segments([wrong]))[0].score
        assert matched > unmatched + 0.1, (chinese, matched, unmatched)


def test_number_words_meet_figures():
    chinese = ["他在这里工作了5年。", "去年有两百万人来访。"]
    english = ["He has worked here for five years.", "Two million people visited last year."]
    with_words = align(make_segments(chinese), make_segments(english))
    with_figures = align(make_segments(chinese), make_segments(
        ["He has worked here for 5 years.", "2 million people visited last year."]))
    assert pairs(with_words) == [([0], [0]), ([1], [1])]
    for by_word, by_figure in zip(with_words, with_figures):
        assert abs(by_word.score - by_figure.score) < 0.05


def test_beads_to_lines_format():
    beads = [Bead((0, 1), (2,), 0.9), Bead((2,), (), 0.4), Bead((), (3,), 0.3)]
    assert beads_to_lines(beads) == ["[0,1]:[2]", "[2]:[]", "[]:[3]"]
    assert beads_to_lines([]) == []


def test_empty_sides():
    assert align([], []) == []
    beads = align(make_segments(ZH[:2]), [])
    assert pairs(beads) == [([0], []), ([1], [])]
    beads = align([], make_segments(EN[:3]))
    assert pairs(beads) == [([], [0]), ([], [1]), ([], [2])]
    assert_valid(beads, 0, 3)


def test_empty_and_punctuation_only_sentences():
    chinese = ["", ZH[0], "……", ZH[1]]
    english = [EN[0], "", EN[1]]
    beads = align(make_segments(chinese), make_segments(english))
    assert_valid(beads, 4, 3)


def test_ids_are_taken_from_segments():
    source = [Segment(10 + k, text, 0, 0, len(text), 1) for k, text in enumerate(ZH[:3])]
    target = [Segment(20 + k, text, 0, 0, len(text), 1) for k, text in enumerate(EN[:3])]
    beads = align(source, target)
    assert pairs(beads) == [([10], [20]), ([11], [21]), ([12], [22])]


def test_evidence_functions_are_monotone():
    assert lexical_llr(0.8, 100) > lexical_llr(0.5, 100) > lexical_llr(0.2, 100)
    assert lexical_llr(0.05, 100) < 0 < lexical_llr(0.6, 100)
    assert abs(lexical_llr(0.8, 5)) < abs(lexical_llr(0.8, 100))  # little evidence, small ratio
    assert length_llr(0.0) > length_llr(2.0) > length_llr(5.0)
    assert length_llr(50.0) > -5.0  # length alone never vetoes a pair
    assert length_delta(100, 100) == 0.0


_WORDS = ["river", "bridge", "market", "teacher", "winter", "garden", "engine", "letter"]
_HANZI = "河桥市场老师冬天花园机器信件城乡人民"


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(alphabet=_HANZI + "。，", min_size=0, max_size=40), max_size=14),
       st.lists(st.lists(st.sampled_from(_WORDS), max_size=15).map(" ".join), max_size=14),
       st.lists(st.integers(0, 3), min_size=14, max_size=14))
def test_coverage_invariants(chinese, english, paragraph_steps):
    paragraphs, current = [], 0
    for step in paragraph_steps[:len(chinese)]:
        current += step == 0
        paragraphs.append(current)
    beads = align(make_segments(chinese, paragraphs), make_segments(english))
    assert_valid(beads, len(chinese), len(english))


def test_deterministic_across_hash_seeds():
    script = (
        "import json, sys\n"
        "from tqc.align import align\n"
        "from tqc.model import Segment\n"
        "zh, en = json.load(sys.stdin)\n"
        "mk = lambda texts: [Segment(i, t, 0, 0, len(t), 1) for i, t in enumerate(texts)]\n"
        "print(json.dumps([[b.source, b.target, b.score] for b in align(mk(zh), mk(en))]))\n"
    )
    english = EN_FARM[:2] + EN_FARM[3:] + EN[:3]
    payload = json.dumps([ZH_FARM + ZH, english])
    outputs = set()
    for seed in ("0", "1", "12345"):
        env = dict(os.environ, PYTHONHASHSEED=seed)
        result = subprocess.run([sys.executable, "-c", script], input=payload, text=True,
                                capture_output=True, env=env, check=True,
                                cwd=Path(__file__).resolve().parents[1])
        outputs.add(result.stdout)
    assert len(outputs) == 1


def test_a_piece_that_stops_at_a_comma_merges_rather_than_standing_alone():
    """A Chinese piece cut at a comma, with its sentence going on in the next segment,
    is part of what the English sentence translates (a 2-1 bead), even when its own
    words match poorly; it is not an untranslated sentence."""
    zh = ["研究人员在实验室里培养了这种病毒。", "它们进行大量的复制，", "且不会引起强烈的宿主免疫反应。",
          "这一发现有助于开发新的疫苗。"]
    en = ["The researchers grew the virus in the laboratory.",
          "They replicate robustly without eliciting a strong host immune response.",
          "The finding will help develop new vaccines."]
    beads = align(make_segments(zh), make_segments(en))
    assert_valid(beads, 4, 3)
    assert pairs(beads) == [([0], [0]), ([1, 2], [1]), ([3], [2])]
