"""The command line: options, exit codes, output files and error lines."""
from __future__ import annotations

import json
import subprocess
import sys
from importlib import resources

import pytest
from click.testing import CliRunner

from tqc import __version__
from tqc.cli import main

from conftest import validate_report_json

EXAMPLES = resources.files("tqc") / "examples"
ZH = str(EXAMPLES / "abstract.zh.txt")
EN = str(EXAMPLES / "abstract.en.txt")
GLOSSARY = str(EXAMPLES / "glossary.tsv")


def invoke(*args, input=None):
    return CliRunner().invoke(main, list(args), input=input)


def test_version():
    result = invoke("--version")
    assert result.exit_code == 0
    assert __version__ in result.output


@pytest.mark.parametrize("command", [[], ["check"], ["align"], ["rules"], ["explain"]])
def test_help_everywhere(command):
    result = invoke(*command, "--help")
    assert result.exit_code == 0
    assert "Usage:" in result.output


def test_example_exit_codes_follow_fail_on():
    assert invoke("check", ZH, EN, "--glossary", GLOSSARY).exit_code == 1
    assert invoke("check", ZH, EN, "--fail-on", "never").exit_code == 0


def test_example_json_is_schema_1_and_finds_planted_problems():
    result = invoke("check", ZH, EN, "--glossary", GLOSSARY, "--format", "json")
    data = validate_report_json(result.output)
    codes = {f["code"] for f in data["findings"]}
    assert {"OM01", "TR01", "TM01"} <= codes
    assert data["schema"] == 1 and data["tool"]["name"] == "tqc"
    omission = next(f for f in data["findings"] if f["code"] == "OM01")
    assert omission["source"]["line"] >= 1 and omission["target"]["segments"] == []


def test_select_and_ignore_prefixes():
    data = json.loads(invoke("check", ZH, EN, "--glossary", GLOSSARY, "--format", "json",
                             "--select", "OM,TR", "--ignore", "TR01").output)
    codes = {f["code"] for f in data["findings"]}
    assert codes and all(code.startswith("OM") for code in codes)


def test_text_output_cites_file_and_line():
    result = invoke("check", ZH, EN, "--fail-on", "never", "--select", "OM01")
    first = result.output.splitlines()[0]
    assert first.startswith(f"{ZH}:") and " OM01 " in first
    assert "\033[" not in result.output  # not a terminal: no colour


def test_output_file_is_written_and_input_is_refused(tmp_path):
    out = tmp_path / "report.html"
    result = invoke("check", ZH, EN, "--format", "html", "--output", str(out), "--fail-on", "never")
    assert result.exit_code == 0 and result.output == ""
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
    copy = tmp_path / "zh.txt"
    copy.write_text("中文内容。", encoding="utf-8")
    before = copy.read_bytes()
    result = invoke("check", str(copy), EN, "--output", str(copy))
    assert result.exit_code == 2
    assert copy.read_bytes() == before


def test_missing_file_is_one_line_exit_2(tmp_path):
    missing = tmp_path / "nope.txt"
    result = subprocess.run([sys.executable, "-m", "tqc", "check", str(missing), EN],
                            capture_output=True, text=True)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.startswith(f"tqc: error: {missing}")
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr


def test_output_in_missing_directory(tmp_path):
    result = invoke("check", ZH, EN, "--output", str(tmp_path / "no" / "such" / "r.json"))
    assert result.exit_code == 2


def test_bad_glossary_names_file_and_line(tmp_path):
    glossary = tmp_path / "g.tsv"
    glossary.write_text("zh\ten\tforbidden\tnote\n\tpeace\t\t\n", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "tqc", "check", ZH, EN, "--glossary", str(glossary)],
                            capture_output=True, text=True)
    assert result.returncode == 2
    assert result.stderr.strip() == f"tqc: error: {glossary}:2: empty 'zh' term"


def test_rules_and_explain():
    listing = invoke("rules").output
    assert "OM01" in listing and "truncated-sentence" in listing
    assert invoke("rules", "TM").output.splitlines()[0].startswith("TM")
    explanation = invoke("explain", "tr01")
    assert explanation.exit_code == 0
    assert "Bad:" in explanation.output and "Good:" in explanation.output
    assert invoke("explain", "ZZ99").exit_code == 2


def test_align_segmented_beads(tmp_path):
    zh = tmp_path / "zh.txt"
    en = tmp_path / "en.txt"
    zh.write_text("今天天气很好。\n我们去公园散步。\n", encoding="utf-8")
    en.write_text("The weather is fine today.\nWe go for a walk in the park.\n", encoding="utf-8")
    result = invoke("align", str(zh), str(en), "--segmented")
    assert result.exit_code == 0
    assert result.output.split() == ["[0]:[0]", "[1]:[1]"]


def test_align_one_bilingual_file(tmp_path):
    """Without TGT, SRC holds both languages, read as 'tqc check' reads it."""
    both = tmp_path / "both.txt"
    both.write_text("今天天气很好。我们去公园散步。\n\nThe weather is fine today. "
                    "We go for a walk in the park.\n", encoding="utf-8")
    result = invoke("align", str(both))
    assert result.exit_code == 0, result.output
    assert result.output.split() == ["[0]:[0]", "[1]:[1]"]
    refused = invoke("align", str(both), "--segmented")
    assert refused.exit_code == 2 and "--segmented needs two files" in refused.output


def test_align_takes_a_glossary(tmp_path):
    zh, en, glossary = tmp_path / "zh.txt", tmp_path / "en.txt", tmp_path / "g.tsv"
    zh.write_text("双方讨论了合作。\n", encoding="utf-8")
    en.write_text("The two sides discussed cooperation.\n", encoding="utf-8")
    glossary.write_text("zh\ten\n双方\tthe two sides\n", encoding="utf-8")
    result = invoke("align", str(zh), str(en), "--glossary", str(glossary))
    assert result.exit_code == 0 and result.output.split() == ["[0]:[0]"]
    missing = invoke("align", str(zh), str(en), "--glossary", str(tmp_path / "none.tsv"))
    assert missing.exit_code == 2


def test_config_file_sets_fail_on(tmp_path, monkeypatch):
    (tmp_path / "tqc.toml").write_text('fail-on = "never"\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert invoke("check", ZH, EN).exit_code == 0


def test_bad_config_key_is_exit_2(tmp_path, monkeypatch):
    (tmp_path / "tqc.toml").write_text('fail_on = "never"\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = invoke("check", ZH, EN)
    assert result.exit_code == 2


def test_align_segmented_keeps_empty_lines_and_final_newline(tmp_path):
    """As hunalign/Vecalign read them: an empty line is a sentence; a final newline adds none."""
    zh = tmp_path / "zh.txt"
    en = tmp_path / "en.txt"
    zh.write_bytes("今天天气很好。\r\n\r\n我们去公园散步。\r\n".encode("utf-8"))
    en.write_text("The weather is fine today.\n\nWe go for a walk in the park.", encoding="utf-8")
    result = invoke("align", str(zh), str(en), "--segmented")
    assert result.exit_code == 0
    used = sorted(int(i) for line in result.output.split() for side in line.split(":")
                  for i in side.strip("[]").split(",") if i)
    assert used == [0, 0, 1, 1, 2, 2]


def test_a_clause_of_missing_glossary_terms_is_reported_once(tmp_path):
    # The English drops "by WHO and UNICEF": TM01 reports both terms with their
    # renderings, and OM03 no longer reports the same clause again.
    (tmp_path / "zh.txt").write_text("研究团队去年在三个省份开展了实地调查，调查得到了世界卫生组织和"
                                     "联合国儿童基金会的支持，调查持续了整整六个月。\n", encoding="utf-8")
    (tmp_path / "en.txt").write_text("Last year the research team carried out a field survey in three "
                                     "provinces, the survey was supported, and the survey lasted a "
                                     "full six months.\n", encoding="utf-8")
    (tmp_path / "glossary.tsv").write_text("zh\ten\n世界卫生组织\tWorld Health Organization|WHO\n"
                                           "联合国儿童基金会\tUNICEF\n", encoding="utf-8")
    result = invoke("check", str(tmp_path / "zh.txt"), str(tmp_path / "en.txt"),
                    "--glossary", str(tmp_path / "glossary.tsv"), "--format", "json")
    findings = validate_report_json(result.output)["findings"]
    assert [(f["code"], f["source"]["text"]) for f in findings] == [
        ("TM01", "世界卫生组织"), ("TM01", "联合国儿童基金会")]


def test_one_pair_check_leaves_the_garbage_collector_as_it_found_it(tmp_path):
    # The check pauses cyclic collection and freezes what it leaves alive (the process
    # ends next); a caller in the same process gets the collector back, after a
    # failing check too.
    import gc

    assert gc.isenabled()
    report = tmp_path / "report.json"
    result = invoke("check", ZH, EN, "--format", "json", "-o", str(report))
    assert result.exit_code in (0, 1) and json.loads(report.read_text(encoding="utf-8"))
    assert gc.isenabled()
    pdf = tmp_path / "scan.zh.txt"
    pdf.write_bytes(b"%PDF-1.4 not text")  # refused while reading, inside the check
    result = invoke("check", str(pdf), EN)
    assert result.exit_code == 2 and "PDF" in result.output and gc.isenabled()
    gc.unfreeze()
