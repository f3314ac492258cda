"""Every rule's case files, run by one parametrized test.

A case file ``tests/cases/CODE/(pass|fail)-NAME.toml`` holds ``zh``, ``en``,
``expect`` (the codes the rule must report, repeated for counts; [] for a pass
case) and optionally ``glossary`` (TSV text), ``format`` ("text" or "tsv"),
``options`` (rule options) and ``reference`` (an English reference translation,
read like ``tqc check --reference``).
"""
from __future__ import annotations

import tomllib
from itertools import zip_longest

import pytest

import tqc
from tqc.config import Config
from tqc.glossary import parse_tsv
from tqc.pipeline import run
from tqc.reading import bitext_from_texts, read_inputs

from conftest import CASES, validate_report_json

CASE_FILES = sorted(CASES.glob("*/*.toml"))


def load_case(path):
    case = tomllib.loads(path.read_text(encoding="utf-8"))
    case.setdefault("glossary", None)
    case.setdefault("format", "text")
    case.setdefault("options", {})
    case.setdefault("reference", None)
    return case


def run_case(path, tmp_path):
    code = path.parent.name
    case = load_case(path)
    config = Config(select=(code,), rule_options={code: case["options"]} if case["options"] else {})
    glossary = parse_tsv(case["glossary"], f"{path.name}:glossary") if case["glossary"] else None
    if case["format"] == "tsv":
        units = tmp_path / "units.tsv"
        rows = zip_longest(case["zh"].strip("\n").split("\n"), case["en"].strip("\n").split("\n"),
                           fillvalue="")
        units.write_text("".join(f"{zh}\t{en}\n" for zh, en in rows), encoding="utf-8")
        bitext = read_inputs(str(units))
    else:
        bitext = bitext_from_texts(case["zh"], case["en"])
    reference = None
    if case["reference"]:
        from tqc.reference import read_reference

        (tmp_path / "reference.txt").write_text(case["reference"], encoding="utf-8")
        reference = read_reference(str(tmp_path / "reference.txt"))
    return case, run(bitext, glossary, config, reference=reference)


@pytest.mark.parametrize("path", CASE_FILES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_rule_case(path, tmp_path):
    case, report = run_case(path, tmp_path)
    found = sorted(f.code for f in report.findings)
    assert found == sorted(case["expect"]), "\n".join(
        f"{f.code} {f.message}" for f in report.findings) or "no findings"
    validate_report_json(tqc.render(report, "json"))
