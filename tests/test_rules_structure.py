"""ST01: structured-abstract labels and keyword lists."""
from __future__ import annotations

import pytest

from rule_helpers import run_rule
from tqc.rules.structure import AbstractLabels, split_keywords

ZH = ["目的：探讨两国安全合作的模式。", "方法：分析近十年的合作文件。", "结论：务实合作应继续深化。",
      "关键词：中俄关系；安全合作；上海合作组织"]
EN = ["Objective: To explore models of security cooperation.", "Methods: We analysed cooperation documents.",
      "Conclusion: Pragmatic cooperation should deepen.",
      "Keywords: Sino-Russian relations; security cooperation; Shanghai Cooperation Organization"]


def st01(en, zh=ZH, **kwargs):
    return run_rule("ST01", zh, en, **kwargs)


def test_matching_labels_and_keywords_pass():
    assert st01(EN) == []


def test_swapped_labels_are_out_of_order():
    en = [EN[0].replace("Objective", "Methods"), EN[1].replace("Methods", "Objective")] + EN[2:]
    messages = [f.message for f in st01(en)]
    assert messages and all("out of order" in m for m in messages)


def test_missing_and_mistranslated_labels():
    en = [EN[0], "We analysed cooperation documents.", EN[2].replace("Conclusion", "Results"), EN[3]]
    messages = [f.message for f in st01(en)]
    assert any("结论 rendered as “Results”" in m for m in messages)
    assert any("方法 has no English label" in m for m in messages)


def test_keyword_count_and_order():
    [finding] = st01(EN[:3] + ["Keywords: Sino-Russian relations; security cooperation"])
    assert "3 Chinese keywords but 2 English keywords" in finding.message
    [finding] = st01(EN[:3] + ["Keywords: security cooperation; Sino-Russian relations; "
                               "Shanghai Cooperation Organization"])
    assert "keywords out of order" in finding.message


def test_journal_labels_option():
    en = [EN[0].replace("Objective", "Purpose")] + EN[1:]
    assert st01(en) == []
    [finding] = st01(en, options={"labels": {"目的": ["Objective"]}})
    assert "this journal uses “Objective”" in finding.message
    with pytest.raises(ValueError):
        AbstractLabels(labels={"目的": "Objective"})


def test_inline_bracketed_labels():
    zh = [["【目的】探讨合作模式。【方法】分析文件。"]]
    [finding] = run_rule("ST01", zh, [["[Objective] To explore models. [Conclusion] We analysed documents."]],
                         beads=[((0,), (0,))])
    assert "方法 rendered as “Conclusion”" in finding.message


def test_ordinary_sentences_starting_with_label_words_are_not_labels():
    assert run_rule("ST01", ["结果，他们失败了。", "方法很多。"],
                    ["As a result, they failed.", "There are many methods."]) == []


def test_split_keywords():
    assert split_keywords("中俄关系；安全合作；上合组织。", english=False) == ["中俄关系", "安全合作", "上合组织"]
    assert split_keywords("中俄关系 安全合作", english=False) == ["中俄关系", "安全合作"]
    assert split_keywords("security, cooperation", english=True) == ["security", "cooperation"]


def test_labels_without_colons_after_an_abstract_heading():
    zh = [["摘要：目的 探讨合作模式。", "方法 分析文件。", "结果 发现三种模式。", "结论 应深化合作。"]]
    en = [["Abstract: Objective To explore models.", "Methods We analysed documents.",
           "Results Three models were found.", "Conclusion Cooperation should deepen."]]
    assert run_rule("ST01", zh, en) == []
    en[0][2] = "Three models were found."
    [finding] = run_rule("ST01", zh, en)
    assert "结果 has no English label" in finding.message
