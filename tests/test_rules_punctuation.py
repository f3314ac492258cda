"""PU01-PU03: full-width punctuation, bracket balance and spacing in the English."""
from __future__ import annotations

import pytest

from rule_helpers import run_rule
from tqc.rules.punctuation import apply_half_width, full_width_spans, spacing_problems, unbalanced_marks

ZH = "两国关系稳定，合作不断深化。"


def test_full_width_one_finding_per_sentence_with_the_fixed_sentence():
    english = "Relations are stable，ties are close， and cooperation keeps deepening．"
    [finding] = run_rule("PU01", [ZH], [english])
    assert "“，” ×2" in finding.message and "“．”" in finding.message
    assert finding.suggestion == "Relations are stable, ties are close, and cooperation keeps deepening."
    assert english[finding.target.span[0]] == "，"


@pytest.mark.parametrize("english, fixed", [
    ("the Organization（SCO）was founded", "the Organization (SCO) was founded"),
    ("growth of 3．5％ in 2010", "growth of 3.5% in 2010"),
    ("the“three forces”and others", 'the "three forces" and others'),
    ("the “9／19 Joint Statement”", "the “9/19 Joint Statement”"),
    ("Sino——Russian ties", "Sino—Russian ties"),
    ("at 9：30 sharp", "at 9:30 sharp"),
    ("one way ，another way", "one way, another way"),
])
def test_half_width_fix(english, fixed):
    assert apply_half_width(english, full_width_spans(english)) == fixed


def test_typographic_quotes_and_mostly_chinese_sentences_are_left_alone():
    assert run_rule("PU01", [ZH, ZH], ["He said, “We will try.”", "两国关系稳定，合作不断深化。"]) == []


def test_unclosed_bracket_in_english():
    english = "The Shanghai Cooperation Organization (SCO was founded in 2001."
    [finding] = run_rule("PU02", ["上海合作组织（上合组织）成立于2001年。"], [english])
    assert finding.confidence == 0.9
    assert english[finding.target.span[0]] == "("


def test_brackets_pair_across_widths_and_list_markers_are_not_brackets():
    assert unbalanced_marks("the Organization (SCO）was founded") == []
    assert unbalanced_marks("1) first, 2) second") == []
    assert unbalanced_marks("(a) first, (b) second") == []
    assert unbalanced_marks("a ( b [ c ) d")[0][1] == "is never closed"


def test_bracket_lost_in_the_chinese_too_has_low_confidence():
    [finding] = run_rule("PU02", ["上海合作组织（上合组织成立于2001年。"],
                         ["The Shanghai Cooperation Organization (SCO was founded in 2001."])
    assert finding.confidence == 0.5 and "Chinese is unbalanced too" in finding.message


def test_quotation_over_two_sentences_and_two_paragraphs():
    zh = [["他说：“我们会努力。", "我们会成功。”"], "“这是第二段。", "“这是第三段。”"]
    en = [["He said: “We will try.", "We will succeed.”"], "“This is the second paragraph.",
          "“This is the third.”"]
    assert run_rule("PU02", zh, en) == []


def test_spacing_faults_and_fix():
    english = "Trade reached nearly$60 billion,a record.Then it fell  sharply in2010 ."
    [finding] = run_rule("PU03", ["贸易额接近600亿美元。"], [english])
    assert finding.suggestion == "Trade reached nearly $60 billion, a record. Then it fell sharply in 2010."
    assert "no space before a currency amount" in finding.message


def test_missing_space_around_brackets():
    english = "the Treaty Organization(NATO)needs adjusting"
    fixed = "the Treaty Organization (NATO) needs adjusting"
    assert [p[2] for p in spacing_problems(english)] == ["no space before a bracket", "no space after a bracket"]
    [finding] = run_rule("PU03", ["条约组织需要调整。"], [english])
    assert finding.suggestion == fixed


@pytest.mark.parametrize("english", [
    "Each member(s) and (s)he may vote; f(x) is defined.",
    "It grew 3.5% to 1,000 units in the U.S. at 10:30 on the 3rd.",
    "The plant is 10km away and opened in the 1990s.",
    "Prices rose to US$10.9 billion and HK$4,000.",
    "Visit www.example.com for details, e.g. the annex.",
    "G20 leaders met with COVID-19 experts about 5G.",
])
def test_spacing_leaves_normal_english_alone(english):
    assert spacing_problems(english) == []
