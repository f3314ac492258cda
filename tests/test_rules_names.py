"""NE01: Chinese names in standard pinyin."""
from __future__ import annotations

import pytest

from rule_helpers import run_rule
from tqc.rules.names import PinyinNames, pinyin_syllables, syllabify


def ne01(zh, en, **kwargs):
    return run_rule("NE01", zh, en, **kwargs)


def test_standard_pinyin_passes():
    assert ne01(["欧阳伟教授出席了在北京举行的会议。"], ["Professor Ouyang Wei attended the meeting in Beijing."]) == []
    assert ne01(["习近平在上海会见了普京。"], ["Xi Jinping met Putin in Shanghai."]) == []


def test_split_syllables_are_flagged_with_the_standard_form():
    english = "Professor Ouyang W ei attended the meeting in Bei Jing."
    findings = ne01(["欧阳伟教授出席了在北京举行的会议。"], [english])
    assert [f.suggestion for f in findings] == ["Ouyang Wei", "Beijing"]
    assert english[slice(*findings[0].target.span)] == "Ouyang W ei"


def test_suggestion_writes_the_syllable_apostrophe():
    [finding] = ne01(["代表团参观了西安的城墙。"], ["The delegation visited the city wall of Xi An."])
    assert finding.suggestion == "Xi'an" and "“Xi'an”" in finding.message
    assert ne01(["代表团参观了西安的城墙。"], ["The delegation visited the city wall of Xi'an."]) == []


def test_the_sources_own_romanisation_is_left_alone():
    """The author gave the spelling in the Chinese; the translator keeps it."""
    zh = "分析师潘晨军（Chenjun Pan，音译）表示，需求有所增加。"
    assert ne01([zh], ["Analyst Chenjun Pan said that demand had increased."]) == []
    [finding] = ne01(["分析师潘晨军表示，需求有所增加。"], ["Analyst Chenjun Pan said that demand had increased."])
    assert "given name first" in finding.message
    # a whole-word match only: "Xi An" is not given by "Xi Anping"
    [finding] = ne01(["西安的习安平（Xi Anping）是一名教师。"], ["Xi Anping of Xi An is a teacher."])
    assert finding.suggestion == "Xi'an"


def test_hyphenated_given_name():
    [finding] = ne01(["习近平在上海会见了普京。"], ["Xi Jin-ping met Putin in Shanghai."])
    assert "hyphenated" in finding.message and finding.suggestion == "Xi Jinping"


def test_given_name_first_and_the_order_option():
    [finding] = ne01(["欧阳伟教授出席了会议。"], ["Professor Wei Ouyang attended the meeting."])
    assert "given name first" in finding.message
    assert ne01(["欧阳伟教授出席了会议。"], ["Professor Wei Ouyang attended the meeting."],
                options={"order": "any"}) == []
    with pytest.raises(ValueError):
        PinyinNames(order="given-first")


def test_inconsistent_renderings():
    findings = ne01(["王伟说，他会来。", "王伟到了。"], ["Wang Wei said he would come.", "Wangwei arrived."])
    assert len(findings) == 1 and findings[0].suggestion == "Wang Wei"


def test_other_romanisations_and_english_words_are_left_alone():
    assert ne01(["蔡英文发表讲话。"], ["Tsai Ing-wen gave a speech."]) == []
    assert ne01(["他和她一起去了。"], ["He and she went together."]) == []
    assert ne01(["吕伟说。"], ["Lü Wei said."]) == []


def test_syllables_come_from_pypinyin():
    assert {"wei", "ouyang"} & pinyin_syllables() == {"wei"}
    assert ("ou", "yang", "wei") in syllabify("ouyangwei")
