"""SARIF 2.1.0 output: the official schema, stable rule ids, fingerprints, locations."""
from __future__ import annotations

import json
from importlib import resources

import pytest
from click.testing import CliRunner

from tqc.cli import main
from tqc.rules import ALL_RULES

from conftest import SHARED

SCHEMA = SHARED / "data" / "sarif" / "sarif-schema-2.1.0.json"
EXAMPLES = resources.files("tqc") / "examples"
ZH, EN, GLOSSARY = (str(EXAMPLES / name) for name in ("abstract.zh.txt", "abstract.en.txt", "glossary.tsv"))

CHINESE = "目的：研究新药的效果。\n方法：共纳入120名患者。\n结果：有效率为85%。\n结论：新药安全有效。\n"
ENGLISH = ("Objective: To study the effect of a new drug.\nMethods: A total of 102 patients were included.\n"
           "Results: The effective rate was 85%.\nConclusions: The new drug is safe and effective.\n")


def sarif(*args) -> dict:
    result = CliRunner().invoke(main, ["check", *args, "--format", "sarif"])
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.stdout)


def validate(log: dict) -> None:
    if not SCHEMA.is_file():
        pytest.skip("../shared/data/sarif is not available")
    import jsonschema

    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft4Validator(schema).validate(log)


@pytest.fixture
def pair(tmp_path):
    zh, en = tmp_path / "a.zh.txt", tmp_path / "a.en.txt"
    zh.write_text(CHINESE, encoding="utf-8")
    en.write_text(ENGLISH, encoding="utf-8")
    return zh, en


def test_example_validates_against_the_official_schema():
    validate(sarif(ZH, EN, "--glossary", GLOSSARY))


def test_batch_with_unpaired_file_and_unreadable_pair_validates(tmp_path, pair):
    (tmp_path / "b.zh.txt").write_text(CHINESE, encoding="utf-8")  # no English partner
    (tmp_path / "c.zh.txt").write_bytes(b"\x00\x01binary")
    (tmp_path / "c.en.txt").write_text(ENGLISH, encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(tmp_path), "--format", "sarif"])
    assert result.exit_code == 2  # one pair could not be read
    log = json.loads(result.stdout)
    validate(log)
    invocation = log["runs"][0]["invocations"][0]
    assert invocation["executionSuccessful"] is False
    notes = {note["descriptor"]["id"] for note in invocation["toolExecutionNotifications"]}
    assert notes == {"input-error", "unpaired-file"}


def test_rules_carry_their_documentation(pair):
    log = sarif(*map(str, pair))
    driver = log["runs"][0]["tool"]["driver"]
    assert log["version"] == "2.1.0" and driver["name"] == "tqc"
    assert [rule["id"] for rule in driver["rules"]] == [rule.code for rule in ALL_RULES]
    for descriptor, rule in zip(driver["rules"], ALL_RULES):
        doc = rule.documentation()
        assert descriptor["shortDescription"]["text"] == doc.summary
        assert descriptor["name"] == rule.name
        assert descriptor["properties"]["category"] == rule.category
        if doc.bad:
            assert doc.bad in descriptor["help"]["text"]


def test_results_point_at_source_and_target_lines(pair):
    zh, en = pair
    log = sarif(str(zh), str(en), "--select", "NU01")
    results = log["runs"][0]["results"]
    assert [result["ruleId"] for result in results] == ["NU01"]
    result = results[0]
    driver_rules = log["runs"][0]["tool"]["driver"]["rules"]
    assert driver_rules[result["ruleIndex"]]["id"] == "NU01"
    assert result["level"] == "error"
    places = [(location["physicalLocation"]["artifactLocation"]["uri"],
               location["physicalLocation"]["region"]["startLine"]) for location in result["locations"]]
    assert sorted(places) == [(en.as_uri(), 2), (zh.as_uri(), 2)]  # outside the current directory
    assert all(len(value) == 32 for value in result["partialFingerprints"].values())


def test_fingerprints_survive_an_unrelated_edit(tmp_path, pair):
    zh, en = pair
    before = sarif(str(zh), str(en))["runs"][0]["results"]
    zh.write_text("前言：本文为示例。\n\n" + CHINESE, encoding="utf-8")
    en.write_text("Preface: This is an example.\n\n" + ENGLISH, encoding="utf-8")
    after = sarif(str(zh), str(en))["runs"][0]["results"]
    assert before, "the fixture plants a number change"

    def keyed(results):
        return {(r["ruleId"], r["partialFingerprints"]["tqc/v1"]): r["locations"][0]["physicalLocation"]["region"]["startLine"]
                for r in results}

    old, new = keyed(before), keyed(after)
    assert set(old) <= set(new)
    assert all(new[key] == line + 2 for key, line in old.items())  # lines moved, fingerprints did not


def test_levels_map_info_to_note(pair):
    log = sarif(*map(str, pair), "--select", "NU01", "--config", _config(pair[0].parent, "info"))
    assert {result["level"] for result in log["runs"][0]["results"]} == {"note"}


def _config(directory, severity: str) -> str:
    path = directory / "tqc.toml"
    path.write_text(f'[rules.NU01]\nseverity = "{severity}"\n', encoding="utf-8")
    return str(path)


def test_prealigned_units_name_their_unit(tmp_path):
    tmx = tmp_path / "m.tmx"
    tmx.write_text('<?xml version="1.0"?>\n<tmx version="1.4"><header srclang="zh"/><body>\n'
                   '<tu tuid="u-7"><tuv xml:lang="zh"><seg>共有3个房间。</seg></tuv>\n'
                   '<tuv xml:lang="en"><seg>There are 4 rooms.</seg></tuv></tu>\n</body></tmx>\n',
                   encoding="utf-8")
    log = sarif(str(tmx), "--select", "NU01")
    validate(log)
    result = log["runs"][0]["results"][0]
    assert [location["physicalLocation"]["region"]["startLine"] for location in result["locations"]] in ([3, 4], [4, 3])
    assert result["locations"][0]["logicalLocations"][0]["name"] == "u-7"


def test_paths_below_the_current_directory_are_relative(pair, monkeypatch):
    monkeypatch.chdir(pair[0].parent)
    log = sarif("a.zh.txt", "a.en.txt", "--select", "NU01")
    artifact = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert artifact["uri"] in ("a.zh.txt", "a.en.txt") and artifact["uriBaseId"] == "%SRCROOT%"
