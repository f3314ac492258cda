"""Whole journal articles (made up for these tests) in the shape tqc meets in practice:
the Chinese article and then its English translation in one hard-wrapped file, with
numbered headings, letter-spaced labels, page numbers, a footnote at the foot of a page
that cuts a sentence, a table, a formula, captions and references.

Each article has planted errors and nothing else should be reported."""
from __future__ import annotations

from pathlib import Path

import pytest

from tqc.pipeline import run
from tqc.reading import read_inputs

ARTICLES = Path(__file__).parent / "fixtures" / "articles"


def check(path: str):
    """As `tqc check FILE` checks one bilingual file."""
    return run(read_inputs(path))


def findings_of(name: str):
    return check(str(ARTICLES / name)).findings


def test_library_survey_reports_only_the_planted_omission_and_cut():
    findings = findings_of("library_survey.txt")
    assert sorted(f.code for f in findings) == ["OM01", "TR01"], [f.message for f in findings]
    omission = next(f for f in findings if f.code == "OM01")
    assert omission.source.text.startswith("此外，开放时间与居民的空闲时间不匹配")
    cut = next(f for f in findings if f.code == "TR01")
    assert cut.target.text.rstrip().endswith("should be promoted to")


def test_library_survey_layout():
    report = check(str(ARTICLES / "library_survey.txt"))
    kinds = {(segment.kind, segment.text) for segment in report.target_segments}
    assert ("heading", "1. Sample Selection") in kinds  # whole, not "1." and a body line
    footnotes = [p for p in report.source.paragraphs if p.kind == "footnote"]
    assert len(footnotes) == 1 and footnotes[0].text.startswith("①")
    # the sentence the page break and its footnote cut is whole again
    assert any(segment.text == "截至2019年底，全国共有公共图书馆3196个，比2010年增加了312个。"
               for segment in report.source_segments)


def test_heat_island_reports_the_planted_number_slip():
    findings = findings_of("heat_island.txt")
    numbers = [f for f in findings if f.code == "NU01"]
    assert len(numbers) == 1 and numbers[0].suggestion == "0.3°C"
    assert not [f for f in findings if f.code in ("PU03", "OC01", "AD01", "TR01", "TR03")], \
        [f.message for f in findings]


@pytest.mark.parametrize("name", ["library_survey.txt", "heat_island.txt"])
def test_every_chinese_sentence_is_paired(name):
    report = check(str(ARTICLES / name))
    unpaired = [bead for bead in report.alignment if bead.source and not bead.target
                and any(report.source_segments[i].article for i in bead.source)]
    planted = 1 if name == "library_survey.txt" else 0
    assert len(unpaired) == planted
