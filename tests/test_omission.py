"""Omission, addition and truncation: the coverage model, the rules' decisions, and
the promises the issue makes (one truncation finding per sentence, calibrated
confidence, the uncovered Chinese span, --min-confidence)."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from tqc.cli import main
from tqc.config import Config
from tqc.coverage import (LengthModel, bead_coverage, fit_length_model, omission_evidence,
                          source_chars, target_chars, word_role)
from tqc.model import Bead, Document, Paragraph, Segment
from tqc.pipeline import run
from tqc.reading import bitext_from_texts
from tqc.rules import RULES_BY_CODE, CheckContext
from tqc.rules.truncation import find_cuts

from rule_helpers import make_context, run_rule

SURVEY_ZH = "研究团队去年在三个省份开展了实地调查，共有两千名农民参与了访谈，调查持续了整整六个月。"
SURVEY_EN_FULL = ("Last year the research team carried out a field survey in three provinces, in which "
                  "a total of 2,000 farmers were interviewed; the survey lasted a full six months.")
SURVEY_EN_CUT = ("Last year the research team carried out a field survey in three provinces, "
                 "which lasted a full six months.")


# --- coverage model -------------------------------------------------------------------

def test_uncovered_clause_is_the_gap():
    coverage = bead_coverage(SURVEY_ZH, SURVEY_EN_CUT)
    assert coverage.gap is not None
    assert "农民" in coverage.gap.text and "访谈" in coverage.gap.text
    assert "调查" not in coverage.gap.text
    assert SURVEY_ZH[coverage.gap.start:coverage.gap.end] == coverage.gap.text
    assert [q.text for q in coverage.missing_numbers] == ["两千"]
    full = bead_coverage(SURVEY_ZH, SURVEY_EN_FULL)
    assert full.share > coverage.share
    assert full.missing_numbers == ()


def test_figures_written_differently_are_covered():
    # 9·19 against "9/19" with a full-width slash; "three" glued to a quote by OCR
    assert bead_coverage("按照“9·19”联合声明的方向解决问题。", "Following the “9／19 Joint Declaration”, "
                         "they solve the problem.").missing_numbers == ()
    assert bead_coverage("打击三股势力。", "combating he”three forces”，which").missing_numbers == ()


def test_latin_gloss_covers_the_chinese_name_before_it():
    coverage = bead_coverage("荷兰合作银行（Rabobank）的分析师表示，猪肉短缺。",
                             "An analyst at Rabobank said pork is short.")
    assert all(item.covered for item in coverage.items if item.text in ("荷兰", "合作", "银行"))


def test_names_in_pinyin_are_covered_and_ocr_debris_is_not_a_token():
    coverage = bead_coverage("市长陈吉宁一同检查。人El出生率下降。",
                             "Mayor Chen Jining inspected together. The birth rate fell.")
    assert any(item.text == "陈吉宁" and item.covered for item in coverage.items)
    assert coverage.missing_latin == ()


def test_word_roles_separate_modifiers_from_content():
    assert word_role("近日") == "modifier"   # time word
    assert word_role("逐步") == "modifier"   # adverb
    assert word_role("农民") == "content"
    assert word_role("调查") == "content"
    assert word_role("乙丙丁戊") == "content"  # untagged: counted as content


def test_a_dropped_adverb_counts_as_an_uncovered_modifier():
    chinese = "工厂逐步扩大了生产规模。"
    with_adverb = omission_evidence(chinese, "The factory progressively expanded its production scale.",
                                    LengthModel()).features()
    without = omission_evidence(chinese, "The factory expanded its production scale.",
                                LengthModel()).features()
    assert with_adverb["uncovered_modifiers"] == 0.0
    assert without["uncovered_modifiers"] > 0.0
    assert without["uncovered_content"] == with_adverb["uncovered_content"]


def test_length_z_is_negative_for_a_short_english():
    model = LengthModel()
    assert model.z(SURVEY_ZH, SURVEY_EN_CUT) < model.z(SURVEY_ZH, SURVEY_EN_FULL)
    assert model.z(SURVEY_ZH, SURVEY_EN_CUT) < -1.5


def test_document_ratio_moves_the_centre_and_resists_outliers():
    # A translator who writes 30% longer than the prior: the document's centre follows.
    pairs = [(zh, "x" * int(source_chars(zh) * 1.3)) for zh in
             ["一二三四五六七八九十" * k for k in range(2, 22)]]
    model = fit_length_model(pairs)
    assert model.centre == pytest.approx(0.71 * 0.262, abs=0.03)
    # one gross omission does not move it
    with_outlier = fit_length_model(pairs + [("一二三四五六七八九十" * 5, "x")])
    assert abs(with_outlier.centre - model.centre) < 0.02
    # few beads: mostly the prior
    assert abs(fit_length_model(pairs[:2]).centre) < 1e-9
    assert target_chars("A 1, b!") == 3


def test_dropping_a_clause_raises_the_omission_probability():
    model = LengthModel()
    dropped = omission_evidence(SURVEY_ZH, SURVEY_EN_CUT, model)
    kept = omission_evidence(SURVEY_ZH, SURVEY_EN_FULL, model)
    assert dropped.probability >= 0.8 > 0.5 > kept.probability


# --- OM03 ------------------------------------------------------------------------------

def test_partial_omission_reports_the_uncovered_span():
    findings = run_rule("OM03", [SURVEY_ZH], [SURVEY_EN_CUT])
    assert len(findings) == 1
    finding = findings[0]
    start, end = finding.source.span
    assert "两千名农民" in SURVEY_ZH[start:end]
    assert "两千名农民" in finding.message
    assert finding.severity == "error" and finding.confidence >= 0.8
    assert finding.target.segments == (0,)


def test_partial_omission_severity_follows_confidence_and_config():
    warning = run_rule("OM03", [SURVEY_ZH], [SURVEY_EN_CUT], options={"error_from": 1.0})
    assert [f.severity for f in warning] == ["warning"]
    rule = RULES_BY_CODE["OM03"]("info")
    assert [f.severity for f in rule.check(make_context([SURVEY_ZH], [SURVEY_EN_CUT]))] == ["info"]
    assert run_rule("OM03", [SURVEY_ZH], [SURVEY_EN_CUT], options={"threshold": 1.0}) == []


def test_partial_omission_skips_headings_and_cut_sentences():
    assert run_rule("OM03", [SURVEY_ZH], [SURVEY_EN_CUT], zh_kinds=["heading"], en_kinds=["heading"]) == []
    cut = "Last year the research team carried out a field survey in the"
    assert run_rule("OM03", [SURVEY_ZH], [cut]) == []
    assert [f.code for f in run_rule("TR01", [SURVEY_ZH], [cut])] == ["TR01"]


# --- OM01 ------------------------------------------------------------------------------

def test_untranslated_run_quotes_both_neighbours():
    findings = run_rule("OM01", [["会议开幕。", "三百人出席。", "两人发言。", "会议结束。"]],
                        [["It opened.", "It closed."]],
                        beads=[((0,), (0,)), ((1,), ()), ((2,), ()), ((3,), (1,))])
    assert len(findings) == 1
    finding = findings[0]
    assert finding.source.segments == (1, 2)
    assert finding.source.text == "三百人出席。两人发言。"
    assert "after “It opened.”" in finding.message and "before “It closed.”" in finding.message
    assert 0.5 <= finding.confidence <= 0.95


def test_chinese_after_a_cut_paragraph_is_reported_once_by_tr02():
    zh = [["会议讨论了安全问题。", "与会者同意加强合作。", "会议决定明年再开。"], "筹备工作已经开始。"]
    en = [["The meeting discussed security issues.", "The participants agreed to"],
          "Preparations have begun."]
    beads = [((0,), (0,)), ((1,), (1,)), ((2,), ()), ((3,), (2,))]
    assert run_rule("OM01", zh, en, beads=beads) == []
    tr02 = run_rule("TR02", zh, en, beads=beads)
    assert len(tr02) == 1
    assert tr02[0].source.segments == (1, 2)
    assert "会议决定明年再开" in tr02[0].message
    assert run_rule("TR01", zh, en, beads=beads) == []


# --- truncation -------------------------------------------------------------------------

def _wrapped_context(english_lines: list[str], chinese: str) -> CheckContext:
    """One English paragraph hard-wrapped over several input lines, one segment."""
    text, line_map = "", []
    for number, line in enumerate(english_lines, start=1):
        if text:
            text += " "
        line_map.append((len(text), number))
        text += line
    target = Document("<en>", "en", [Paragraph(0, text, "body", tuple(line_map))])
    source = Document("<zh>", "zh", [Paragraph(0, chinese, "body", ((0, 1),))])
    return CheckContext(source, target, [Segment(0, chinese, 0, 0, len(chinese), 1)],
                        [Segment(0, text, 0, 0, len(text), 1)], [Bead((0,), (0,), 0.9)])


def test_cut_at_a_line_break_inside_a_segment():
    context = _wrapped_context(
        ["Since these issues threaten both countries, their cooperation should be very",
         "Firstly, the two countries should strengthen their cooperation against terrorism."],
        "这些问题威胁两国，合作潜力很大。一是两国应加强反恐合作。")
    cuts = find_cuts(context)
    assert [(cut.code, cut.side, cut.reason) for cut in cuts] == [("TR01", "target", "line-break")]
    finding = list(RULES_BY_CODE["TR01"]().check(context))[0]
    start, end = finding.target.span
    assert context.target_segments[0].text[start:end].endswith("should be very")
    assert finding.target.line == 1


def test_a_wrapped_sentence_is_not_a_cut():
    context = _wrapped_context(
        ["Since these issues threaten both countries, the cooperation of the",
         "The Hague group and the two countries is strong."],
        "这些问题威胁两国，海牙小组与两国的合作很紧密。")
    assert find_cuts(context) == []


@pytest.mark.parametrize("english, code", [
    ("The two sides signed an agreement on", "TR01"),            # dangling
    ("The two sides signed an agreement (on energy", "TR01"),    # open bracket
    # a trailing comma after all the Chinese says: the full stop was lost, not the end
    ("In Beijing the two sides signed a ten-year agreement on energy cooperation,", "TR03"),
    ("The two sides signed,", "TR01"),                           # a comma after a cut
])
def test_one_truncation_finding_per_sentence(english, code):
    context = make_context([["双方在北京签署了为期十年的能源合作协议。"], "协议将于明年生效。"],
                           [[english], "It takes effect next year."])
    codes = [f.code for code in ("TR01", "TR02", "TR03") for f in RULES_BY_CODE[code]().check(context)]
    assert codes == [code]


def test_reflow_split_sentence_continuing_in_lower_case_is_not_cut():
    context = make_context(["双方同意加强在能源领域的合作。"],
                           ["The two sides agreed to strengthen", "cooperation in the energy field."],
                           beads=[((0,), (0, 1))])
    assert find_cuts(context) == []


def test_label_without_punctuation_on_both_sides_is_not_cut():
    assert find_cuts(make_context(["图1 研究区域示意图"], ["Figure 1 Map of the study area"])) == []


def test_dangling_end_is_a_cut_even_when_the_chinese_lacks_its_full_stop():
    context = make_context(["合作的潜力很大"], ["Their cooperation potential is very"])
    assert [(cut.code, cut.reason) for cut in find_cuts(context)] == [("TR01", "dangling")]


def test_lost_full_stop_on_a_complete_sentence_is_tr03():
    context = make_context([["调查持续了六个月，覆盖两千户家庭。"], "结果明年公布。"],
                           [["The survey lasted six months and covered 2,000 households"],
                            "Results come next year."])
    assert [(cut.code, cut.side) for cut in find_cuts(context)] == [("TR03", "target")]


def test_headings_lists_and_captions_are_never_sentences():
    for kind in ("heading", "title", "list", "caption", "table", "date"):
        context = make_context(["双方签署了能源协议。"], ["The two sides signed an agreement on"],
                               en_kinds=[kind], zh_kinds=[kind])
        assert find_cuts(context) == [], kind


# --- AD01 / AD02 --------------------------------------------------------------------------

def test_front_and_back_matter_is_ad02_not_ad01():
    zh, en = ["两国合作不断深化。"], ["Deepening Cooperation", "Li Ming", "Cooperation keeps deepening.",
                                    "(The author is a professor)"]
    kinds = ["title", "byline", "body", "byline"]
    beads = [((), (0,)), ((), (1,)), ((0,), (2,)), ((), (3,))]
    assert run_rule("AD01", zh, en, beads=beads, en_kinds=kinds) == []
    found = run_rule("AD02", zh, en, beads=beads, en_kinds=kinds)
    assert [(f.target.segments, f.severity) for f in found] == [
        ((0,), "info"), ((1,), "info"), ((3,), "info")]
    assert "front matter" in found[0].message and "back matter" in found[2].message


# --- pipeline and command line --------------------------------------------------------------

def test_min_confidence_hides_findings_below_it(tmp_path):
    zh = tmp_path / "a.zh.txt"
    en = tmp_path / "a.en.txt"
    zh.write_text("调查持续了六个月，覆盖三个省份的两千户家庭。\n\n结果将于明年公布。\n", encoding="utf-8")
    en.write_text("The survey lasted six months and covered 2,000 households in three provinces\n\n"
                  "The results will be published next year.\n", encoding="utf-8")

    def codes(*extra):
        result = CliRunner().invoke(main, ["check", str(zh), str(en), "--select", "TR", "--format", "json",
                                           "--fail-on", "never", *extra])
        assert result.exit_code == 0, result.output
        return [finding["code"] for finding in json.loads(result.output)["findings"]]

    assert codes() == ["TR03"]
    assert codes("--min-confidence", "0.9") == []


def test_pipeline_reports_each_code_with_its_category():
    report = run(bitext_from_texts(
        "会议讨论了安全问题。与会者一致同意加强情报交流与合作。会议决定明年在北京再次召开。",
        "The meeting discussed security issues. The participants unanimously agreed to strengthen"),
        None, Config(select=("OM", "TR", "AD")))
    assert [(f.code, f.category) for f in report.findings] == [("TR02", "truncation")]


def test_cut_sentence_the_aligner_paired_with_the_next_chinese_is_tr02():
    # The cut English shares words with the lone Chinese sentence before its bead,
    # none with its own: it translates the first and never reached the second.
    zh = [["会议讨论了三项议题。", "与会者一致同意加强合作。", "会议决定明年再次召开。"]]
    en = [["The meeting discussed three topics.", "Participants agreed to"]]
    beads = [Bead((0,), (0,), 0.99), Bead((1,), (), 0.7), Bead((2,), (1,), 0.2)]
    context = make_context(zh, en, beads=beads)
    assert [(cut.code, cut.source, cut.following) for cut in find_cuts(context)] == [("TR02", (1,), (2,))]
    assert run_rule("OM01", zh, en, beads=beads) == []
    finding = run_rule("TR02", zh, en, beads=beads)[0]
    assert finding.source.segments == (1, 2)
