"""The Python API runs the same pipeline as the command line."""
from __future__ import annotations

from importlib import resources

import pytest

import tqc
from tqc.config import Config
from tqc.glossary import Glossary, Term

from conftest import validate_report_json

EXAMPLES = resources.files("tqc") / "examples"


def test_check_and_render_every_format():
    zh = (EXAMPLES / "abstract.zh.txt").read_text(encoding="utf-8")
    en = (EXAMPLES / "abstract.en.txt").read_text(encoding="utf-8")
    report = tqc.check(zh, en, glossary=str(EXAMPLES / "glossary.tsv"))
    assert any(f.code == "OM01" for f in report.findings)
    validate_report_json(tqc.render(report, "json"))
    assert "OM01" in tqc.render(report, "text")
    assert tqc.render(report, "html").startswith("<!DOCTYPE html>")
    with pytest.raises(ValueError):
        tqc.render(report, "docx")


def test_glossary_object_and_config():
    glossary = Glossary([Term("朝鲜半岛", ("Korean Peninsula",), ("Korean Peninsular",))])
    report = tqc.check("各方应维护朝鲜半岛的和平。", "All parties should keep the Korean Peninsular peaceful.",
                       glossary=glossary, config=Config(select=("TM",)))
    # the forbidden rendering is reported once, as TM02, not also as a missing term
    assert [f.code for f in report.findings] == ["TM02"]
    assert report.findings[0].suggestion == "Korean Peninsula"


def test_findings_are_frozen():
    report = tqc.check("今天天气很好。我们去公园。", "The weather is fine today.")
    finding = report.findings[0]
    with pytest.raises(AttributeError):
        finding.code = "XX00"


def test_same_input_same_output():
    zh = (EXAMPLES / "abstract.zh.txt").read_text(encoding="utf-8")
    en = (EXAMPLES / "abstract.en.txt").read_text(encoding="utf-8")
    first = tqc.render(tqc.check(zh, en), "json")
    second = tqc.render(tqc.check(zh, en), "json")
    assert first == second
