"""Reference-based scoring: pairing through the source, sacrebleu parity, RF01, reports."""
from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import tqc
from tqc.config import Config
from tqc.model import Bead, Document
from tqc.reference import Scorer, pair_through_source, read_reference, ter_alignment

import sacrebleu_cli
from conftest import validate_report_json

# Our own sentences (never the seed article's).
HYPOTHESES = [
    "The committee approved the budget on Tuesday.",
    "Exports rose 12.5% in the first half, the ministry said.",
    "The bridge, which opened in 1998, will be closed for repairs.",
    "Officials said that on Monday the talks would resume.",
    "",  # an untranslated sentence
    "Rainfall was far below average this spring & summer.",
]
REFERENCES = [
    "On Tuesday the committee approved the budget.",
    "The ministry said exports grew by 12.5 percent in the first half.",
    "The bridge, opened in 1998, is to close for repairs.",
    "The talks will resume on Monday, officials said.",
    "Farmers are worried about the drought.",
    "Rainfall this spring and summer was well below average.",
]


# --- pairing through the source --------------------------------------------------------

def test_pairs_follow_both_alignments_one_to_one():
    beads = [Bead((0,), (0,)), Bead((1,), (1,)), Bead((2,), (2,))]
    pairs = pair_through_source(beads, beads, 3)
    assert [(p.source, p.target, p.reference) for p in pairs] == [
        ((0,), (0,), (0,)), ((1,), (1,), (1,)), ((2,), (2,), (2,))]


def test_a_merge_on_one_side_joins_the_source_group():
    # The draft merged source 1+2 into one sentence; the reference kept them apart.
    draft = [Bead((0,), (0,)), Bead((1, 2), (1,), 0.7), Bead((3,), (2,))]
    reference = [Bead((0,), (0,)), Bead((1,), (1,)), Bead((2,), (2, 3)), Bead((3,), (4,))]
    pairs = pair_through_source(draft, reference, 4)
    assert [(p.source, p.target, p.reference) for p in pairs] == [
        ((0,), (0,), (0,)), ((1, 2), (1,), (1, 2, 3)), ((3,), (2,), (4,))]
    assert pairs[1].confidence == 0.7 and pairs[0].confidence == 1.0


def test_added_and_omitted_sentences_stay_in_exactly_one_pair():
    draft = [Bead((), (0,), 0.2), Bead((0,), (1,)), Bead((1,), ()), Bead((), (2,), 0.3)]
    reference = [Bead((0,), (0,)), Bead((1,), (1,))]
    pairs = pair_through_source(draft, reference, 2)
    # A leading addition joins the first group, a trailing one the group before it.
    assert [(p.source, p.target, p.reference) for p in pairs] == [
        ((0,), (0, 1), (0,)), ((1,), (2,), (1,))]
    assert [p.confidence for p in pairs] == [0.2, 0.3]


def test_pairing_without_source_segments():
    pairs = pair_through_source([Bead((), (0,))], [Bead((), (0,)), Bead((), (1,))], 0)
    assert [(p.source, p.target, p.reference) for p in pairs] == [((), (0,), (0, 1))]


# --- TER broken down --------------------------------------------------------------------

words = st.lists(st.sampled_from(["a", "b", "c", "d", "the", "of"]), max_size=14)


@settings(max_examples=300, deadline=None)
@given(words, words)
def test_ter_breakdown_adds_up_to_sacrebleus_edit_count(hypothesis, reference):
    from sacrebleu.metrics.lib_ter import translation_edit_rate

    alignment = ter_alignment(hypothesis, reference)
    assert (alignment.edits, alignment.reference_words) == translation_edit_rate(hypothesis, reference)
    assert alignment.edits == (alignment.insertions + alignment.deletions
                               + alignment.substitutions + len(alignment.shifts))
    # Every word of both sides appears exactly once; the reference side in order.
    hypothesis_positions = sorted(h for _, h, _ in alignment.operations if h is not None)
    reference_positions = [r for _, _, r in alignment.operations if r is not None]
    assert hypothesis_positions == list(range(len(hypothesis)))
    assert reference_positions == list(range(len(reference)))
    for op, h, r in alignment.operations:
        if op == "=":
            assert hypothesis[h] == reference[r]
        elif op == "s":
            assert hypothesis[h] != reference[r]
    for block in alignment.shifts:
        assert 0 < len(block) <= 10 and len(set(block)) == len(block)


def test_a_moved_phrase_is_one_shift():
    alignment = ter_alignment("on tuesday the committee met".split(), "the committee met on tuesday".split())
    assert alignment.edits == 1 and alignment.shifts and not alignment.substitutions
    assert sorted(alignment.shifts[0]) in ([0, 1], [2, 3, 4])


# --- sacrebleu parity -------------------------------------------------------------------

def test_sentence_scores_equal_sacrebleus_api():
    from sacrebleu.metrics import BLEU, CHRF, TER

    scorer = Scorer("en")
    for hypothesis, reference in zip(HYPOTHESES, REFERENCES):
        scores = scorer.sentence(hypothesis, reference)
        assert scores.chrf == pytest.approx(CHRF().sentence_score(hypothesis, [reference]).score)
        assert scores.bleu == pytest.approx(
            BLEU(effective_order=True).sentence_score(hypothesis, [reference]).score)
        ter = TER().sentence_score(hypothesis, [reference])
        assert scores.ter == pytest.approx(ter.score) and scores.ter_edits == ter.num_edits


def test_scores_equal_sacrebleus_command_line(tmp_path):
    scorer = Scorer("en")
    sentence_scores = [scorer.sentence(h, r) for h, r in zip(HYPOTHESES, REFERENCES)]
    corpus = {score.name: score for score in scorer.corpus(HYPOTHESES, REFERENCES, sentence_scores)}
    for metric, name, attribute in (("chrf", "chrF2", "chrf"), ("bleu", "BLEU", "bleu"),
                                    ("ter", "TER", "ter")):
        lines = sacrebleu_cli.run(tmp_path, HYPOTHESES, REFERENCES, metric, sentence_level=True)
        assert len(lines) == len(HYPOTHESES)
        for (cli_name, signature, value), ours in zip(lines, sentence_scores):
            assert cli_name == name and signature == corpus[name].sentence_signature
            assert getattr(ours, attribute) == pytest.approx(value, abs=1e-6)
        for (_, _, value), ours, hypothesis, reference in zip(lines, sentence_scores, HYPOTHESES,
                                                              REFERENCES):
            if metric == "ter":
                assert ours.ter_edits == sacrebleu_cli.ter_edits(value, hypothesis, reference)
        [(cli_name, signature, value)] = sacrebleu_cli.run(tmp_path, HYPOTHESES, REFERENCES,
                                                           metric, sentence_level=False)
        assert cli_name == name and signature == corpus[name].signature
        assert corpus[name].score == pytest.approx(value, abs=1e-6)
    assert "tok:13a" in corpus["BLEU"].signature and "eff:yes" in corpus["BLEU"].sentence_signature


def test_corpus_ter_from_sentence_counts_equals_a_fresh_computation():
    scorer = Scorer("en")
    sentences = [scorer.sentence(h, r) for h, r in zip(HYPOTHESES, REFERENCES)]
    reused = scorer.corpus(HYPOTHESES, REFERENCES, sentences)
    fresh = scorer.corpus(HYPOTHESES, REFERENCES)
    assert [(s.name, round(s.score, 9), s.signature) for s in reused] == \
        [(s.name, round(s.score, 9), s.signature) for s in fresh]


def test_chinese_scoring_uses_the_zh_tokeniser():
    scorer = Scorer("zh")
    scores = scorer.sentence("委员会周二批准了预算。", "周二委员会批准了预算。")
    assert 0 < scores.bleu < 100 and scores.ter_edits >= 1
    signatures = {s.name: s.signature for s in scorer.corpus(["委员会批准了预算。"], ["委员会批准了预算。"])}
    assert "tok:zh" in signatures["BLEU"] and "asian:yes" in signatures["TER"]


# --- check --reference ------------------------------------------------------------------

ZH = "委员会周二批准了预算。今年上半年出口增长了百分之十二。那座桥将关闭维修。"
EN = ("The committee approved the budget on Tuesday. Overseas sales climbed twelve percent during "
      "the opening six months. The bridge will close for repairs.")
REF = ("On Tuesday the committee approved the budget. Exports grew by 12 percent in the first "
       "half of this year. The bridge will be closed for repairs.")


def _reference_document(text: str) -> Document:
    from tqc.reflow import reflow

    return reflow(list(enumerate(text.split("\n"), start=1)), "en", "<reference>")


def _checked(reference: str | None, config: Config | None = None):
    from tqc.pipeline import run
    from tqc.reading import bitext_from_texts

    return run(bitext_from_texts(ZH, EN), None, config,
               reference=_reference_document(reference) if reference is not None else None)


def test_report_has_reference_scores_and_rf01():
    report = _checked(REF, Config(select=("RF01",)))
    data = validate_report_json(tqc.render(report, "json"))
    reference = data["reference"]
    assert reference["summary"]["pairs"] == 3 == reference["summary"]["scored"]
    assert [score["name"] for score in reference["corpus"]] == ["chrF2", "BLEU", "TER"]
    chrf = [pair["scores"]["chrF"] for pair in reference["pairs"]]
    # The freely worded second sentence is the one far from the reference.
    assert [f.code for f in report.findings] == ["RF01"]
    finding = report.findings[0]
    assert finding.severity == "info" and finding.category == "reference"
    assert finding.target.segments == (1,) and finding.suggestion.startswith("Exports grew")
    assert chrf[1] < reference["threshold"] <= min(chrf[0], chrf[2])
    assert reference["summary"]["below_threshold"] == 1


def test_threshold_option_and_severity_come_from_config():
    config = Config(select=("RF01",), rule_options={"RF01": {"threshold": 101}},
                    severity={"RF01": "warning"})
    report = _checked(REF, config)
    assert len(report.findings) == 3 and {f.severity for f in report.findings} == {"warning"}
    assert report.reference["threshold"] == 101


def test_no_reference_means_no_key_and_no_rf01():
    report = _checked(None)
    assert report.reference is None
    assert "reference" not in json.loads(tqc.render(report, "json"))
    assert not [f for f in report.findings if f.code == "RF01"]


def test_html_report_shows_the_reference_section():
    html = tqc.render(_checked(REF + " <script>alert(1)</script>"), "html")
    assert "chrF2" in html and "nrefs:1" in html
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;" in html


def test_cli_check_with_reference(tmp_path):
    from click.testing import CliRunner

    from tqc.cli import main

    (tmp_path / "zh.txt").write_text(ZH + "\n", encoding="utf-8")
    (tmp_path / "en.txt").write_text(EN + "\n", encoding="utf-8")
    (tmp_path / "ref.txt").write_text(REF + "\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(tmp_path / "zh.txt"), str(tmp_path / "en.txt"),
                                       "--reference", str(tmp_path / "ref.txt"), "--format", "json",
                                       "--select", "RF01", "--fail-on", "never"])
    assert result.exit_code == 0, result.output
    data = validate_report_json(result.output)
    assert data["reference"]["path"].endswith("ref.txt")
    assert [f["code"] for f in data["findings"]] == ["RF01"]

    (tmp_path / "empty.txt").write_text("12 34\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(tmp_path / "zh.txt"), str(tmp_path / "en.txt"),
                                       "--reference", str(tmp_path / "empty.txt")])
    assert result.exit_code == 2 and "no English text found" in result.output


def test_read_reference_rejects_a_missing_file(tmp_path):
    from tqc.errors import InputError

    with pytest.raises(InputError):
        read_reference(str(tmp_path / "missing.txt"))


def test_a_tsv_reference_with_the_same_units_is_paired_unit_by_unit(tmp_path):
    from tqc.pipeline import run
    from tqc.reading import read_inputs

    rows = list(zip(ZH.replace("。", "。\n").split(), ["Draft one.", "Draft two.", "Draft three."],
                    ["Reference one.", "Reference two.", "Reference three."]))
    (tmp_path / "draft.tsv").write_text("".join(f"{zh}\t{en}\n" for zh, en, _ in rows), encoding="utf-8")
    (tmp_path / "ref.tsv").write_text("".join(f"{zh}\t{ref}\n" for zh, _, ref in rows), encoding="utf-8")
    report = run(read_inputs(str(tmp_path / "draft.tsv")), None, Config(select=("RF01",)),
                 reference=read_reference(str(tmp_path / "ref.tsv")))
    pairs = report.reference["pairs"]
    assert [(p["source"], p["target"], p["reference"]) for p in pairs] == [([i], [i], [i]) for i in range(3)]
    assert all(p["scores"]["TER"] == 50.0 for p in pairs)  # one word of two substituted
    validate_report_json(tqc.render(report, "json"))
