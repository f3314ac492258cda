"""benchmarks/align_bench.py: the hard-wrap + reflow damage and its mapping back to gold.

Made-up sentences only; no shared data needed."""
from __future__ import annotations

import random
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

import align_bench  # noqa: E402
import damage  # noqa: E402

ZH = [
    "今年春天，市政府宣布在老城区新建三座公共图书馆。",
    "新馆将于明年九月全部开放，预计每年接待读者二十万人次。",
    "市民普遍欢迎这一决定，但也有人担心停车位不足。",
    "负责该项目的官员表示，周边将增设两处停车场。",
    "此外，图书馆还将延长周末的开放时间。",
    "去年全市图书借阅量比前年增长了百分之十二。",
    "专家认为，阅读习惯的养成需要长期投入。",
    "学校和社区也将组织更多的读书活动。",
]
EN = [
    "This spring, the city government announced three new public libraries in the old town.",
    "The new libraries will all open next September and expect 200,000 visits a year.",
    "Residents have broadly welcomed the decision, though some worry about a lack of parking.",
    "An official in charge of the project said two car parks would be added nearby.",
    "In addition, the libraries will stay open longer at weekends.",
    "Book loans across the city rose by 12 percent last year compared with the year before.",
    "Experts believe that building reading habits takes long-term investment.",
    "Schools and neighbourhoods will also organise more reading events.",
]


def _doc(zh=ZH, en=EN, gold=None, paragraphs=(0, 0, 0, 1, 1, 2, 2, 2)) -> damage.DamagedDoc:
    gold = gold or [((k,), (k,)) for k in range(len(zh))]
    return damage.DamagedDoc("library", list(zh), list(en), list(paragraphs)[:len(zh)],
                             list(paragraphs)[:len(en)], gold)


@pytest.mark.parametrize("lang,texts,width", [("zh", ZH, 40), ("en", EN, 80)])
def test_hard_wrapped_lines_keep_every_character(lang, texts, width):
    texts = texts * 8
    text = align_bench.hard_wrapped(texts, [k // 5 for k in range(len(texts))], lang, random.Random(3))
    heads = align_bench._ZH_RUNNING_HEADS if lang == "zh" else align_bench._EN_RUNNING_HEADS
    furniture = {head.format(page=page) for head in heads for page in range(100)}
    lines = text.split("\n")
    page_numbers = [line for line in lines if line.lstrip("\f").isdigit()]
    body = [line for line in lines if line.strip() and line not in furniture and line not in page_numbers]
    assert page_numbers and len(lines) - len(body) > 3 * len(page_numbers)  # heads and blanks
    assert max(len(line) for line in body) <= width + 2  # (a closing mark may hang over)
    assert "".join("".join(body).split()) == "".join("".join(texts).split())


def test_exact_segments_hold_their_own_sentence():
    assert align_bench.held_sentences(EN, list(EN)) == [(k,) for k in range(len(EN))]


def test_two_sentences_in_one_segment_and_one_cut_in_two():
    segments = [ZH[0] + ZH[1], ZH[2][:6], ZH[2][6:] + "今日要闻", ZH[3]]
    held = align_bench.held_sentences(ZH[:4], segments)
    assert held == [(0, 1), (2,), (2,), (3,)]


def test_running_head_left_in_text_holds_nothing():
    segments = [EN[0], "WORLD AFFAIRS REVIEW 12", EN[1]]
    assert align_bench.held_sentences(EN[:2], segments) == [(0,), (), (1,)]


def test_beads_sharing_a_sentence_are_joined():
    reflowed = align_bench.ReflowedDoc(_doc(ZH[:3], EN[:3], paragraphs=(0, 0, 0)), [], [],
                                       zh_held=[(0,), (1,), (1,), (2,)],
                                       en_held=[(0,), (1,), (), (2,)])
    beads = [((0,), (0,)), ((1,), (1,)), ((2,), ()), ((), (2,)), ((3,), (3,))]
    assert align_bench.in_gold_ids(beads, reflowed) == [((0,), (0,)), ((1,), (1,)), ((2,), (2,))]


def test_reflowed_document_round_trip():
    gold = [((0,), (0,)), ((1,), (1,)), ((2,), ()), ((3,), (2,)), ((4,), (3,)), ((5,), (4,)),
            ((6,), (5,)), ((7,), (6,))]
    en = EN[:2] + EN[3:]
    doc = _doc(ZH, en, gold)
    reflowed = align_bench.reflowed(doc, random.Random(5))
    assert [len(held) for held in reflowed.zh_held] == [1] * len(ZH)
    assert sorted(k for held in reflowed.en_held for k in held) == list(range(len(en)))
    assert align_bench.best_possible(reflowed) == gold
    beads = align_bench.in_gold_ids(align_bench.run_tqc_reflowed(reflowed), reflowed)
    assert beads == gold


def test_lexical_noise_keeps_lengths_and_thins_matches():
    noisy = damage.lexical_noise([_doc()], 0.6, seed=5)[0]
    assert [len(sentence.split()) for sentence in noisy.en] == [len(s.split()) for s in EN]
    changed = sum(a != b for sentence, original in zip(noisy.en, EN)
                  for a, b in zip(sentence.split(), original.split()))
    assert 0.4 < changed / sum(len(s.split()) for s in EN) < 0.8
    assert damage.lexical_noise([_doc()], 0.0)[0].en == EN


def test_evidence_read_at_the_documents_lexical_level_helps_free_translations():
    """With most English words replaced (a free translation's thin evidence), reading
    the lexical evidence relative to the document's own level pairs more sentences
    correctly than reading it on the news-fitted scale."""
    if not damage.DATA.exists():
        pytest.skip("../shared is not available")
    import tqc.align as aligner

    docs = damage.lexical_noise(damage.damaged_corpus(13, "Human-A.0")[:60], 0.6, seed=13)
    figures = {}
    reference = aligner.LEXICAL_LEVEL_REFERENCE
    try:
        for label, level in (("relative", reference), ("fixed", 0.0)):
            aligner.LEXICAL_LEVEL_REFERENCE = level
            scores = align_bench.Scores()
            for doc in docs:
                scores.add(doc.gold, align_bench.run_tqc(doc))
            figures[label] = scores.summary()["strict_f1"]
    finally:
        aligner.LEXICAL_LEVEL_REFERENCE = reference
    assert figures["relative"] > figures["fixed"] + 0.01, figures
