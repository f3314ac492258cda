"""NU01 on hand-built alignments (no reading, segmentation or alignment involved)."""
from __future__ import annotations

import pytest

from rule_helpers import run_rule
from tqc.numbers import extract_numbers
from tqc.rules.numbers import describe


def nu01(zh, en, **kwargs):
    return run_rule("NU01", zh, en, **kwargs)


@pytest.mark.parametrize("zh, en", [
    ("2010年两国签署了协议。", "The two countries signed the agreement in 2010."),
    ("该组织成立十余年来作用显著。", "For more than a decade the organization has played a major role."),
    ("第二，双方应扩大交流。", "Secondly, the two sides should expand exchanges."),
    ("出口增长了１２％。", "Exports grew by 12%."),
    ("贸易额增长超过40％，接近600亿美元。", "Trade grew by over 40％ to nearly $60 billion."),
    ("人口达到3.5亿。", "The population reached 350 million."),
    ("全程5公里。", "The route is 3.1 miles long."),
    ("当天气温为20摄氏度。", "The temperature that day was 68°F."),
    ("一是加强合作。", "Strengthen cooperation."),
])
def test_equivalent_numbers_pass(zh, en):
    assert nu01([zh], [en]) == []


def test_scale_slip_is_an_error_with_both_values_and_a_fix():
    [finding] = nu01(["双边贸易额接近600亿美元。"], ["Bilateral trade reached nearly $6 billion."])
    assert finding.severity == "error"
    assert "600亿" in finding.message and "6 billion" in finding.message
    assert finding.suggestion == "60 billion"
    source_span = finding.source.span
    target_span = finding.target.span
    assert "双边贸易额接近600亿美元。"[source_span[0]:source_span[1]] == "600亿"
    assert "Bilateral trade reached nearly $6 billion."[target_span[0]:target_span[1]].startswith("6")


def test_yi_read_as_million():
    [finding] = nu01(["人口3.5亿。"], ["A population of 3.5 million."])
    assert finding.suggestion == "350 million"


def test_missing_number_is_reported_on_its_side():
    [finding] = nu01(["会议有300人参加。"], ["Many people attended the meeting."])
    assert "300" in finding.message and "not found in the English" in finding.message
    assert finding.target.span is None


def test_unconverted_unit_is_a_mismatch():
    [finding] = nu01(["全程5公里。"], ["The route is 5 miles long."])
    assert "5公里" in finding.message and "5 miles" in finding.message
    assert finding.suggestion == "3.11 miles"


def test_dropped_approximate_number_is_info_and_configurable():
    [finding] = nu01(["十余年来两国合作不断加强。"], ["Over the years cooperation has grown stronger."])
    assert finding.severity == "info" and finding.suggestion is None
    [finding] = nu01(["十余年来两国合作不断加强。"], ["Over the years cooperation has grown stronger."],
                     options={"approximate": "warning"})
    assert finding.severity == "warning"


def test_approximate_on_both_sides_but_far_apart_is_an_error():
    [finding] = nu01(["约300人参加。"], ["About 30 people attended."])
    assert finding.severity == "error"


def test_alignment_slip_is_not_reported():
    findings = nu01(["会议有300人参加。", "会期3天。"],
                    ["The meeting lasted 3 days with", "300 participants."])
    assert findings == []


def test_quarters_counted_not_fractions():
    assert nu01(["今年前三季度出口增长。", "第三季度增长放缓。"],
                ["Exports grew in the first three quarters.", "Growth slowed in the third quarter."]) == []


def test_repeated_mention_folded_by_the_translator():
    assert nu01(["三方会谈取得进展，三方同意继续对话。"],
                ["The three-party talks made progress and the parties agreed to keep talking."]) == []


def test_english_two_for_pair_words_and_slash_dates():
    assert nu01(["两国应加强合作。"], ["The two countries should strengthen cooperation."]) == []
    assert nu01(["双方重申“9·19”共同声明。"], ["Both sides reaffirmed the “9／19 Joint Statement”."]) == []


def test_number_only_in_the_english_is_a_warning():
    [finding] = nu01(["会议在北京举行。"], ["The meeting was held in Beijing in 2019."])
    assert finding.severity == "warning" and "not found in the Chinese" in finding.message


def test_idiomatic_first_is_not_a_number():
    assert nu01(["发展是第一要务。"], ["Development is the top priority."]) == []


def test_beads_with_an_empty_side_are_skipped():
    assert nu01(["会议有300人参加。", "会期3天。"], ["The meeting had 300 participants."],
                beads=[((0,), (0,)), ((1,), ())]) == []


def test_different_enumerators_are_a_mismatch():
    [finding] = nu01(["第二，双方应扩大交流。"], ["Thirdly, the two sides should expand exchanges."])
    assert "第二" in finding.message


def test_bad_option_value_is_rejected():
    from tqc.rules.numbers import NumberMismatch

    with pytest.raises(ValueError):
        NumberMismatch(approximate="loud")


@pytest.mark.parametrize("text, lang, shown", [
    ("600亿", "zh", "60 billion"), ("40％", "zh", "40%"), ("2010年", "zh", "2010"),
    ("第三", "zh", "3rd"), ("35000", "en", "35,000"),
])
def test_describe(text, lang, shown):
    assert describe(extract_numbers(text, lang)[0]) == shown
