"""The HTML review page: a golden file, DOM assertions, size and determinism;
plus the Markdown and CSV summaries that share its figures."""
from __future__ import annotations

import base64
import csv
import difflib
import hashlib
import io
import json
import os
import re
from datetime import datetime, timezone
from importlib import resources
from pathlib import Path

import pytest
from click.testing import CliRunner

import tqc
from tqc.cli import main
from tqc.model import Finding, Location
from tqc.reporters import FORMATS, csv_report, dashboard, markdown
from tqc.reporters.html import render_html, script_json, view_model

from html_fixtures import SAMPLE_RULES, SCRIPT_IN_TRANSLATION, large_report, sample_report
from minidom import parse

GOLDEN = Path(__file__).parent / "golden"
EXAMPLES = resources.files("tqc") / "examples"
TIME = re.compile(r'<time datetime="[^"]*">[^<]*</time>')
WHEN = datetime(2024, 5, 6, 7, 8, tzinfo=timezone.utc)


def strip_time(html: str) -> str:
    return TIME.sub("<time>(stripped)</time>", html)


def sample_html(**options) -> str:
    return render_html(sample_report(), rules=SAMPLE_RULES, generated=WHEN, **options)


# --- golden file --------------------------------------------------------------------

def test_golden_sample_report():
    """Set TQC_UPDATE_GOLDEN=1 to rewrite the golden file after an intended change."""
    html = strip_time(sample_html())
    golden = GOLDEN / "sample_report.html"
    if os.environ.get("TQC_UPDATE_GOLDEN") == "1":
        golden.parent.mkdir(exist_ok=True)
        golden.write_text(html, encoding="utf-8", newline="\n")
    expected = golden.read_text(encoding="utf-8")
    if html != expected:
        diff = "\n".join(difflib.unified_diff(expected.splitlines(), html.splitlines(),
                                              "golden", "rendered", lineterm="", n=1))
        pytest.fail("HTML differs from tests/golden/sample_report.html "
                    "(TQC_UPDATE_GOLDEN=1 rewrites it):\n" + diff[:4000])


def test_output_is_deterministic_except_the_time():
    first = render_html(sample_report(), rules=SAMPLE_RULES, generated=WHEN)
    second = render_html(sample_report(), rules=SAMPLE_RULES, generated=datetime(2031, 1, 1, tzinfo=timezone.utc))
    assert first != second
    assert strip_time(first) == strip_time(second)
    assert '<time datetime="2024-05-06T07:08:00Z">2024-05-06 07:08 UTC</time>' in first


def test_source_date_epoch_fixes_the_time(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "86400")
    assert '<time datetime="1970-01-02T00:00:00Z">' in render_html(sample_report(), rules=SAMPLE_RULES)


# --- self-contained and safe ----------------------------------------------------------

def test_page_is_self_contained_with_a_strict_csp():
    html = sample_html()
    dom = parse(html)
    csp = dom.find("meta", http_equiv="Content-Security-Policy").attrs["content"]
    assert "default-src 'none'" in csp
    scripts = dom.find_all("script")
    code = [script for script in scripts if "type" not in script.attrs]
    assert len(code) == 1 and all("src" not in script.attrs for script in scripts)
    digest = base64.b64encode(hashlib.sha256(code[0].text().encode()).digest()).decode()
    assert f"script-src 'sha256-{digest}'" in csp, "the CSP must allow exactly the page's own script"
    for node in dom.iter():
        for name in ("src", "href", "action", "xlink:href"):
            value = node.attrs.get(name)
            assert value is None or value.startswith(("#", "data:")), f"<{node.tag} {name}={value!r}>"
    assert "@import" not in html and "url(http" not in html


def test_script_in_the_translation_is_text():
    html = sample_html()
    assert SCRIPT_IN_TRANSLATION not in html
    dom = parse(html)
    assert len([s for s in dom.find_all("script") if "type" not in s.attrs]) == 1
    assert SCRIPT_IN_TRANSLATION in dom.find("span", id="en-3").text()
    # The JSON block can never close its <script> element early.
    data = dom.find("script", id="tqc-data").text()
    assert "<" not in data and ">" not in data
    assert script_json({"t": "</script><!--"}) == '{"t":"\\u003c/script\\u003e\\u003c!--"}'


def test_every_internal_link_has_a_target():
    dom = parse(sample_html())
    ids = {node.attrs["id"] for node in dom.iter() if "id" in node.attrs}
    for node in dom.find_all("a"):
        href = node.attrs.get("href", "")
        if href.startswith("#") and "=" not in href:
            assert href[1:] in ids, href
    assert len(ids) == len([node for node in dom.iter() if "id" in node.attrs]), "duplicate ids"


# --- header and dashboard ----------------------------------------------------------------

def test_header_records_inputs_version_and_signature():
    dom = parse(sample_html())
    header = dom.find("header").text()
    report = sample_report()
    text_digest = hashlib.sha256("\n".join(p.text for p in report.source.paragraphs).encode()).hexdigest()
    assert "survey.zh.txt" in header and "survey.en.txt" in header
    assert f"sha256:{text_digest} (of the decoded text)" in header
    assert "tqc 9.9.9" in header
    assert "tqc:9.9.9|align:test-aligner|glossary:none|rules:all|conf:0" in header


def test_dashboard_counts_chart_and_coverage():
    dom = parse(sample_html())
    dashboard_node = dom.find("section", class_="dashboard")
    severity_rows = {row.find("th").text().strip("✖▲ℹ"): row.find("td").text()
                     for row in dashboard_node.find("table", class_="counts").find_all("tr")}
    assert severity_rows == {"error": "2", "warning": "3", "info": "2"}
    categories = dashboard_node.find("ul", class_="inline-counts").text()
    assert "omission 2" in categories and "number 1" in categories
    chart = dashboard_node.find("svg")
    bars = chart.find_all("a")
    assert [bar.attrs["href"] for bar in bars] == ["#section-0", "#section-1", "#section-2"]
    assert [bar.find("text").text() for bar in bars] == ["社区卫生服务调查报…", "一、背景", "二、方法"]
    assert bars[0].find("title").text().startswith("社区卫生服务调查报告: 0 findings")
    assert [bar.find_all("text")[-1].text() for bar in bars] == ["0", "2", "4"]
    # warnings are hatched and info dotted, not only coloured
    assert chart.find("pattern", id="pattern-warning") and chart.find("pattern", id="pattern-info")
    text = " ".join(dashboard_node.text().split())
    assert "Chinese sentences matched 87.5% 7 of 8" in text
    assert "English sentences matched 87.5% 7 of 8" in text
    assert "No glossary was given." in text
    assert "English: 2 page-number" in text
    top = dashboard_node.find("ol", class_="top").find_all("li")
    assert [li.find("a").attrs["href"] for li in top[:2]] == ["#finding-0", "#finding-2"]  # errors first


# --- side-by-side table -------------------------------------------------------------------

def test_table_is_semantic_and_shaded_by_confidence():
    dom = parse(sample_html())
    table = dom.find("table", id="bitext")
    assert table.find("caption")
    assert [th.attrs.get("scope") for th in table.find("thead").find_all("th")] == ["col"] * 3
    rows = table.find_all("tr", class_="bead")
    assert len(rows) == 10
    assert all(row.find("th").attrs["scope"] == "row" for row in rows)
    assert [row.classes[1] for row in rows] == ["conf-high", "conf-high", "conf-high", "conf-mid", "conf-high",
                                              "conf-mid", "conf-low", "conf-low", "conf-poor", "conf-poor"]
    assert rows[3].find("span", class_="score").text() == "0.62"  # the score is printed, not only shaded
    heads = [head.text() for head in table.find_all("tr", class_="section-head")]
    assert heads == ["社区卫生服务调查报告0 findings", "一、背景2 findings", "二、方法4 findings"]


def test_unmatched_sentences_get_an_empty_highlighted_cell():
    dom = parse(sample_html())
    omitted = dom.find("tr", id="bead-6")
    assert "unmatched" in omitted.classes
    assert omitted.find("td", class_="zh").text() == "共发放问卷1200份。✖OM01"
    missing = omitted.find("td", class_="missing")
    assert "en" in missing.classes and missing.text() == "no English translation"
    added = dom.find("tr", id="bead-9")
    assert "zh" in added.find("td", class_="missing").classes


def test_findings_are_marked_on_exact_spans_on_both_sides():
    dom = parse(sample_html())
    source = dom.find("span", id="zh-3")
    marks = {mark.text(): mark for mark in source.find_all("mark")}
    assert set(marks) == {"家庭医生", "百分之三十五"}
    assert marks["家庭医生"].attrs["data-f"] == "0" and marks["家庭医生"].classes == ["sev-error"]
    assert marks["百分之三十五"].attrs["title"] == "NU01 warning: 百分之三十五 (35%) is 53% in the English"
    target = dom.find("span", id="en-3")
    assert [mark.text() for mark in target.find_all("mark")] == ["53%"]
    assert target.attrs["data-f"] == "0" and "flagged" in target.classes  # TM01: whole English sentence
    refs = [(ref.attrs["href"], ref.text()) for ref in target.find_all("a", class_="ref")]
    assert refs == [("#finding-1", "▲NU01"), ("#finding-0", "✖TM01")]
    # a finding with no span marks its whole segment
    assert dom.find("span", id="en-6").attrs["data-f"] == "3"
    assert "nonarticle" in dom.find("span", id="zh-8").classes
    assert dom.find("span", id="zh-8").attrs["data-kind"] == "news"


def test_notes_give_code_message_suggestion_confidence_and_rule_link():
    dom = parse(sample_html())
    note = dom.find("li", id="finding-0")
    assert note.ancestor("tr").classes == ["notes"]
    assert note.find("span", class_="sev-label").text() == "✖error"
    assert note.find("a", class_="code").attrs["href"] == "#rule-TM01"
    assert note.find("span", class_="msg").text() == "glossary term 家庭医生 should be rendered as 'family physician'"
    assert note.find("span", class_="sugg").text() == "suggestion: family physician"
    assert note.find("span", class_="conf").text() == "confidence 0.85"
    assert note.find("span", class_="where").text() == "Chinese line 4 · English line 4"
    # the note sits right under its bead
    rows = dom.find("table", id="bitext").find_all("tr")
    position = rows.index(dom.find("tr", id="bead-3"))
    assert rows[position + 1] is note.ancestor("tr")
    # a finding without segments is listed for the whole document
    assert dom.find("li", id="finding-6").ancestor("section").attrs["class"] == "doc-notes"


def test_rule_explanations_are_embedded():
    dom = parse(sample_html())
    rule = dom.find("article", id="rule-TM01")
    text = rule.text()
    assert "A glossary term is not rendered as the glossary says." in text
    assert "Longer text wrapped here." in text  # paragraphs are unwrapped
    assert [pre.text() for pre in rule.find_all("pre")] == ["zh: 家庭医生\nen: home doctor",
                                                            "zh: 家庭医生\nen: family physician"]
    assert "kinds: block kinds reported" in dom.find("article", id="rule-OM02").text()
    assert "has no explanation for PU01" in dom.find("article", id="rule-PU01").text()


def test_filters_offer_what_occurs():
    dom = parse(sample_html())
    form = dom.find("form", id="filters")
    values = {name: [i.attrs["value"] for i in form.find_all("input", name=name)] for name in ("sev", "cat", "code")}
    assert values == {"sev": ["error", "warning", "info"],
                      "cat": ["omission", "addition", "truncation", "terminology", "number", "punctuation"],
                      "code": ["AD01", "NU01", "OM01", "OM02", "PU01", "TM01", "TR01"]}
    assert form.find("input", id="q").attrs["type"] == "search"
    data = json.loads(dom.find("script", id="tqc-data").text())
    assert [f["c"] for f in data["findings"]] == ["TM01", "NU01", "OM01", "TR01", "OM02", "AD01", "PU01"]
    assert data["order"] == [6, 0, 1, 2, 3, 4, 5]  # document-level first, then by bead
    assert data["initial"] == data["total"] == 10 and data["rows"] == []


def test_print_stylesheet_and_keyboard_help_are_there():
    html = sample_html()
    assert "@media print" in html
    assert "aria-keyshortcuts" in html and "<kbd>n</kbd>" in html


def test_reference_section_is_included_only_with_a_reference():
    report = sample_report()
    assert report.reference is None
    assert 'id="reference"' not in render_html(report, rules=SAMPLE_RULES)
    report.reference = {"path": "survey.ref.txt", "lang": "en", "threshold": None,
                        "segments": [{"id": 0, "paragraph": 0, "text": "A reference <b>sentence</b>.", "line": 1,
                                      "article": True, "kind": "body"}],
                        "alignment": [], "corpus": [],
                        "pairs": [{"source": [0], "target": [0], "reference": [0], "confidence": 1.0, "scores": None}],
                        "summary": {"pairs": 1, "scored": 0, "below_threshold": 0}}
    dom = parse(render_html(report, rules=SAMPLE_RULES))
    section = dom.find("section", id="reference")
    assert section.ancestor("section").attrs["class"] == "dashboard"
    assert "A reference <b>sentence</b>." in section.text()


def test_empty_report_renders():
    from tqc.model import Document, Report

    report = Report(Document("a.txt", "zh", []), Document("b.txt", "en", []), [], [], [], [], version="1")
    dom = parse(render_html(report))
    assert "No sections" in dom.find("svg").text()
    assert not dom.find("table", id="bitext").find_all("tbody")
    assert "No findings." in dom.find("section", class_="dashboard").text()
    assert markdown.render(report).startswith("### tqc review: no findings")
    assert csv_report.render(report).count("\r\n") == 1


# --- large documents ------------------------------------------------------------------------

def test_large_document_defers_rows_to_json():
    report = large_report(2600)
    html = render_html(report, rules=SAMPLE_RULES, generated=WHEN)
    dom = parse(html)
    assert len(dom.find_all("tr")) <= 2000
    rendered = dom.find("table", id="bitext").find_all("tr", class_="bead")
    data = json.loads(dom.find("script", id="tqc-data").text())
    assert data["total"] == len(report.alignment) and data["initial"] == len(rendered)
    assert len(data["rows"]) == data["total"] - data["initial"] > 0
    assert data["rows"][0][0] == data["initial"]
    assert dom.find("div", id="more")
    # the last row carries the script tag, as text inside the JSON
    last = data["rows"][-1]
    assert SCRIPT_IN_TRANSLATION in last[9][0][6][0]
    assert SCRIPT_IN_TRANSLATION not in html


def test_row_budget_counts_section_heads_and_notes():
    report = large_report(400, findings_every=1)
    model = view_model(report, rules=SAMPLE_RULES, row_budget=100)
    rendered = sum(1 + len(section.rows) + sum(1 for row in section.rows if row.notes)
                   for section in model["initial_sections"])
    assert 95 <= rendered <= 100
    assert model["initial_beads"] + len(model["data"]["rows"]) == len(report.alignment)


def test_one_megabyte_input_gives_at_most_15_megabytes():
    report = large_report(1, findings_every=1)
    per_bead = sum(len(s.text.encode()) for s in report.source_segments + report.target_segments) / 2
    beads = int(1_000_000 / per_bead)
    report = large_report(beads, findings_every=2)
    text_bytes = sum(len(s.text.encode()) for s in report.source_segments + report.target_segments)
    assert text_bytes >= 1_000_000
    html = render_html(report, generated=WHEN)
    assert len(html.encode()) <= 15_000_000
    assert html.count("<tr") <= 2000


# --- figures shared with the other formats --------------------------------------------------

def test_glossary_compliance_counts_occurrences_and_tm_findings(tmp_path):
    glossary = tmp_path / "terms.tsv"
    glossary.write_text("zh\ten\tforbidden\n家庭医生\tfamily physician\n问卷\tquestionnaire\n", encoding="utf-8")
    report = sample_report()
    report.glossaries = [str(glossary)]
    compliance = dashboard.glossary_compliance(report)
    # 家庭医生 (bead 3) and 问卷 (bead 7); bead 6 has no English, so its 问卷 is not checked,
    # and the 问卷 of 问卷调查 (bead 5) is part of a longer word
    assert (compliance.occurrences, compliance.missing, compliance.forbidden) == (2, 1, 0)
    assert compliance.rate == pytest.approx(1 / 2)
    digest = hashlib.sha256(glossary.read_bytes()).hexdigest()
    combined = hashlib.sha256(digest.encode()).hexdigest()[:12]
    assert f"|glossary:sha256:{combined}|" in dashboard.signature(report)
    html = render_html(report, rules=SAMPLE_RULES)
    assert f"sha256:{digest}" in html and "50.0%" in html
    report.glossaries = [str(tmp_path / "gone.tsv")]
    assert dashboard.glossary_compliance(report) is None


def test_markdown_summary_for_a_pull_request():
    text = markdown.render(sample_report())
    lines = text.splitlines()
    assert lines[0] == "### tqc review: 7 findings (2 errors, 3 warnings, 2 info)"
    assert "`survey.zh.txt` → `survey.en.txt`" in lines[2]
    assert "`tqc:9.9.9|align:test-aligner|glossary:none|rules:all|conf:0`" in lines[2]
    assert "| aligned with a counterpart | 7 of 8 (87.5%) | 7 of 8 (87.5%) |" in lines
    table = [line for line in lines if line.startswith("| ✖") or line.startswith("| ▲") or line.startswith("| ℹ")]
    assert [row.split(" | ")[1] for row in table] == ["TM01", "OM01", "NU01", "TR01", "AD01", "OM02", "PU01"]
    assert "&lt;％&gt;" in text and "<％>" not in text
    assert "suggestion: family physician" in table[0]
    assert markdown.escape("a|b *c* [x](y) `z`") == "a\\|b \\*c\\* \\[x\\](y) \\`z\\`"


def test_markdown_is_short_for_many_findings():
    text = markdown.render(large_report(300, findings_every=1))
    assert len([line for line in text.splitlines() if line.startswith("| ")]) == 2 + 1 + markdown.MAX_FINDINGS
    assert "… and 280 more findings" in text


def test_csv_has_one_finding_a_row():
    report = sample_report()
    report.findings.append(Finding("XX01", "formula", "other", "info", 0.5, "=HYPERLINK(\"x\")",
                                   target=Location((2,), "-1 + 2", 3)))
    text = csv_report.render(report)
    assert text.startswith(csv_report.BOM) and "\r\n" in text
    rows = list(csv.reader(io.StringIO(text[1:])))
    assert tuple(rows[0]) == csv_report.COLUMNS
    assert len(rows) == 1 + len(report.findings)
    first = dict(zip(rows[0], rows[1]))
    assert first == {"code": "TM01", "name": "missing-glossary-term", "severity": "error",
                     "category": "terminology", "confidence": "0.85", "source_line": "4", "source_text": "家庭医生",
                     "target_line": "4", "target_text": sample_report().target_segments[3].text,
                     "message": "glossary term 家庭医生 should be rendered as 'family physician'",
                     "suggestion": "family physician"}
    truncated = dict(zip(rows[0], rows[4]))
    assert truncated["target_text"] == "A total of 1,100 valid questionnaires were"  # segment text when no quote
    formula = dict(zip(rows[0], rows[-1]))
    assert formula["message"] == "'=HYPERLINK(\"x\")" and formula["target_text"] == "'-1 + 2"


def test_formats_are_registered_and_rendered_by_the_api():
    assert {"html", "markdown", "csv"} <= set(FORMATS)
    report = sample_report()
    assert tqc.render(report, "markdown").startswith("### tqc review")
    assert tqc.render(report, "csv").startswith(csv_report.BOM + "code,")


# --- the bundled example through the command line ---------------------------------------------

def test_example_report_from_the_command_line(tmp_path):
    zh, en, glossary = (str(EXAMPLES / name) for name in ("abstract.zh.txt", "abstract.en.txt", "glossary.tsv"))
    out = tmp_path / "example.html"
    result = CliRunner().invoke(main, ["check", zh, en, "--glossary", glossary, "--format", "html",
                                       "--output", str(out), "--fail-on", "never"])
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    dom = parse(html)
    header = dom.find("header").text()
    for path in (zh, en, glossary):
        assert hashlib.sha256(Path(path).read_bytes()).hexdigest() in header
    report = tqc.check(Path(zh).read_text(encoding="utf-8"), Path(en).read_text(encoding="utf-8"), glossary=glossary)
    notes = dom.find_all("li", class_="finding")
    assert len(notes) == len(report.findings) > 0
    assert {note.find("a", class_="code").text() for note in notes} >= {"OM01", "TM01"}
    omitted = [mark for mark in dom.find_all("span", class_="seg") if "flagged" in mark.classes
               and mark.attrs["id"].startswith("zh-")]
    assert omitted, "the left-out Chinese sentence is flagged"
    assert "Glossary compliance" in dom.find("section", class_="dashboard").text()
    assert re.search(r"Terms rendered as required \d+\.\d% \d+ of \d+", " ".join(dom.text().split()))
    for name in ("markdown", "csv"):
        result = CliRunner().invoke(main, ["check", zh, en, "--glossary", glossary, "--format", name,
                                           "--fail-on", "never"])
        assert result.exit_code == 0 and "OM01" in result.output
