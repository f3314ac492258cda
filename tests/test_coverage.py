"""OM03's coverage model on the shared segmentation: the words a check passes in give
what segmenting here gives, the fast matcher agrees with the plain definition of a
covered word, and the figures and words of multi-segment beads land where they belong."""
from __future__ import annotations

import itertools
import re

import pytest

from tqc.coverage import (MAX_SENSES, PREFIX_MATCH, _English, bead_coverage,
                          fit_length_model, fit_length_model_of_chars, omission_evidence,
                          source_chars, target_chars)
from tqc.lexicon import cedict_index, english_stems, pinyin_readings, segment_chinese
from tqc.rules import RULES_BY_CODE

from conftest import mqm_pairs
from rule_helpers import make_context

SURVEY_ZH = "研究团队去年在三个省份开展了实地调查，共有两千名农民参与了访谈，调查持续了整整六个月。"
SURVEY_EN_CUT = ("Last year the research team carried out a field survey in three provinces, "
                 "which lasted a full six months.")
SENTENCES = [
    (SURVEY_ZH, SURVEY_EN_CUT),
    ("荷兰合作银行（Rabobank）的分析师表示，猪肉短缺。", "An analyst at Rabobank said pork is short."),
    ("市长陈吉宁一同检查。人El出生率下降。", "Mayor Chen Jining inspected together. The birth rate fell."),
    ("这家工厂逐步扩大了生产规模，并选择了合适的地点。",
     "The factory gradually expanded production and chose a suitable site."),
]


def _item_tuples(coverage):
    return [tuple(item) for item in coverage.items]


def test_given_words_match_segmenting_here():
    pairs = SENTENCES + mqm_pairs(300)
    words = segment_chinese([zh for zh, _ in pairs])
    for (zh, en), own in zip(pairs, words):
        here = bead_coverage(zh, en)
        given = bead_coverage(zh, en, words=own)
        assert _item_tuples(here) == _item_tuples(given)
        assert here.gap == given.gap and here.missing_numbers == given.missing_numbers


# --- the plain definition the fast matcher must agree with -------------------------------

def _plain_has_stem(candidate: str, stems: set[str]) -> bool:
    """A stem is covered when it is an English stem, or a 4+ letter prefix of one, or one
    is a 4+ letter prefix of it, or it is 4 letters and its first 3 are an English stem."""
    if candidate in stems:
        return True
    if any(len(s) > len(candidate) >= PREFIX_MATCH and s.startswith(candidate) for s in stems):
        return True
    if len(candidate) == PREFIX_MATCH and candidate[:-1] in stems:
        return True
    return any(candidate[:size] in stems for size in range(PREFIX_MATCH, len(candidate)))


def _plain_back_covers(word: str, stems: set[str]) -> bool:
    """A one- or two-character piece of the word (or the word reversed) translates, with
    at most MAX_SENSES senses, to a stem of the English."""
    index = cedict_index()
    pieces = [word[k:k + size] for size in (1, 2) if size < len(word) for k in range(len(word) - size + 1)]
    if len(word) <= 2:
        pieces.append(word[::-1])
    return any(0 < len(index.get(piece)) <= MAX_SENSES and set(index.get(piece)) & stems
               for piece in pieces if re.match(r"[\u4e00-\u9fff]", piece))


def _plain_covered(word: str, stems: set[str]) -> bool:
    return any(_plain_has_stem(s, stems) for s in cedict_index().get(word)) or _plain_back_covers(word, stems)


def _spells(word: str, english: str) -> bool:
    """Some reading of ``word`` is a run of whole consecutive English words."""
    words = [run.lower() for run in re.findall(r"[^\W\d_]+", english)]
    runs = {"".join(words[i:j]) for i in range(len(words)) for j in range(i + 1, min(i + 5, len(words)) + 1)}
    readings = [pinyin_readings(char) for char in word if pinyin_readings(char)]
    return any(len(spelling) >= 4 and spelling in runs
               for spelling in ("".join(combination) for combination in itertools.product(*readings)))


def test_judged_dictionary_words_follow_the_plain_definition():
    checked = 0
    for zh, en in SENTENCES + mqm_pairs(400):
        if "(" in zh or "（" in zh:
            continue  # a Latin gloss covers the Chinese name before it whatever its words
        english = _English(en)
        stems = set(english_stems(en))
        assert english.stems == stems
        for item in bead_coverage(zh, en).items:
            if item.kind == "name":
                assert _spells(item.text, en), item
            elif item.kind == "word" and cedict_index().get(item.text):
                assert not _spells(item.text, en), item
                assert item.covered == _plain_covered(item.text, stems), (item, en)
                checked += 1
    assert checked > 20


def test_back_translation_and_prefixes_cover():
    # 选择 ~ "chose" (选 "choose"), 合适 ~ "suitable", 扩大 ~ "expanded"
    coverage = bead_coverage(*SENTENCES[3])
    covered = {item.text: item.covered for item in coverage.items}
    assert covered.get("选择") and covered.get("合适") and covered.get("扩大")
    assert not bead_coverage("这家工厂选择了合适的地点。", "The factory moved.").share == 1.0


def test_a_heteronym_name_is_found_by_any_reading():
    # 长 reads zhang or chang: the name is spelt with the reading the English uses
    coverage = bead_coverage("蔡长奎副省长出席了会议，并讲话。", "Vice Governor Cai Changkui attended and spoke.")
    assert any(item.text == "蔡长奎" and item.kind == "name" and item.covered for item in coverage.items)


# --- lengths ------------------------------------------------------------------------------

def test_length_model_from_counts_is_the_length_model_from_texts():
    pairs = SENTENCES * 3
    model = fit_length_model(pairs)
    assert fit_length_model_of_chars((source_chars(zh), target_chars(en)) for zh, en in pairs) == model
    for zh, en in pairs:
        assert model.z(zh, en) == model.z_of_chars(source_chars(zh), target_chars(en))
        assert omission_evidence(zh, en, model).z == model.z(zh, en)


def test_character_counts():
    assert source_chars("中文ab，字") == pytest.approx(3 * 3.53 + 2)
    assert target_chars("Hello, world 42 — ÉtÉ") == 15


# --- the rule on a check's shared words and quantities ------------------------------------

def test_two_segment_bead_reports_the_gap_in_its_second_sentence():
    # one English sentence for two Chinese ones; the farmers' clause of the second is missing
    context = make_context([["调查结果将于明年公布。", SURVEY_ZH]],
                           ["The results of the survey will be published next year; last year the "
                            "research team carried out a field survey in three provinces, which "
                            "lasted a full six months."],
                           beads=[((0, 1), (0,))])
    findings = list(RULES_BY_CODE["OM03"]().check(context))
    assert len(findings) == 1
    finding = findings[0]
    assert finding.source.segments == (1,)
    start, end = finding.source.span
    assert "农民" in SURVEY_ZH[start:end] and "访谈" in SURVEY_ZH[start:end]
    assert "两千" in finding.message
