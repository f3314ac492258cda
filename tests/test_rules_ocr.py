"""OC01 and OC02: OCR debris in the English and in the Chinese."""
from __future__ import annotations

import pytest

from rule_helpers import run_rule
from tqc.rules.ocr import chinese_debris, english_debris, is_english_word, roman_heading


def fixes(text):
    return [(text[start:end], fix) for start, end, _, fix in english_debris(text)]


@pytest.mark.parametrize("text, expected", [
    ("relations at a normal leve1 today", ("leve1", "level")),
    ("pollution contro1 measures", ("contro1", "control")),
    ("a normaI relationship", ("normaI", "normal")),
    ("about l0 people came", ("l0", "10")),
    ("it had great infl uence abroad", ("infl uence", "influence")),
    ("aid to Af ghanistan was sent", ("Af ghanistan", "Afghanistan")),
    ("police an d soldiers", ("an d", "and")),
    ("Th e two sides agreed", ("Th e", "The")),
    ("the author Ouyang W ei wrote", ("W ei", "Wei")),
    ("in Russia s largest city", ("Russia s", "Russia’s")),
])
def test_english_debris(text, expected):
    assert expected in fixes(text)


@pytest.mark.parametrize("text", [
    "They stayed in a hotel and went in to see it.",
    "On the 27th at the meeting in the 1980s and 1990s, 11th and 3rd places.",
    "The 30g round silver coin, the G20, COVID-19, 5G and O2.",
    "US dollars, a part of it, any one of them, a way out.",
    "He met Xi Jinping and Wang Yi in Beijing.",
])
def test_normal_english_is_not_debris(text):
    assert english_debris(text) == []


@pytest.mark.parametrize("text, expected", [
    ("about l0 people", [("l0", "10")]),
    ("in 2O19 and 2o2l", [("2O19", "2019"), ("2o2l", "2021")]),
    ("l0 at the start", [("l0", "10")]),
    ("ends with 1O", [("1O", "10")]),
    # Inside a word or a number, after a decimal point or a comma, or followed by a
    # letter: no misread digits.  Two digits or two letters alone are no mix.
    ("al0 l0a 3.l0 1,0l l0x 10 lo Ol", []),
])
def test_misread_digits_need_a_digit_and_a_letter_in_a_free_run(text, expected):
    found = [(text[start:end], fix) for start, end, kind, fix in english_debris(text)
             if kind == "misread digit"]
    assert found == expected


def test_word_list_comes_from_a_package():
    assert is_english_word("influence") and is_english_word("a")
    assert not is_english_word("infl") and not is_english_word("d")


def test_one_finding_per_sentence_with_repaired_text():
    english = "Their relations are at a normal leve1 and have great infl uence."
    [finding] = run_rule("OC01", ["两军关系处于正常水平，影响很大。"], [english])
    assert finding.suggestion == "Their relations are at a normal level and have great influence."
    assert english[slice(*finding.target.span)] == "leve1"


def test_misread_roman_numeral_in_a_heading():
    assert roman_heading("H．To deepen cooperation") == (0, 1, "II")
    assert roman_heading("HI. To enhance security") == (0, 2, "III")
    assert roman_heading("IV. Nontraditional security") is None
    [finding] = run_rule("OC01", ["二、深化军事合作"], ["H．To deepen military cooperation"])
    assert finding.suggestion.startswith("II．")


def test_initial_h_is_not_a_numeral_without_a_chinese_enumerator():
    assert run_rule("OC01", ["威尔斯写了这本书。"], ["H. G. Wells wrote the book."]) == []
    assert run_rule("OC01", ["三、深化军事合作"], ["H. To deepen military cooperation"]) == []


def test_non_article_text_is_not_checked():
    assert run_rule("OC01", ["编辑部"], ["leve1 infl uence"], zh_kinds=["sidebar"], en_kinds=["sidebar"]) == []


def test_chinese_debris():
    text = "死亡率大于人El出生率，数据主要来 自2011年l0月的统计。"
    kinds = [(text[start:end], kind, fix) for start, end, kind, fix in chinese_debris(text)]
    assert ("El", "Latin letters in a Chinese word", None) in kinds
    assert (" ", "stray space", "") in kinds
    assert ("l0", "misread digit", "10") in kinds


@pytest.mark.parametrize("text", [
    "A股和GDP增长，X光检查。",
    "记者郭军 徐婧报道",          # a space between two names
    "伟大历程 壮丽画卷",          # a space between two headline phrases
    "新冠病毒COVID-19疫情和5G网络",
])
def test_normal_chinese_is_not_debris(text):
    assert chinese_debris(text) == []


def test_chinese_finding_suggests_removing_spaces():
    [finding] = run_rule("OC02", ["数据主要来 自统计。"], ["The data come mainly from statistics."])
    assert finding.suggestion == "数据主要来自统计。"
    assert finding.source.span == (5, 6)
