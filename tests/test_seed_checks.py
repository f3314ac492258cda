"""Numbers, punctuation and OCR checks on the real OCR'd article in ../shared
(skipped when absent).  Only the short anchors the issue names are quoted."""
from __future__ import annotations

import pytest

from tqc.config import Config
from tqc.pipeline import run
from tqc.reading import read_inputs


@pytest.fixture(scope="module")
def seed_findings():
    from conftest import SEED

    if not SEED.is_file():
        pytest.skip("../shared/seeds is not available")
    report = run(read_inputs(str(SEED)), None, Config(select=("NU01", "PU01", "OC01", "UN01")))
    return report


def _target_texts(report, code):
    return [(finding, finding.target.text or "") for finding in report.findings if finding.code == code]


def test_full_width_punctuation_in_the_english(seed_findings):
    pu01 = _target_texts(seed_findings, "PU01")
    assert len(pu01) >= 20  # one per sentence, and the English is full of them
    assert any("“，”" in finding.message for finding, _ in pu01)
    for finding, text in pu01:
        start, end = finding.target.span
        assert text[start:end] in "，．：；（）％／“”\u3000——"
        assert "，" not in finding.suggestion and "．" not in finding.suggestion


@pytest.mark.parametrize("debris, fix", [("leve1", "level"), ("infl uence", "influence"), ("W ei", "Wei")])
def test_ocr_debris_in_the_english(seed_findings, debris, fix):
    hits = [finding for finding, text in _target_texts(seed_findings, "OC01") if debris in text]
    assert hits, f"{debris!r} not reported"
    assert any(f"“{debris}” → “{fix}”" in finding.message for finding in hits)
    assert all(debris not in finding.suggestion for finding in hits)


def test_no_false_number_mismatch_for_the_trade_figures(seed_findings):
    nu01 = [f for f in seed_findings.findings if f.code == "NU01"]
    trade = [f for f in nu01 if any(anchor in f.message for anchor in ("600亿", "60 billion", "40％", "40%"))]
    assert trade == []
    # The trade sentence itself was checked: it is in an aligned bead with its figures.
    beads = [bead for bead in seed_findings.alignment if bead.source and bead.target
             and "600亿" in "".join(seed_findings.source_segments[i].text for i in bead.source)]
    assert beads and any("60 billion" in " ".join(seed_findings.target_segments[i].text for i in bead.target)
                         for bead in beads)


def test_no_han_left_in_the_english(seed_findings):
    assert [f for f in seed_findings.findings if f.code == "UN01"] == []
