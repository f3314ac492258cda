"""UN01 and UN02: Chinese left in the English."""
from __future__ import annotations

import pytest

from rule_helpers import run_rule
from tqc.rules.untranslated import han_runs, mostly_chinese

ZH = "全面建成小康社会是我们的目标。"


def test_han_word_in_english_is_reported_with_its_span():
    english = "Building a 小康 society in all respects is our goal."
    [finding] = run_rule("UN01", [ZH], [english])
    assert "小康" in finding.message
    start, end = finding.target.span
    assert english[start:end] == "小康"
    assert finding.source.segments == (0,)


@pytest.mark.parametrize("english", [
    "Xiaokang (小康) is our goal.",
    "A moderately prosperous (xiaokang, 小康) society is our goal.",
    "小康 (xiaokang) is our goal.",
    "The Belt and Road “一带一路” initiative is our goal.",
])
def test_term_given_in_both_forms_is_allowed(english):
    assert han_runs(english) == []


def test_quoted_han_after_a_function_word_is_not_a_gloss():
    assert han_runs("Building a “小康” society") != []


def test_copy_of_the_source_and_mostly_chinese_target():
    findings = run_rule("UN02", ["会议讨论了区域安全问题。", "双方同意加强合作。"],
                        ["会议讨论了区域安全问题。", "Both 同意加强合作并扩大交流。"])
    assert [f.message.split(":")[0] for f in findings] == [
        "English is a copy of the Chinese", "English is mostly Chinese (73% Han characters)"]
    # UN01 leaves mostly-Chinese sentences to UN02
    assert run_rule("UN01", ["双方同意加强合作。"], ["Both 同意加强合作并扩大交流。"]) == []


def test_identical_numbers_and_codes_are_not_untranslated():
    assert run_rule("UN02", ["2010", "GDP"], ["2010", "GDP"]) == []


def test_threshold_option():
    assert mostly_chinese("Both 同意加强合作并扩大交流。")
    assert not mostly_chinese("The two sides 同意加强合作。")
    assert run_rule("UN02", ["双方同意合作。"], ["Both 同意加强合作并扩大交流。"], options={"threshold": 0.9}) == []
