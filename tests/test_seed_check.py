"""End-to-end checks on the real OCR'd article in ../shared (skipped when absent).

The assertions describe the article's structure in our own words; no sentence
of the article is copied here beyond the short anchors the issue names.
"""
from __future__ import annotations

import pytest
from click.testing import CliRunner

from tqc.cli import main

from conftest import validate_report_json


@pytest.fixture(scope="module")
def seed_report(request):
    from conftest import SEED

    if not SEED.is_file():
        pytest.skip("../shared/seeds is not available")
    result = CliRunner().invoke(main, ["check", str(SEED), "--format", "json", "--fail-on", "never"])
    assert result.exit_code == 0, result.output
    return validate_report_json(result.output)


def _paragraph_segments(data, side, paragraph):
    return [s["id"] for s in data["segments"][side] if s["paragraph"] == paragraph]


def test_english_abstract_aligns_with_first_chinese_paragraph(seed_report):
    data = seed_report
    source = data["segments"]["source"]
    target = data["segments"]["target"]
    first_zh = min(s["paragraph"] for s in source if s["article"] and s["kind"] == "body")
    abstract = next(s["paragraph"] for s in target if s["text"].startswith("China and Russian have common"))
    zh_ids = set(_paragraph_segments(data, "source", first_zh))
    en_ids = set(_paragraph_segments(data, "target", abstract))
    assert len(en_ids) >= 2
    for bead in data["alignment"]:
        if zh_ids & set(bead["source"]):
            assert set(bead["target"]) <= en_ids, bead
        if en_ids & set(bead["target"]):
            assert set(bead["source"]) <= zh_ids, bead
    covered = {i for bead in data["alignment"] if zh_ids & set(bead["source"]) for i in bead["target"]}
    assert covered == en_ids


def test_news_box_reported_once_as_block(seed_report):
    data = seed_report
    source = data["segments"]["source"]
    boxes = [s for s in source if not s["article"] and "学术交流" in s["text"]]
    assert len(boxes) == 1
    box = boxes[0]
    om02 = [f for f in data["findings"] if f["code"] == "OM02"]
    assert [f["source"]["segments"] for f in om02].count([box["id"]]) == 1
    reported = next(f for f in om02 if f["source"]["segments"] == [box["id"]])
    assert "学术交流" in reported["source"]["text"]
    # never sentence by sentence
    for finding in data["findings"]:
        if finding["code"] == "OM01":
            assert box["id"] not in finding["source"]["segments"]


def test_sentence_cut_at_page_break_is_truncated(seed_report):
    data = seed_report
    cut = [s for s in data["segments"]["target"] if s["text"].rstrip().endswith("should be very")]
    assert len(cut) == 1
    flagged = [f for f in data["findings"] if f["category"] == "truncation"
               and f["target"] and cut[0]["id"] in f["target"]["segments"]]
    assert len(flagged) == 1
