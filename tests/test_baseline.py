"""Baseline and suppressions: fingerprints that survive unrelated edits."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from tqc.baseline import (apply_baseline, apply_suppressions, finding_fingerprint, load_baseline,
                          load_suppressions, normalise_text, render_baseline)
from tqc.batch import CheckSettings, Job, check_job
from tqc.cli import main
from tqc.config import Config
from tqc.errors import InputError
from tqc.glossary import Glossary

CHINESE = ("研究共纳入120名患者。\n\n患者平均年龄为65岁。\n\n治疗后症状明显改善。\n\n"
           "随访时间为6个月。\n")
ENGLISH = ("The study included 102 patients.\n\nThe mean age of the patients was 65 years.\n\n"
           "Symptoms improved markedly after treatment.\n\nThe follow-up lasted 8 months.\n")


def invoke(*args):
    return CliRunner().invoke(main, list(args))


@pytest.fixture
def pair(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.zh.txt").write_text(CHINESE, encoding="utf-8")
    (tmp_path / "a.en.txt").write_text(ENGLISH, encoding="utf-8")
    return tmp_path


def findings(*args) -> list[dict]:
    result = invoke("check", "a.zh.txt", "a.en.txt", "--select", "NU01", "--format", "json", *args)
    return json.loads(result.stdout)["findings"]


def test_round_trip_zero_new_findings_after_an_unrelated_edit(pair):
    created = invoke("baseline", "create", "a.zh.txt", "a.en.txt", "--select", "NU01", "-o", "base.json")
    assert created.exit_code == 0, created.output
    entries = json.loads((pair / "base.json").read_text())["entries"]
    assert [entry["code"] for entry in entries] == ["NU01", "NU01"]
    assert all(entry["file"] == "a.zh.txt" and entry["count"] == 1 for entry in entries)

    # Unrelated edits: a new first paragraph and a reworded, correct sentence.
    (pair / "a.zh.txt").write_text("背景：本研究在三家医院开展。\n\n" + CHINESE.replace("明显改善", "显著改善"),
                                   encoding="utf-8")
    (pair / "a.en.txt").write_text("Background: The study was run in three hospitals.\n\n"
                                   + ENGLISH.replace("markedly", "significantly"), encoding="utf-8")
    assert len(findings()) == 2  # the known findings are still there, on other lines
    result = invoke("check", "a.zh.txt", "a.en.txt", "--select", "NU01", "--baseline", "base.json")
    assert result.exit_code == 0, result.output
    assert "0 findings" in result.stdout
    assert "2 known finding(s) hidden by the baseline, 0 stale" in result.stderr


def test_new_finding_is_reported_and_fixed_ones_are_stale(pair):
    invoke("baseline", "create", "a.zh.txt", "a.en.txt", "--select", "NU01", "-o", "base.json")
    fixed = ENGLISH.replace("102 patients", "120 patients").replace("65 years", "66 years")
    (pair / "a.en.txt").write_text(fixed, encoding="utf-8")
    result = invoke("check", "a.zh.txt", "a.en.txt", "--select", "NU01", "--baseline", "base.json",
                    "--format", "json")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert [f["source"]["text"] for f in data["findings"]] == ["患者平均年龄为65岁。"]
    assert data["summary"]["suppressed"] == {"baseline": 1, "stale": 1}


def test_baseline_path_from_config_and_counts_for_repeated_findings(pair):
    repeated_zh = CHINESE + "\n研究共纳入120名患者。\n"
    repeated_en = ENGLISH + "\nThe study included 102 patients.\n"
    (pair / "a.zh.txt").write_text(repeated_zh, encoding="utf-8")
    (pair / "a.en.txt").write_text(repeated_en, encoding="utf-8")
    (pair / "tqc.toml").write_text('baseline = "known/base.json"\nselect = ["NU01"]\n', encoding="utf-8")
    (pair / "known").mkdir()
    assert invoke("baseline", "create", "a.zh.txt", "a.en.txt").exit_code == 0
    entries = json.loads((pair / "known" / "base.json").read_text())["entries"]
    assert sorted(entry["count"] for entry in entries) == [1, 2]  # the same finding twice
    assert {entry["file"] for entry in entries} == {"../a.zh.txt"}  # relative to the baseline
    (pair / "a.zh.txt").write_text(repeated_zh + "\n研究共纳入120名患者。\n", encoding="utf-8")
    (pair / "a.en.txt").write_text(repeated_en + "\nThe study included 102 patients.\n", encoding="utf-8")
    result = invoke("check", "a.zh.txt", "a.en.txt", "--format", "json")
    assert len(json.loads(result.stdout)["findings"]) == 1  # a third copy is new


def test_fingerprint_ignores_lines_but_not_text(pair):
    settings = CheckSettings(Config(select=("NU01",)), Glossary())
    report, _ = check_job(Job("a.zh.txt", "a.en.txt"), settings)
    moved = report.findings[0]
    shifted = type(moved)(**{**vars(moved), "source": type(moved.source)(
        moved.source.segments, moved.source.text, (moved.source.line or 0) + 40, moved.source.span)})
    assert finding_fingerprint(shifted, report) == finding_fingerprint(moved, report)
    other = type(moved)(**{**vars(moved), "code": "NU02"})
    assert finding_fingerprint(other, report) != finding_fingerprint(moved, report)
    assert normalise_text(" Ｆｕｌｌ\u3000Width\n ") == "full width"


def test_baseline_in_a_batch_only_counts_files_it_checked(pair):
    (pair / "b.zh.txt").write_text("今天下雨。\n", encoding="utf-8")
    (pair / "b.en.txt").write_text("It rains today.\n", encoding="utf-8")
    settings = CheckSettings(Config(select=("NU01",)), Glossary())
    report, _ = check_job(Job("a.zh.txt", "a.en.txt"), settings)
    (pair / "base.json").write_text(render_baseline([report], "base.json", "test"), encoding="utf-8")
    baseline = load_baseline("base.json")
    other, _ = check_job(Job("b.zh.txt", "b.en.txt"), settings)
    assert apply_baseline(other, baseline).summary()["suppressed"] == {"baseline": 0, "stale": 0}


def test_suppression_file_needs_a_reason_and_matches_code_and_file(pair):
    settings = CheckSettings(Config(select=("NU01",)), Glossary())
    report, _ = check_job(Job("a.zh.txt", "a.en.txt"), settings)
    fingerprint = finding_fingerprint(report.findings[0], report)
    (pair / "s.toml").write_text(f'[[suppress]]\nfingerprint = "{fingerprint}"\n'
                                 'reason = "the English corrects a typo in the source"\n'
                                 'code = "NU01"\nfile = "a.zh.txt"\n', encoding="utf-8")
    filtered, used = apply_suppressions(report, load_suppressions("s.toml"))
    assert len(filtered.findings) == len(report.findings) - 1 and used == {0}
    assert filtered.summary()["suppressed"] == {"suppressions": 1}
    (pair / "other.toml").write_text(f'[[suppress]]\nfingerprint = "{fingerprint}"\nreason = "x"\n'
                                     'file = "b.zh.txt"\n', encoding="utf-8")
    assert apply_suppressions(report, load_suppressions("other.toml"))[1] == set()

    result = invoke("check", "a.zh.txt", "a.en.txt", "--select", "NU01", "--suppressions", "other.toml")
    assert "1 suppression entry matched nothing" in result.stderr
    (pair / "bad.toml").write_text('\n[[suppress]]\nfingerprint = "' + fingerprint + '"\n', encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_suppressions("bad.toml")
    assert caught.value.line == 2 and "reason is required" in caught.value.message
    (pair / "short.toml").write_text('[[suppress]]\nfingerprint = "abc"\nreason = "r"\n', encoding="utf-8")
    result = invoke("check", "a.zh.txt", "a.en.txt", "--suppressions", "short.toml")
    assert result.exit_code == 2 and "32 hex digits" in result.stderr


def test_bad_baseline_files_are_input_errors(pair):
    assert "no such baseline" in invoke("check", "a.zh.txt", "a.en.txt", "--baseline", "none.json").stderr
    (pair / "x.json").write_text('{"entries": []}', encoding="utf-8")
    result = invoke("check", "a.zh.txt", "a.en.txt", "--baseline", "x.json")
    assert result.exit_code == 2 and "not a tqc baseline" in result.stderr


def test_inline_markers_in_po_comments(tmp_path):
    po = tmp_path / "m.po"
    po.write_text('msgid ""\nmsgstr ""\n"Language: en\\n"\n\n'
                  '# tqc: ignore[NU01] prices differ by market\nmsgid "价格为5元。"\nmsgstr "The price is 6 yuan."\n\n'
                  'msgid "共3件。"\nmsgstr "4 items in all."\n', encoding="utf-8")
    result = invoke("check", str(po), "--select", "NU01", "--format", "json")
    data = json.loads(result.stdout)
    assert [f["source"]["text"] for f in data["findings"]] == ["共3件。"]
    assert data["summary"]["suppressed"] == {"inline": 1}
