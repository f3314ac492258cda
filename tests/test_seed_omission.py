"""Omission, addition and truncation findings on the real OCR'd article in ../shared
(skipped when absent).  Only short anchors of the article are quoted."""
from __future__ import annotations

import pytest

from tqc.config import Config
from tqc.pipeline import run
from tqc.reading import read_inputs

NOT_SENTENCES = ("heading", "title")


@pytest.fixture(scope="module")
def seed_report():
    from conftest import SEED

    if not SEED.is_file():
        pytest.skip("../shared/seeds is not available")
    return run(read_inputs(str(SEED)), None, Config(select=("OM", "AD", "TR")))


def _findings(report, *codes):
    return [finding for finding in report.findings if finding.code in codes]


def test_english_cut_at_should_be_very_is_one_truncation(seed_report):
    cut = [segment for segment in seed_report.target_segments if "should be very" in segment.text]
    assert len(cut) == 1
    flagged = [finding for finding in seed_report.findings if finding.category == "truncation"
               and finding.target and cut[0].id in finding.target.segments]
    assert [finding.code for finding in flagged] in (["TR01"], ["TR02"])
    finding = flagged[0]
    start, end = finding.target.span or (0, len(cut[0].text.rstrip()))
    assert cut[0].text[start:end].rstrip().endswith("should be very")
    assert finding.severity == "error" and finding.confidence >= 0.8


def test_headings_and_title_are_not_flagged(seed_report):
    report = seed_report
    for finding in report.findings:
        if finding.code == "AD02":
            continue  # front matter, listed for information by design
        for side, segments in (("source", report.source_segments), ("target", report.target_segments)):
            location = getattr(finding, side)
            if location is None:
                continue
            if finding.category == "truncation" and location.segments[:1] and \
                    (side == "target") != finding.message.startswith("English"):
                continue  # the counterpart of a cut sentence, not the cut itself
            kinds = {segments[i].kind for i in location.segments}
            assert not kinds & set(NOT_SENTENCES), (finding.code, finding.message)
    titles = [s.id for s in report.target_segments if s.kind == "title"]
    assert titles, "the English title is recognised"
    assert all(f.code == "AD02" and f.severity == "info" for f in report.findings
               if f.target and set(f.target.segments) & set(titles))


def test_om01_finds_the_sentence_the_english_left_out(seed_report):
    om01 = _findings(seed_report, "OM01")
    texts = [finding.source.text for finding in om01]
    # the energy-security sentence between "In turn, Russia needs China" and "Therefore"
    assert any("以能源为纽带" in text and "在相当长的一个时期" in text for text in texts), texts
    assert all(finding.severity == "error" and finding.confidence >= 0.8 for finding in om01
               if "以能源为纽带" in finding.source.text)
    reported = next(f for f in om01 if "以能源为纽带" in f.source.text)
    assert "In turn" in reported.message and "Therefore" in reported.message
    # the news box and the received-date line are not article sentences
    for finding in om01:
        kinds = {seed_report.source_segments[i].kind for i in finding.source.segments}
        assert kinds <= {"body", "list", "unit"}, finding.message


def test_no_chinese_sentence_is_reported_twice(seed_report):
    seen: dict[int, str] = {}
    for finding in _findings(seed_report, "OM01", "TR02"):
        for segment_id in finding.source.segments:
            if finding.code == "TR02" and not any(
                    segment_id in bead.source and not bead.target for bead in seed_report.alignment):
                continue  # the cut sentence's own Chinese
            assert segment_id not in seen, (finding.code, seen.get(segment_id))
            seen[segment_id] = finding.code
