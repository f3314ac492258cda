"""JUnit XML: one test case per file pair, one failure per finding at or above --fail-on."""
from __future__ import annotations

import xml.etree.ElementTree as ET

from click.testing import CliRunner

from tqc.cli import main
from tqc.reporters import junit

CHINESE = "项目共有3个阶段。\n第一阶段已经完成。\n"
ENGLISH = "The project has 4 stages.\nThe first stage is complete．\n"


def junit_xml(*args) -> ET.Element:
    result = CliRunner().invoke(main, ["check", *args, "--format", "junit"])
    assert result.exit_code in (0, 1, 2), result.output
    assert result.stdout.startswith('<?xml version="1.0" encoding="UTF-8"?>')
    return ET.fromstring(result.stdout.split("\n", 1)[1])


def write_pair(directory, stem="a", chinese=CHINESE, english=ENGLISH):
    zh, en = directory / f"{stem}.zh.txt", directory / f"{stem}.en.txt"
    zh.write_text(chinese, encoding="utf-8")
    en.write_text(english, encoding="utf-8")
    return str(zh), str(en)


def test_one_case_per_pair_with_a_failure_per_failing_finding(tmp_path):
    zh, en = write_pair(tmp_path)
    root = junit_xml(zh, en, "--select", "NU01,PU01")
    cases = root.findall("./testsuite/testcase")
    assert len(cases) == 1 and root.get("tests") == "1" and root.get("failures") == "1"
    case = cases[0]
    assert case.get("name") == f"{zh} -> {en}"
    failures = case.findall("failure")
    assert [failure.get("type") for failure in failures] == ["NU01"]  # error level
    assert failures[0].get("message").startswith("line 1: NU01")
    assert "zh: 项目共有3个阶段。" in failures[0].text
    assert "PU01" in case.find("system-out").text  # a warning: listed, not failing


def test_fail_on_decides_what_fails(tmp_path):
    zh, en = write_pair(tmp_path)
    strict = junit_xml(zh, en, "--select", "NU01,PU01", "--fail-on", "warning")
    assert sorted(f.get("type") for f in strict.iter("failure")) == ["NU01", "PU01"]
    lenient = junit_xml(zh, en, "--select", "NU01,PU01", "--fail-on", "never")
    assert list(lenient.iter("failure")) == [] and lenient.get("failures") == "0"
    assert lenient.find("./testsuite/properties/property[@name='fail-on']").get("value") == "never"


def test_batch_has_error_and_skipped_cases(tmp_path):
    write_pair(tmp_path, "a")
    write_pair(tmp_path, "clean", "天气很好。\n", "The weather is fine.\n")
    (tmp_path / "lonely.zh.txt").write_text("孤单的文件。\n", encoding="utf-8")
    (tmp_path / "bin.zh.txt").write_bytes(b"\x00\x00binary")
    (tmp_path / "bin.en.txt").write_text("Text.\n", encoding="utf-8")
    root = junit_xml(str(tmp_path), "--select", "NU01")
    cases = root.findall("./testsuite/testcase")
    assert root.get("tests") == str(len(cases)) == "4"
    assert root.get("failures") == "1" and root.get("errors") == "1" and root.get("skipped") == "1"
    by_name = {case.get("name").rsplit("/", 1)[-1]: case for case in cases}
    assert by_name["clean.en.txt"].find("failure") is None
    assert by_name["lonely.zh.txt"].find("skipped").get("message").startswith("no English partner")
    assert by_name["bin.en.txt"].find("error") is not None


def test_control_characters_cannot_break_the_xml():
    assert junit._clean("a\x01b\x1fc\td") == "a\ufffdb\ufffdc\td"
