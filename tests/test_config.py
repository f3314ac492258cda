"""Configuration: discovery, validation with key paths, presets, provenance (config show)."""
from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

import pytest
from click.testing import CliRunner

from tqc.cli import main
from tqc.config import DEFAULT_PAIRS, describe, load_settings, preset_names
from tqc.errors import InputError
from tqc.rules import ALL_RULES

REPO = Path(__file__).resolve().parents[1]


def invoke(*args):
    return CliRunner().invoke(main, list(args))


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_found_by_walking_up_with_paths_relative_to_the_file(tmp_path, monkeypatch):
    write(tmp_path / "tqc.toml", 'fail-on = "warning"\nglossaries = ["terms/g.tsv", "@intl-orgs"]\n'
                                 'baseline = "ci/base.json"\n')
    monkeypatch.chdir(write(tmp_path / "a" / "b" / "x.txt", "").parent)
    config = load_settings()
    assert config.fail_on == "warning" and config.source == str(tmp_path / "tqc.toml")
    assert config.glossaries == (os.path.join("..", "..", "terms", "g.tsv"), "@intl-orgs")
    assert config.baseline == os.path.join("..", "..", "ci", "base.json")
    assert config.origin("fail-on") == str(tmp_path / "tqc.toml") and config.origin("jobs") == "default"


def test_pyproject_table_and_explicit_config(tmp_path, monkeypatch):
    write(tmp_path / "pyproject.toml", '[project]\nname = "x"\n[tool.tqc]\njobs = 3\n')
    monkeypatch.chdir(tmp_path)
    assert load_settings().jobs == 3
    other = write(tmp_path / "other.toml", "jobs = 5\n")
    assert load_settings(str(other)).jobs == 5


@pytest.mark.parametrize("text, message", [
    ('fail_on = "never"\n', "fail_on: unknown key (did you mean 'fail-on'?)"),
    ('fail-on = "sometimes"\n', "fail-on: must be one of error, warning, info, never"),
    ("min-confidence = 2\n", "min-confidence: must be a number from 0 to 1"),
    ('select = ["XX"]\n', "select: 'XX' matches no rule"),
    ("jobs = 0\n", "jobs: must be a whole number of at least 1"),
    ('format = "pdf"\n', "format: must be one of"),
    ('preset = "strict"\n', "preset: no preset 'strict'"),
    ('pairs = [["{name}.zh", "{name}.en", "x"]]\n', "pairs: must be a list of [zh, en] pattern pairs"),
    ('pairs = [["zh/*", "en/{name}"]]\n', "pairs: pattern 'zh/*' must contain {name} exactly once"),
    ('[outputs]\npdf = "x.pdf"\n', "outputs.pdf: no such format"),
    ('[category-severity]\nstyle = "error"\n', "category-severity.style: no such category"),
    ('[category-severity]\nnumber = "fatal"\n', "category-severity.number: must be one of info, warning, error"),
    ('[rules.TM99]\nseverity = "error"\n', "rules.TM99: no such rule"),
    ('[rules.NU01]\nseverity = "loud"\n', "rules.NU01.severity: must be one of info, warning, error"),
    ('[rules.NU01]\nshout = true\n', "rules.NU01.shout: unknown option"),
    ('[rules.UN02]\nthreshold = "high"\n', "rules.UN02.threshold: must be a number"),
    ("rules = 3\n", "rules: must be a table of rule codes"),
])
def test_bad_keys_and_values_name_the_key_path(tmp_path, text, message):
    path = write(tmp_path / "tqc.toml", text)
    with pytest.raises(InputError) as caught:
        load_settings(str(path))
    assert message in caught.value.message
    assert caught.value.path == str(path)


def test_bad_key_in_pyproject_shows_the_full_path_and_exits_2(tmp_path, monkeypatch):
    write(tmp_path / "pyproject.toml", "[tool.tqc.rules.NU01]\nseverity = 1\n")
    write(tmp_path / "a.txt", "你好。\nHello.\n")
    monkeypatch.chdir(tmp_path)
    result = invoke("check", "a.txt")
    assert result.exit_code == 2
    assert "tool.tqc.rules.NU01.severity: must be one of" in result.stderr


def test_presets_ship_with_the_package_and_are_documented():
    assert preset_names() == ("abstract-audit", "ci-glossary", "editor-review")
    shipped = resources.files("tqc").joinpath("data", "presets")
    readme = (REPO / "rules" / "presets" / "README.md").read_text(encoding="utf-8")
    for name in preset_names():
        assert shipped.joinpath(f"{name}.toml").is_file()
        assert f"`{name}`" in readme
        load_settings(preset=name, search=False)  # valid


def test_preset_severities():
    severities = {}
    for name in preset_names():
        config = load_settings(preset=name, search=False)
        severities[name] = {rule.code: config.severity.get(rule.code, rule.severity) for rule in ALL_RULES}
    ci = severities["ci-glossary"]
    assert {code for code, level in ci.items() if level == "error"} == \
        {rule.code for rule in ALL_RULES if rule.category == "terminology"}
    assert set(ci.values()) == {"error", "warning"}
    audit = severities["abstract-audit"]
    assert {code for code, level in audit.items() if level == "error"} == \
        {rule.code for rule in ALL_RULES if rule.category in ("omission", "truncation", "number")} | {"ST01"}
    review = load_settings(preset="editor-review", search=False)
    assert review.fail_on == "never" and review.severity == {} and review.min_confidence == 0.0
    assert any(rule.severity == "info" for rule in ALL_RULES)  # so info findings do show


def test_layers_file_over_preset_and_command_line_over_both(tmp_path, monkeypatch):
    write(tmp_path / "tqc.toml", 'preset = "ci-glossary"\n[rules.TM03]\nseverity = "info"\n'
                                 '[category-severity]\nnumber = "error"\n')
    monkeypatch.chdir(tmp_path)
    config = load_settings()
    assert config.severity["TM03"] == "info" and config.severity["TM01"] == "error"
    assert config.severity["NU01"] == "error" and config.severity["OM01"] == "warning"
    assert config.origin("severity.TM03") == f"{tmp_path / 'tqc.toml'} (rules.TM03.severity)"
    assert config.origin("severity.OM01") == 'preset ci-glossary (category-severity.*)'
    overridden = load_settings(preset="editor-review")
    assert overridden.preset == "editor-review" and overridden.origin("preset") == "command line"
    assert overridden.severity["TM03"] == "info" and "TM01" not in overridden.severity


def test_config_show_prints_values_and_origins(tmp_path, monkeypatch):
    write(tmp_path / "tqc.toml", 'fail-on = "warning"\npairs = [["{name}_zh.txt", "{name}_en.txt"]]\n')
    monkeypatch.chdir(tmp_path)
    result = invoke("config", "show", "--preset", "ci-glossary")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    config_file = str(tmp_path / "tqc.toml")

    def line(prefix: str) -> str:
        return next(text for text in lines if text.startswith(prefix))

    assert line('fail-on = "warning"').endswith(f"# {config_file}")
    assert line('pairs = [["{name}_zh.txt"').endswith(f"# {config_file}")
    assert line('preset = "ci-glossary"').endswith("# command line")
    assert line('rules.TM01.severity = "error"').endswith("# preset ci-glossary (category-severity.terminology)")
    assert line("jobs = 1").endswith("# default")
    assert line("# baseline is not set")


def test_describe_lists_every_rule_and_defaults():
    text = describe(load_settings(search=False))
    for rule in ALL_RULES:
        assert f"rules.{rule.code}.severity" in text
    assert str([list(pair) for pair in DEFAULT_PAIRS]).replace("'", '"') in text


def test_command_line_values_are_recorded(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    config = load_settings().with_overrides(fail_on="never", jobs=None)
    assert config.origin("fail-on") == "command line" and config.origin("jobs") == "default"
