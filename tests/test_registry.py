"""The registry is complete: every rule has a code, a name, docs and cases."""
from __future__ import annotations

import pytest

from tqc.model import CATEGORIES, SEVERITIES
from tqc.rules import ALL_RULES, RULES_BY_CODE
from tqc.rules.base import CODE_PATTERN, NAME_PATTERN

from conftest import CASES


@pytest.mark.parametrize("rule", ALL_RULES, ids=lambda r: r.code or r.__name__)
def test_rule_is_complete(rule):
    assert CODE_PATTERN.match(rule.code), f"{rule.__name__}: bad code {rule.code!r}"
    assert NAME_PATTERN.match(rule.name), f"{rule.code}: name must be kebab-case"
    assert rule.category in CATEGORIES
    assert rule.severity in SEVERITIES
    doc = rule.documentation()
    assert doc.summary, f"{rule.code}: docstring needs a summary line"
    assert "zh:" in doc.bad and "en:" in doc.bad, f"{rule.code}: docstring needs a Bad: example"
    assert "zh:" in doc.good and "en:" in doc.good, f"{rule.code}: docstring needs a Good: example"
    cases = CASES / rule.code
    assert list(cases.glob("pass-*.toml")), f"{rule.code}: no pass case in {cases}"
    assert list(cases.glob("fail-*.toml")), f"{rule.code}: no fail case in {cases}"


def test_codes_and_names_are_unique():
    assert len(RULES_BY_CODE) == len(ALL_RULES)
    assert len({rule.name for rule in ALL_RULES}) == len(ALL_RULES)


def test_every_case_directory_is_a_rule():
    for directory in CASES.iterdir():
        if directory.is_dir():
            assert directory.name in RULES_BY_CODE, f"cases for unknown rule {directory.name}"
