"""tqc compare: the editor's diff, its TER edit counts and its classification."""
from __future__ import annotations

import json
from collections import defaultdict

import pytest

from tqc.compare import align_revisions, compare_files, compare_lines, diff_runs, render
from tqc.errors import InputError
from tqc.glossary import parse_tsv
from tqc.model import Segment

import sacrebleu_cli

GLOSSARY = parse_tsv("zh\ten\tforbidden\tnote\n"
                     "上海合作组织\tShanghai Cooperation Organization\tShanghai Pact\t\n"
                     "碳中和\tcarbon neutrality\t\t\n", "terms.tsv")


def _one(draft: str, edited: str, source: str = "", glossary=None):
    comparison = compare_lines([draft], [edited], [source] if source else None, glossary)
    [sentence] = comparison.sentences
    return sentence


def _kinds(sentence) -> list[tuple[str, str]]:
    return [(change.kind, change.detail) for change in sentence.changes]


def test_counts_add_up_to_the_sentence_ter_edits():
    sentence = _one("On Monday the talks resumed in Geneva after 3 weeks.",
                    "The talks resumed in Geneva on Monday after four weeks!")
    edits = sentence.edits
    assert edits.edits == sentence.scores.ter_edits
    assert edits.insertions + edits.deletions + edits.substitutions + len(edits.shifts) == edits.edits
    assert sum(change.edits for change in sentence.changes) == edits.edits
    assert len(edits.shifts) == 1
    assert ("style", "word order") in _kinds(sentence)
    assert ("numbers", "number") in _kinds(sentence)


def test_numbers_punctuation_case_and_wording_are_told_apart():
    assert _kinds(_one("Prices rose 40 percent.", "Prices rose 45 percent.")) == [("numbers", "number")]
    assert _kinds(_one("Prices rose sharply.", "Prices rose sharply!")) == [("style", "punctuation")]
    case = _one("prices rose sharply.", "Prices rose sharply.")
    assert _kinds(case) == [("style", "case")] and case.edits.edits == 0  # TER ignores case
    assert _kinds(_one("Prices went up sharply.", "Prices climbed sharply.")) == [("style", "wording")]
    # 1,000 and 1000 are the same number: only the writing changed.
    assert _kinds(_one("It cost 1,000 yuan.", "It cost 1000 yuan.")) == [("style", "number format")]


def test_a_changed_name_is_terminology():
    sentence = _one("The minister Bruno Le Maire spoke in Paris.", "The minister Le Maire spoke in Paris.")
    assert _kinds(sentence) == [("terminology", "name")]


def test_glossary_terms_the_editor_changed():
    fixed = _one("The Shanghai Pact met in June.", "The Shanghai Cooperation Organization met in June.",
                 glossary=GLOSSARY)
    assert [(t.zh, t.status, t.draft, t.edited) for t in fixed.terms] == [
        ("上海合作组织", "fixed", "Shanghai Pact", "Shanghai Cooperation Organization")]
    assert ("terminology", "glossary") in _kinds(fixed)

    broken = _one("China aims for carbon neutrality by 2060.", "China aims for net zero by 2060.",
                  glossary=GLOSSARY)
    assert [(t.status, t.draft, t.edited) for t in broken.terms] == [("broken", "carbon neutrality", None)]

    # With a source, only the source sentence's terms are considered.
    unrelated = _one("The Shanghai Pact met.", "The group met.", source="该组织举行了会议。",
                     glossary=GLOSSARY)
    assert unrelated.terms == [] and _kinds(unrelated) == [("terminology", "name")]


def test_word_diff_rebuilds_both_sentences():
    draft = "On Tuesday the committee approved the budget, officials said."
    edited = "Officials said the committee approved the new budget on Tuesday."
    sentence = _one(draft, edited)
    assert " ".join(w.edited for w in sentence.words if w.edited is not None) == edited
    assert sorted(w.draft for w in sentence.words if w.draft is not None) == sorted(draft.split())
    assert any(w.moved for w in sentence.words)
    runs = diff_runs(sentence.words)
    assert {run.kind for run in runs} <= {"same", "moved", "case", "change"}
    assert " ".join(r.edited for r in runs if r.edited) == edited


def test_unchanged_sentences_have_no_changes():
    comparison = compare_lines(["Same sentence.", "Old text here."], ["Same sentence.", "New text here."])
    assert [s.changed for s in comparison.sentences] == [False, True]
    totals = comparison.totals()
    assert totals["changed"] == 1 and totals["unchanged"] == 1
    assert totals["edits"]["total"] == 1 == totals["edits"]["substitutions"]


def test_line_counts_must_match():
    with pytest.raises(InputError, match="same number"):
        compare_lines(["One.", "Two."], ["One."], draft_path="a.txt", edited_path="b.txt")


def _segments(texts: list[str]) -> list[Segment]:
    return [Segment(i, text, i, 0, len(text), i + 1) for i, text in enumerate(texts)]


def test_revisions_are_aligned_around_added_removed_and_split_sentences():
    draft = _segments([
        "The committee met on Tuesday.",
        "It approved the budget for next year.",
        "A spokesman declined to comment.",
        "The meeting lasted three hours and ended with a vote on the new rules.",
        "More talks are planned.",
    ])
    edited = _segments([
        "The committee met on Tuesday.",
        "Heavy rain delayed the start.",  # added
        "It approved next year's budget.",
        # "A spokesman ..." removed
        "The meeting lasted three hours.",
        "It ended with a vote on the new rules.",  # split
        "More talks are planned.",
    ])
    beads = [(b.source, b.target) for b in align_revisions(draft, edited)]
    assert beads == [((0,), (0,)), ((), (1,)), ((1,), (2,)), ((2,), ()), ((3,), (3, 4)), ((4,), (5,))]


def test_html_is_escaped_and_self_contained():
    comparison = compare_lines(["The <b>draft</b> said 5."], ["The <script>x</script> said 6."])
    html = render(comparison, "html")
    assert "<script>x</script>" not in html and "&lt;script&gt;" in html
    assert "<del>" in html and "<ins>" in html
    assert "http://" not in html and "https://" not in html and "<link" not in html


def test_json_and_text_renderings():
    comparison = compare_lines(["Prices rose 40 percent."], ["Prices rose 45 percent."],
                               draft_path="draft.txt", edited_path="edited.txt")
    data = json.loads(render(comparison, "json"))
    assert data["type"] == "compare" and data["files"]["draft"] == "draft.txt"
    assert data["totals"]["changes"]["numbers"] == 1
    assert [score["name"] for score in data["corpus"]] == ["chrF2", "BLEU", "TER"]
    [sentence] = data["sentences"]
    assert sentence["scores"]["substitutions"] == 1 and sentence["changes"][0]["kind"] == "numbers"
    text = render(comparison, "text")
    assert "[-40-]{+45+}" in text and "numbers (number): 40 -> 45" in text


def test_cli_compare_segmented(tmp_path):
    from click.testing import CliRunner

    from tqc.cli import main

    (tmp_path / "draft.txt").write_text("Prices rose 40 percent.\nThe Shanghai Pact met.\n",
                                        encoding="utf-8")
    (tmp_path / "edited.txt").write_text("Prices rose 45 percent.\n"
                                         "The Shanghai Cooperation Organization met.\n", encoding="utf-8")
    (tmp_path / "terms.tsv").write_text("zh\ten\n上海合作组织\tShanghai Cooperation Organization\n",
                                        encoding="utf-8")
    result = CliRunner().invoke(main, ["compare", str(tmp_path / "draft.txt"), str(tmp_path / "edited.txt"),
                                       "--segmented", "--glossary", str(tmp_path / "terms.tsv"),
                                       "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["totals"]["terms"]["fixed"] == 1 and data["totals"]["changes"]["numbers"] == 1

    (tmp_path / "short.txt").write_text("Prices rose 45 percent.\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["compare", str(tmp_path / "draft.txt"), str(tmp_path / "short.txt"),
                                       "--segmented"])
    assert result.exit_code == 2 and "same number" in result.output


# --- a real revision: two human translations of one newstest2020 document -------------

MQM_DOCUMENT = "reuters-zh.15799"


def _mqm_document(path) -> tuple[list[str], list[str], list[str]]:
    by_system: dict[str, dict[int, dict]] = defaultdict(dict)
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            row = json.loads(line)
            if row["doc"] == MQM_DOCUMENT and row["system"] in ("Human-A.0", "Human-B.0"):
                by_system[row["system"]][row["seg"]] = row
    segments = sorted(by_system["Human-A.0"])
    assert segments and segments == sorted(by_system["Human-B.0"])
    draft = [" ".join(by_system["Human-A.0"][s]["tgt"].split()) for s in segments]
    edited = [" ".join(by_system["Human-B.0"][s]["tgt"].split()) for s in segments]
    source = [by_system["Human-A.0"][s]["src"].strip() for s in segments]
    return draft, edited, source


def _check_against_sacrebleu(comparison, directory) -> None:
    drafts = [s.pair.draft for s in comparison.sentences]
    editeds = [s.pair.edited for s in comparison.sentences]
    corpus = {score.name: score for score in comparison.corpus}
    for metric, name, attribute in (("chrf", "chrF2", "chrf"), ("bleu", "BLEU", "bleu"),
                                    ("ter", "TER", "ter")):
        lines = sacrebleu_cli.run(directory, drafts, editeds, metric, sentence_level=True)
        assert len(lines) == len(comparison.sentences)
        for (cli_name, signature, value), sentence in zip(lines, comparison.sentences):
            assert (cli_name, signature) == (name, corpus[name].sentence_signature)
            assert getattr(sentence.scores, attribute) == pytest.approx(value, abs=1e-6)
            if metric == "ter":
                edits = sentence.edits
                expected = sacrebleu_cli.ter_edits(value, sentence.pair.draft, sentence.pair.edited)
                assert (edits.insertions + edits.deletions + edits.substitutions
                        + len(edits.shifts)) == expected == sentence.scores.ter_edits
        [(cli_name, signature, value)] = sacrebleu_cli.run(directory, drafts, editeds, metric,
                                                           sentence_level=False)
        assert (cli_name, signature) == (name, corpus[name].signature)
        assert corpus[name].score == pytest.approx(value, abs=1e-6)


def test_real_revision_line_by_line_matches_sacrebleu(mqm_path, tmp_path):
    draft, edited, source = _mqm_document(mqm_path)
    for name, lines in (("draft.en", draft), ("edited.en", edited), ("source.zh", source)):
        (tmp_path / name).write_text("\n".join(lines) + "\n", encoding="utf-8")
    comparison = compare_files(str(tmp_path / "draft.en"), str(tmp_path / "edited.en"),
                               str(tmp_path / "source.zh"), segmented=True)
    assert len(comparison.sentences) == len(draft)
    _check_against_sacrebleu(comparison, tmp_path)
    totals = comparison.totals()
    assert totals["changed"] == len(draft)  # two independent translations differ everywhere
    assert totals["changes"]["numbers"] >= 1 and totals["changes"]["style"] >= 1
    # "Bruno Le Maire" in one translation is "Le Maire" in the other: a name change.
    assert any(c.kind == "terminology" and "Bruno" in c.draft
               for s in comparison.sentences for c in s.changes)
    text = render(comparison, "text")
    assert f"{len(draft)} sentences: {len(draft)} changed" in text
    assert "<del>" in render(comparison, "html")


def test_real_revision_as_documents_matches_sacrebleu(mqm_path, tmp_path):
    """Without line pairing: the texts are segmented and paired through the Chinese."""
    draft, edited, source = _mqm_document(mqm_path)
    for name, lines in (("draft.en", draft), ("edited.en", edited), ("source.zh", source)):
        (tmp_path / name).write_text("\n\n".join(lines) + "\n", encoding="utf-8")
    comparison = compare_files(str(tmp_path / "draft.en"), str(tmp_path / "edited.en"),
                               str(tmp_path / "source.zh"))
    assert comparison.pairing == "source"
    # Every sentence of both versions is in exactly one pair.
    assert " ".join(s.pair.draft for s in comparison.sentences).split() == " ".join(draft).split()
    assert " ".join(s.pair.edited for s in comparison.sentences).split() == " ".join(edited).split()
    assert len(comparison.sentences) >= len(draft) - 2
    _check_against_sacrebleu(comparison, tmp_path)
